using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FhirPatient = Hl7.Fhir.Model.Patient;
using Patient = Infirmary.Patients.Domain.Patient;
using Task = System.Threading.Tasks.Task;

namespace Infirmary.Patients.Features;

/// <summary>FHIR R4 Patient: read, vread, search, create (with If-None-Exist) and update (with If-Match).</summary>
public static class PatientsFhir
{
    public static readonly FhirResourceCapability Capability = new(
        "Patient",
        ["read", "vread", "history-instance", "search-type", "create", "update"],
        [
            ("identifier", "token", "An NHS number (https://fhir.nhs.uk/Id/nhs-number|9434765919) or hospital number (https://infirmary.nhs.example/Id/hospital-number|H0001234)"),
            ("family", "string", "Family name (starts with, any case)"),
            ("given", "string", "Given name (starts with, any case)"),
            ("birthdate", "date", "Date of birth (YYYY-MM-DD, eq only)"),
        ],
        ConditionalCreate: true,
        Profile: "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient");

    public static void MapPatientsFhir(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{KnownRoutes.Fhir}/Patient").WithTags("FHIR").ExcludeFromDescription();
        group.MapGet("/{id}", Read).RequirePermission(Permissions.PatientsRead);
        group.MapGet("/{id}/_history/{vid}", VRead).RequirePermission(Permissions.PatientsRead);
        group.MapGet("/{id}/_history", PatientRecordFhir.HistoryAsync).RequirePermission(Permissions.PatientsRead);
        group.MapGet("/{id}/$everything", PatientRecordFhir.EverythingAsync).RequirePermission(Permissions.PatientsRead);
        group.MapPost("/$match", PatientRecordFhir.MatchAsync).RequirePermission(Permissions.PatientsRead);
        group.MapGet("/", Search).RequirePermission(Permissions.PatientsRead);
        group.MapPost("/", Create).RequirePermission(Permissions.PatientsWrite);
        group.MapPut("/{id}", Update).RequirePermission(Permissions.PatientsWrite);
        group.MapPost("/$merge", PatientMergeFhir.MergeAsync).RequirePermission(Permissions.PatientsMerge);
    }

    private static string Version(Patient p) => p.Version.ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset Modified(Patient p) => new(DateTime.SpecifyKind(p.UpdatedAt, DateTimeKind.Utc));

    private static readonly ILookup<Guid, Guid> NoReplaces = Array.Empty<Guid>().ToLookup(id => id);

    /// <summary>Ids of the records merged into these ones, for their <c>replaces</c> links.</summary>
    internal static async Task<ILookup<Guid, Guid>> ReplacesAsync(InfirmaryDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var rows = await db.Set<Patient>().AsNoTracking()
            .Where(p => p.ReplacedById != null && ids.Contains(p.ReplacedById.Value))
            .Select(p => new { Survivor = p.ReplacedById!.Value, p.Id })
            .ToListAsync(ct);
        return rows.ToLookup(r => r.Survivor, r => r.Id);
    }

    internal static async Task<List<PatientIdentifier>> OtherIdentifiersAsync(InfirmaryDbContext db, Guid patientId, CancellationToken ct) =>
        await db.Set<PatientIdentifier>().AsNoTracking().Where(i => i.PatientId == patientId).OrderBy(i => i.Id).ToListAsync(ct);

    private static async Task<IResult> Read(string id, GetPatient handler, InfirmaryDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return FhirResults.NotFound("Patient", id);
        }

