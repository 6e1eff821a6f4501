using Infirmary.Laboratory;
using Infirmary.Patients;
using Infirmary.Pharmacy;
using Infirmary.Physics;
using Infirmary.Workforce;
using Infirmary.Scheduling;
using Infirmary.Web.Platform;

var builder = WebApplication.CreateBuilder(HostArguments.Prepare(args));
builder.AddInfirmaryPlatform();
builder.AddPatientsModule();
builder.AddLaboratoryModule();
builder.AddPharmacyModule();
builder.AddPhysicsModule();
builder.AddWorkforceModule();
builder.AddSchedulingModule();

var app = builder.Build();
app.UseInfirmaryPlatform();
app.MapInfirmaryPlatform();
app.MapPatientsEndpoints();
app.MapLaboratoryEndpoints();
app.MapPharmacyEndpoints();
app.MapPhysicsEndpoints();
app.MapWorkforceEndpoints();
app.MapSchedulingEndpoints();
app.MapInfirmaryPages();

await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
