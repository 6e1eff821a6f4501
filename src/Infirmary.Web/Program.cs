using Infirmary.Patients;
using Infirmary.Physics;
using Infirmary.Web.Platform;

var builder = WebApplication.CreateBuilder(HostArguments.Prepare(args));
builder.AddInfirmaryPlatform();
builder.AddPatientsModule();
builder.AddPhysicsModule();

var app = builder.Build();
app.UseInfirmaryPlatform();
app.MapInfirmaryPlatform();
app.MapPatientsEndpoints();
app.MapPhysicsEndpoints();
app.MapInfirmaryPages();

await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