        var result = await handler.HandleAsync(guid, ct);
        return result.Status switch
        {
            ReadStatus.Found => FhirResults.Ok(
                PatientFhirMapper.ToFhir(result.Patient!, (await ReplacesAsync(db, [guid], ct))[guid], await OtherIdentifiersAsync(db, guid, ct)),
                Version(result.Patient!), Modified(result.Patient!)),
            ReadStatus.NotFound => FhirResults.NotFound("Patient", id),
            _ => FhirResults.Forbidden("This is a restricted record; your access does not extend to it."),
        };
    }

    private static async Task<IResult> VRead(string id, string vid, GetPatient handler, InfirmaryDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid) || !int.TryParse(vid, out var version))
        {
            return FhirResults.NotFound("Patient", $"{id}/_history/{vid}");
        }

        // The current record decides access (and audits the read); the snapshot supplies the old content.
        var current = await handler.HandleAsync(guid, ct);
        if (current.Status != ReadStatus.Found)
        {
            return current.Status == ReadStatus.NotFound
                ? FhirResults.NotFound("Patient", id)
                : FhirResults.Forbidden("This is a restricted record; your access does not extend to it.");
        }

        var snapshot = await db.Set<PatientVersion>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.PatientId == guid && v.Version == version, ct);
        if (snapshot is null)
        {
            return FhirResults.NotFound("Patient", $"{id}/_history/{vid}");
        }

        var details = PatientHistory.Read(snapshot.Snapshot);
        var old = new Patient { Id = guid, Version = version, UpdatedAt = snapshot.RecordedAt, Active = current.Patient!.Active };
        old.Apply(details);
        return FhirResults.Ok(PatientFhirMapper.ToFhir(old), vid, new DateTimeOffset(DateTime.SpecifyKind(snapshot.RecordedAt, DateTimeKind.Utc)));
    }

    private static async Task<IResult> Search(HttpContext http, SearchPatients handler, UnitOfWork unit, CancellationToken ct)
    {
        var query = new PatientQuery();
        var problems = new List<string>();
        foreach (var (key, values) in http.Request.Query)
        {
            var value = values.ToString();
            switch (key)
            {
                case "identifier":
                    var bar = value.IndexOf('|', StringComparison.Ordinal);
                    var system = bar >= 0 ? value[..bar] : null;
                    var token = bar >= 0 ? value[(bar + 1)..] : value;
                    if (system == PatientIdentifiers.HospitalNumberSystem || (system is null && PatientIdentifiers.NormaliseHospitalNumber(token) is not null))
                    {
                        query.HospitalNumber = token;
                    }
                    else if (system is null or KnownIdentifierSystems.NhsNumber)
                    {
                        query.NhsNumber = token;
                    }
                    else
                    {
                        problems.Add($"identifier: only the systems {KnownIdentifierSystems.NhsNumber} and {PatientIdentifiers.HospitalNumberSystem} are searchable.");
                    }

                    break;
                case "family":
                    query.Family = value;
                    break;
                case "given":
                    query.Given = value;
                    break;
                case "birthdate":
                    var raw = value.StartsWith("eq", StringComparison.Ordinal) ? value[2..] : value;
                    if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    {
                        query.BirthDate = d;
                    }
                    else
                    {
                        problems.Add("birthdate: give a full date as YYYY-MM-DD (optionally prefixed eq).");
                    }

                    break;
                case "_count":
                    if (int.TryParse(value, out var count) && count is >= 1 and <= SearchPatients.MaxLimit)
                    {
                        query.Limit = count;
                    }
                    else
                    {
                        problems.Add($"_count: a number from 1 to {SearchPatients.MaxLimit}.");
                    }

                    break;
                case "_format":
                    break;
                default:
                    problems.Add($"{key}: this search parameter is not supported for Patient.");
                    break;
            }
        }

        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported, problems);
        }

        var result = await handler.HandleAsync(query, ct);
        if (result.Errors.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, result.Errors.SelectMany(e => e.Value));
        }

        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}";
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Bundle.BundleType.Searchset,
            Total = result.Patients.Count,
            Timestamp = DateTimeOffset.UtcNow,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/Patient{http.Request.QueryString}" }],
        };

        // Restricted records are left out of FHIR results: a resource cannot be half shown.
        // The search said which records others were merged into; only those need their replaces links read (and only
        // then is the request's context constructed, ADR 0156).
        var merged = result.VisibleRecords.Where(p => result.HaveMergedRecords.Contains(p.Id)).Select(p => p.Id).ToList();
        var replaces = merged.Count == 0 ? NoReplaces : await ReplacesAsync(unit.Context, merged, ct);
        foreach (var p in result.VisibleRecords)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/Patient/{p.Id}",
                Resource = PatientFhirMapper.ToFhir(p, replaces[p.Id]),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        bundle.Total = bundle.Entry.Count;
        return FhirResults.Ok(bundle);
    }

    private static async Task<IResult> Create(HttpContext http, RegisterPatient handler, InfirmaryDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var (fp, error) = await FhirRequest.ReadAsync<FhirPatient>(http.Request);
        if (error is not null)
        {
            return error;
        }

        var ifNoneExist = http.Request.Headers[KnownHeaders.IfNoneExist].ToString();
        if (!string.IsNullOrWhiteSpace(ifNoneExist))
        {
            var existing = await ConditionalMatchAsync(ifNoneExist, db, ct);
            if (existing.Error is not null)
            {
                return existing.Error;
            }

            if (existing.Matches.Count > 1)
            {
                return FhirResults.PreconditionFailed("If-None-Exist matched more than one patient.");
            }

            if (existing.Matches.Count == 1)
            {
                var found = existing.Matches[0];
                await audit.RecordAsync(AuditAction.Read, $"Patient/{found.Id}", found.Id, AuditOutcome.Success, "conditional create matched an existing record", ct);
                return FhirResults.Ok(PatientFhirMapper.ToFhir(found), Version(found), Modified(found));
            }
        }

        var (details, problems) = PatientFhirMapper.FromFhir(fp!);
        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, problems);
        }

        var result = await handler.HandleAsync(details, ct);
        return result.Status switch
        {
            RegisterStatus.Created => FhirResults.Created(
                PatientFhirMapper.ToFhir(result.Patient!),
                $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}/Patient/{result.Patient!.Id}/_history/{result.Patient.Version}",
                Version(result.Patient), Modified(result.Patient)),
            RegisterStatus.DuplicateNhsNumber when !string.IsNullOrWhiteSpace(ifNoneExist) && result.ExistingId is { } winner
                && await db.Set<Patient>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == winner, ct) is { } raced =>
                FhirResults.Ok(PatientFhirMapper.ToFhir(raced), Version(raced), Modified(raced)),
            RegisterStatus.DuplicateNhsNumber => FhirResults.Error(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Duplicate,
                "A patient with this NHS number is already registered. Use If-None-Exist to have the existing record returned.", "Patient.identifier"),
            _ => Invalid(result.Errors),
        };
    }

    private static async Task<IResult> Update(string id, HttpContext http, UpdatePatient handler, CancellationToken ct)
    {
        var (fp, error) = await FhirRequest.ReadAsync<FhirPatient>(http.Request);
        if (error is not null)
        {
            return error;
        }

        if (fp!.Id != id)
        {
            return FhirResults.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                "The resource id must match the id in the URL.", "Patient.id");
        }

        if (!Guid.TryParse(id, out var guid))
        {
            return FhirResults.Error(StatusCodes.Status405MethodNotAllowed, OperationOutcome.IssueType.NotSupported,
                "Update as create is not supported: create the patient with POST.");
        }

        if (!FhirETag.TryReadIfMatch(http.Request, out var expected))
        {
            return FhirResults.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, "If-Match must be W/\"<versionId>\".");
        }

        var (details, problems) = PatientFhirMapper.FromFhir(fp!);
        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, problems);
        }

        var result = await handler.HandleAsync(guid, expected, details, ct);
        return result.Status switch
        {
            UpdateStatus.Updated => FhirResults.Ok(PatientFhirMapper.ToFhir(result.Patient!), Version(result.Patient!), Modified(result.Patient!)),
            UpdateStatus.NotFound => FhirResults.Error(StatusCodes.Status405MethodNotAllowed, OperationOutcome.IssueType.NotSupported,
                $"Patient/{id} does not exist and update as create is not supported."),
            UpdateStatus.Stale => FhirResults.PreconditionFailed(result.Errors["version"][0]),
            UpdateStatus.DuplicateNhsNumber => FhirResults.Error(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Duplicate,
                result.Errors["nhsNumber"][0], "Patient.identifier"),
            UpdateStatus.NeedsBreakGlass or UpdateStatus.Denied => FhirResults.Forbidden("You may not change this record."),
            _ => Invalid(result.Errors),
        };
    }

    private static FhirResult Invalid(IDictionary<string, string[]> errors)
    {
        var outcome = new OperationOutcome();
        foreach (var (field, messages) in errors)
        {
            foreach (var m in messages)
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.Invalid,
                    Diagnostics = m,
                    Expression = [PatientFhirMapper.ElementFor(field)],
                });
            }
        }

        return new FhirResult(outcome, StatusCodes.Status400BadRequest);
    }

    private static async Task<(List<Patient> Matches, FhirResult? Error)> ConditionalMatchAsync(string criteria, InfirmaryDbContext db, CancellationToken ct)
    {
        // Only the identifier is a safe basis for "does this patient already exist".
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(criteria.StartsWith('?') ? criteria : "?" + criteria);
        if (parsed.Count != 1 || !parsed.TryGetValue("identifier", out var idValue))
        {
            return ([], FhirResults.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                "If-None-Exist supports only identifier=https://fhir.nhs.uk/Id/nhs-number|<number>."));
        }

        var value = idValue.ToString();
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0 || value[..bar] != KnownIdentifierSystems.NhsNumber || NhsNumber.Normalise(value[(bar + 1)..]) is not { } nhs)
        {
            return ([], FhirResults.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                "If-None-Exist: give identifier=https://fhir.nhs.uk/Id/nhs-number|<10-digit NHS number>."));
        }

        var matches = await db.Set<Patient>().AsNoTracking().Where(p => p.NhsNumber == nhs).ToListAsync(ct);
        return (matches, null);
    }
}
