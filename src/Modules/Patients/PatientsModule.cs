using Infirmary.Patients.Data;
using Infirmary.Patients.Domain;
using Infirmary.Patients.Features;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

    /// <summary>Banners of several patients at once (a clinic list); unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<Guid, PatientBannerModel>> GetBannersAsync(IReadOnlyCollection<Guid> patientIds, CancellationToken ct);

    /// <summary>Whether the patient exists and can be booked (active, not deceased); no demographic detail.</summary>
    Task<PatientStatus?> GetStatusAsync(Guid patientId, CancellationToken ct);

    /// <summary>
    /// The same status as a query (no rows when there is no such patient) on the caller's own unit of work, for a module
    /// to fold into a query of its own so that its checks take one round trip (a booking's, ADR 0150).
    /// </summary>
    IQueryable<PatientStatusRow> StatusQuery(Guid patientId);

    /// <summary>The patient with this NHS number (spaces allowed), if one is registered.</summary>
    Task<Guid?> FindByNhsNumberAsync(string nhsNumber, CancellationToken ct);

    /// <summary>How to reach the patient (name, phone, postal address) for appointment reminders; no clinical detail.</summary>
    Task<PatientContact?> GetContactAsync(Guid patientId, CancellationToken ct);
}

/// <summary>A patient's name, telephone and postal address as recorded, and whether the record is in use.</summary>
public sealed record PatientContact(Guid PatientId, string? Title, string GivenName, string FamilyName, string? Phone,
    string? AddressLine1, string? AddressLine2, string? Town, string? Postcode, bool Active, DateOnly? DateOfDeath);

/// <summary>What another module needs to know before acting for a patient: is the record active, have they died.</summary>
public sealed record PatientStatus(Guid PatientId, bool Active, DateOnly? DateOfDeath)
{
    public bool Deceased => DateOfDeath is not null;
}

/// <summary>One row of <see cref="IPatientDirectory.StatusQuery"/>: whether the record is in use and when the patient died.</summary>
public sealed class PatientStatusRow
{
    public bool Active { get; init; }

    public DateOnly? DateOfDeath { get; init; }
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

        return await BannerAsync(p, ct);
    }

    public async Task<IReadOnlyDictionary<Guid, PatientBannerModel>> GetBannersAsync(IReadOnlyCollection<Guid> patientIds, CancellationToken ct)
    {
        var ids = patientIds.Distinct().ToList();
        var found = await db.Set<Patient>().AsNoTracking().Where(x => ids.Contains(x.Id)).ToListAsync(ct);
        var banners = new Dictionary<Guid, PatientBannerModel>(found.Count);
        foreach (var p in found)
        {
            banners[p.Id] = await BannerAsync(p, ct);
        }

        return banners;
    }

    public async Task<PatientStatus?> GetStatusAsync(Guid patientId, CancellationToken ct) =>
        await db.Set<Patient>().AsNoTracking().Where(x => x.Id == patientId)
            .Select(x => new PatientStatus(x.Id, x.Active, x.DateOfDeath)).FirstOrDefaultAsync(ct);

    public IQueryable<PatientStatusRow> StatusQuery(Guid patientId) =>
        db.Set<Patient>().AsNoTracking().Where(x => x.Id == patientId).Select(x => new PatientStatusRow { Active = x.Active, DateOfDeath = x.DateOfDeath });

    public async Task<Guid?> FindByNhsNumberAsync(string nhsNumber, CancellationToken ct) =>
        NhsNumber.Normalise(nhsNumber) is { } nhs
            ? await db.Set<Patient>().AsNoTracking().Where(x => x.NhsNumber == nhs).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct)
            : null;

    public async Task<PatientContact?> GetContactAsync(Guid patientId, CancellationToken ct) =>
        await db.Set<Patient>().AsNoTracking().Where(x => x.Id == patientId)
            .Select(x => new PatientContact(x.Id, x.Title, x.GivenName, x.FamilyName, x.Phone, x.AddressLine1, x.AddressLine2, x.Town, x.Postcode, x.Active, x.DateOfDeath))
            .FirstOrDefaultAsync(ct);

    // Other modules show this banner too: a restricted record stays restricted there until the glass is broken.
    private async Task<PatientBannerModel> BannerAsync(Patient p, CancellationToken ct) =>
        await access.DecideAsync(p.Id, p.Sensitive, ct) == PatientAccessDecision.Allowed
            ? PatientsModule.Banner(p)
            : new PatientBannerModel(p.Id, "Restricted record", null, null, string.Empty, ["Restricted record"]);
}

public static class PatientsModule
{
    public static IHostApplicationBuilder AddPatientsModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModelContributor, PatientsModel>();
        builder.Services.AddSingleton<IModelContributor, RecordsModel>();
        builder.Services.AddSingleton(PatientsFhir.Capability);
        builder.Services.AddScoped<HospitalNumbers>();
        builder.Services.AddScoped<RegisterPatient>();
        builder.Services.AddScoped<SearchPatients>();
        builder.Services.AddScoped<GetPatient>();
        builder.Services.AddScoped<UpdatePatient>();
        builder.Services.AddScoped<FindPossibleDuplicates>();
        builder.Services.AddScoped<PatientMerges>();
        builder.Services.AddScoped<FhirTransaction>();
        builder.Services.AddScoped<PatientEverything>();
        builder.Services.AddScoped<PatientResults>();
        builder.Services.AddScoped<IStoredFhirResources, StoredFhirResources>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, StoredResourceMatcherPolicy>());
        builder.Services.AddScoped<AccessRequests>();
        foreach (var capability in StoredResourcesFhir.Capabilities)
        {
            builder.Services.AddSingleton(capability);
        }

        builder.Services.AddOptions<CaseNoteOptions>().BindConfiguration(CaseNoteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<CaseNoteTracking>();
        builder.Services.AddScoped<IPatientCompartmentSource, CaseNotesCompartment>();
        builder.Services.AddSingleton(CaseNotesFhir.Capability);
        builder.Services.AddScoped<ICaseNoteLocations, CaseNoteLocations>();
        builder.Services.AddScoped<IPatientDirectory, PatientDirectory>();
        builder.Services.AddScoped<IPatientIndexFeed, PatientIndexFeed>();
        builder.Services.AddScoped<PatientsDemoData>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPatientsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPatientMergesApi();
        app.MapCaseNotesApi();
        app.MapCaseNotesFhir();
        app.MapPatientsApi();
        app.MapPatientsFhir();
        app.MapStoredResourcesFhir();
        app.MapAccessRequestsApi();
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

        if (p.DateOfDeath is { } died)
        {
            flags.Add($"Deceased {UkFormat.Date(died)}");
        }

        return new PatientBannerModel(p.Id, p.DisplayName, p.NhsNumber, p.BirthDate, p.Sex.ToString(), flags, p.HospitalNumber);
    }
}
