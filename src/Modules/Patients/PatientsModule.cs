using Infirmary.Patients.Data;
using Infirmary.Patients.Domain;
using Infirmary.Patients.Features;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infirmary.Patients;

/// <summary>
/// The Patients module's public surface for other modules: look up a banner by id. Other modules never query the
/// patients table themselves.
/// </summary>
public interface IPatientDirectory
{
    Task<PatientBannerModel?> GetBannerAsync(Guid patientId, CancellationToken ct);
}

internal sealed class PatientDirectory(InfirmaryDbContext db, PatientAccess access) : IPatientDirectory
{
    public async Task<PatientBannerModel?> GetBannerAsync(Guid patientId, CancellationToken ct)
    {
        var p = await db.Set<Patient>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == patientId, ct);
        if (p is null)
        {
            return null;
        }

        // Other modules show this banner too: a restricted record stays restricted there until the glass is broken.
        return await access.DecideAsync(p.Id, p.Sensitive, ct) == PatientAccessDecision.Allowed
            ? PatientsModule.Banner(p)
            : new PatientBannerModel(p.Id, "Restricted record", null, null, string.Empty, ["Restricted record"]);
    }
}

public static class PatientsModule
{
    public static IHostApplicationBuilder AddPatientsModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModelContributor, PatientsModel>();
        builder.Services.AddSingleton(PatientsFhir.Capability);
        builder.Services.AddScoped<RegisterPatient>();
        builder.Services.AddScoped<SearchPatients>();
        builder.Services.AddScoped<GetPatient>();
        builder.Services.AddScoped<UpdatePatient>();
        builder.Services.AddScoped<FindPossibleDuplicates>();
        builder.Services.AddScoped<PatientMerges>();
        builder.Services.AddOptions<CaseNoteOptions>().BindConfiguration(CaseNoteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<CaseNoteTracking>();
        builder.Services.AddScoped<ICaseNoteLocations, CaseNoteLocations>();
        builder.Services.AddScoped<IPatientDirectory, PatientDirectory>();
        builder.Services.AddScoped<PatientsDemoData>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPatientsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPatientMergesApi();
        app.MapCaseNotesApi();
        app.MapPatientsApi();
        app.MapPatientsFhir();
        return app;
    }

    public static PatientBannerModel Banner(Patient p)
    {
        var flags = new List<string>();
        if (p.Sensitive)
        {
            flags.Add("Restricted record");
        }

        if (p.NhsNumber is null)
        {
            flags.Add("NHS number not known");
        }

        if (!p.Active)
        {
            flags.Add("Inactive");
        }

        return new PatientBannerModel(p.Id, p.DisplayName, p.NhsNumber, p.BirthDate, p.Sex.ToString(), flags);
    }
}
