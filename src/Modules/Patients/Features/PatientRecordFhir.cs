using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Infirmary.Matching;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Patient = Infirmary.Patients.Domain.Patient;

namespace Infirmary.Patients.Features;

/// <summary>
/// The whole record over FHIR: <c>Patient/{id}/_history</c> (every version), <c>Patient/{id}/$everything</c> (the
/// record and everything stored about the person — the export behind a subject access request) and
/// <c>Patient/$match</c> (candidates scored by the record-linkage engine). ADR 0046.
/// </summary>
public static partial class PatientRecordFhir
{
    public const string MatchGradeExtension = "http://hl7.org/fhir/StructureDefinition/match-grade";

    [GeneratedRegex(@"^([A-Z][A-Za-z]+)/([0-9a-fA-F-]{36})$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalReference();

    internal static async Task<IResult> HistoryAsync(string id, HttpContext http, GetPatient handler, InfirmaryDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return FhirResults.NotFound("Patient", id);
        }

        var current = await handler.HandleAsync(guid, ct);
        if (current.Status != ReadStatus.Found)
        {
            return current.Status == ReadStatus.NotFound
                ? FhirResults.NotFound("Patient", id)
                : FhirResults.Forbidden("This is a restricted record; your access does not extend to it.");
        }

        var versions = await db.Set<PatientVersion>().AsNoTracking().Where(v => v.PatientId == guid)
            .OrderByDescending(v => v.Version).ToListAsync(ct);
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}";
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Bundle.BundleType.History,
            Timestamp = DateTimeOffset.UtcNow,
            Total = versions.Count,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/Patient/{id}/_history" }],
        };
        foreach (var v in versions)
        {
            var old = new Patient { Id = guid, Version = v.Version, UpdatedAt = v.RecordedAt, Active = current.Patient!.Active };
            old.Apply(PatientHistory.Read(v.Snapshot));
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/Patient/{id}",
                Resource = PatientFhirMapper.ToFhir(old),
                Request = new Bundle.RequestComponent
                {
                    Method = v.Version == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT,
                    Url = v.Version == 1 ? "Patient" : $"Patient/{id}",
                },
                Response = new Bundle.ResponseComponent
                {
                    Status = v.Version == 1 ? "201 Created" : "200 OK",
                    Etag = FhirETag.Format(v.Version.ToString(CultureInfo.InvariantCulture)),
                    LastModified = new DateTimeOffset(DateTime.SpecifyKind(v.RecordedAt, DateTimeKind.Utc)),
                },
            });
        }

        return FhirResults.Ok(bundle);
    }

    internal static async Task<IResult> EverythingAsync(string id, HttpContext http, PatientEverything everything, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return FhirResults.NotFound("Patient", id);
        }

        var result = await everything.HandleAsync(guid, $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}", ct);
        return result.Status switch
        {
            ReadStatus.Found => new RawFhirResult(result.Bundle!, StatusCodes.Status200OK, null),
            ReadStatus.NotFound => FhirResults.NotFound("Patient", id),
            _ => FhirResults.Forbidden("This is a restricted record; your access does not extend to it."),
        };
    }

    internal static async Task<IResult> MatchAsync(HttpContext http, FindPossibleDuplicates finder, InfirmaryDbContext db, CancellationToken ct)
    {
        var (parameters, error) = await FhirRequest.ReadAsync<Parameters>(http.Request);
        if (error is not null)
        {
            return error;
        }

        var problems = new List<string>();
        var patients = parameters!.Parameter.Where(p => p.Name == "resource").Select(p => p.Resource).ToList();
        if (patients.Count != 1 || patients[0] is not Hl7.Fhir.Model.Patient probe)
        {
            return FhirResults.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required,
                "Give exactly one Patient in the parameter 'resource'.", "Parameters.parameter.resource");
        }

        var onlyCertain = parameters.Parameter.FirstOrDefault(p => p.Name == "onlyCertainMatches")?.Value is FhirBoolean { Value: true };
        var count = 5;
        if (parameters.Parameter.FirstOrDefault(p => p.Name == "count")?.Value is { } c)
        {
            if (c is Integer { Value: >= 1 and <= 5 } n)
            {
                count = n.Value!.Value;
            }
            else
            {
                problems.Add("count: a whole number from 1 to 5.");
            }
        }

        var (details, mapping) = PatientFhirMapper.FromFhir(probe);
        problems.AddRange(mapping);
        if (details.BirthDate is null || string.IsNullOrWhiteSpace(details.FamilyName))
        {
            problems.Add("Patient: a family name and a full birth date are needed to look for matches.");
        }

        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, problems);
        }

        var (candidates, _) = await finder.HandleAsync(details, ct);
        var graded = candidates.Select(x => (Candidate: x, Grade: Grade(x)))
            .Where(x => !onlyCertain || x.Grade == "certain")
            .Take(onlyCertain ? 1 : count).ToList();
        var ids = graded.Select(g => g.Candidate.Patient.Id).ToList();
        var records = await db.Set<Patient>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}";
        var bundle = new Bundle { Id = Guid.NewGuid().ToString(), Type = Bundle.BundleType.Searchset, Timestamp = DateTimeOffset.UtcNow, Total = graded.Count };
        foreach (var (candidate, grade) in graded)
        {
            var search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match, Score = Math.Round((decimal)candidate.Probability, 4) };
            search.Extension.Add(new Extension(MatchGradeExtension, new Code(grade)));
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/Patient/{candidate.Patient.Id}",
                Resource = PatientFhirMapper.ToFhir(records[candidate.Patient.Id]),
                Search = search,
            });
        }

        return FhirResults.Ok(bundle);
    }

    /// <summary>FHIR match grades from the engine's decision: a match at 99% or more is certain.</summary>
    internal static string Grade(DuplicateCandidate c) => c.Decision switch
    {
        MatchDecision.Match when c.Probability >= 0.99 => "certain",
        MatchDecision.Match => "probable",
        MatchDecision.Review => "possible",
        _ => "certainly-not",
    };

    internal static IEnumerable<(string Type, Guid Id)> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (key == "reference" && child is JsonValue v && v.TryGetValue<string>(out var s) && LocalReference().Match(s) is { Success: true } m
                        && Guid.TryParse(m.Groups[2].Value, out var g))
                    {
                        yield return (m.Groups[1].Value, g);
                    }
                    else
                    {
                        foreach (var r in References(child))
                        {
                            yield return r;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var r in a.SelectMany(References))
                {
                    yield return r;
                }

                break;
        }
    }
}

public sealed record EverythingResult(ReadStatus Status, JsonObject? Bundle, int Count);

/// <summary>
/// Everything held about a patient: the record (with its identifiers), every other module's resources about them
/// (through each module's <see cref="IPatientCompartmentSource"/>, ADR 0072), every stored (imported) resource about
/// them, and the practitioners and organisations those refer to. Access and audit as for reading the record; a module's
/// part is included when the caller holds that module's permission or <see cref="Permissions.PatientsExport"/>, and a
/// part left out is named in an OperationOutcome entry rather than silently missing.
/// </summary>
public sealed class PatientEverything(InfirmaryDbContext db, GetPatient reader, AuditTrail audit, ActorAccessor actors,
    IEnumerable<IPatientCompartmentSource> sources)
{
    public async Task<EverythingResult> HandleAsync(Guid patientId, string baseUrl, CancellationToken ct)
    {
        var read = await reader.HandleAsync(patientId, ct);
        if (read.Status != ReadStatus.Found)
        {
            return new EverythingResult(read.Status, null, 0);
        }

        var replaces = await PatientsFhir.ReplacesAsync(db, [patientId], ct);
        var patient = PatientFhirMapper.ToFhir(read.Patient!, replaces[patientId], await PatientsFhir.OtherIdentifiersAsync(db, patientId, ct));
        var all = new List<(string, string, JsonObject)> { ("Patient", patientId.ToString(), ToJson(patient)) };
        var actor = actors.Current;
        var counts = new List<string>();
        var leftOut = new List<string>();
        foreach (var source in sources.OrderBy(s => s.Module, StringComparer.Ordinal))
        {
            if (!actor.Has(Permissions.PatientsExport) && !actor.Has(source.Permission))
            {
                leftOut.Add($"{source.Module} ({string.Join(", ", source.ResourceTypes)}) left out: your access does not include {source.Permission} or {Permissions.PatientsExport}.");
                continue;
            }

            var resources = await source.ForPatientAsync(patientId, ct);
            counts.Add($"{source.Module} {resources.Count}");
            all.AddRange(resources.Select(r => (r.TypeName, r.Id ?? string.Empty, ToJson(r))));
        }

        var own = await db.Set<StoredResource>().AsNoTracking().Where(r => r.PatientId == patientId)
            .OrderBy(r => r.ResourceType).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        var rendered = own.Select(r => (r.ResourceType, Id: r.Id.ToString(), Resource: StoredResourceJson.Render(r))).ToList();
        var have = own.Select(r => r.Id).ToHashSet();
        var referenced = rendered.SelectMany(r => PatientRecordFhir.References(r.Resource))
            .Where(x => x.Type != "Patient" && !have.Contains(x.Id)).Select(x => x.Id).Distinct().ToList();
        var related = referenced.Count == 0
            ? []
            : await db.Set<StoredResource>().AsNoTracking().Where(r => referenced.Contains(r.Id) && r.PatientId == null).ToListAsync(ct);
        all.AddRange(rendered);
        all.AddRange(related.Select(r => (r.ResourceType, r.Id.ToString(), StoredResourceJson.Render(r))));
        counts.Add($"imported {rendered.Count + related.Count}");
        var bundle = StoredResourcesFhir.Searchset(all, $"{baseUrl}/Patient/{patientId}/$everything", baseUrl);
        if (leftOut.Count > 0)
        {
            // FHIR's way of saying "not everything is here": an OperationOutcome entry with search mode "outcome".
            var outcome = new OperationOutcome
            {
                Id = Guid.NewGuid().ToString(),
                Issue = [.. leftOut.Select(m => new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Warning, Code = OperationOutcome.IssueType.Suppressed, Diagnostics = m,
                })],
            };
            ((JsonArray)bundle["entry"]!).Add(new JsonObject { ["resource"] = ToJson(outcome), ["search"] = new JsonObject { ["mode"] = "outcome" } });
        }

        await audit.RecordAsync(AuditAction.Read, $"Patient/{patientId}/$everything", patientId, AuditOutcome.Success,
            $"everything: {all.Count} resources ({string.Join(", ", counts)}){(leftOut.Count > 0 ? $"; {leftOut.Count} module(s) left out" : string.Empty)}", ct);
        return new EverythingResult(ReadStatus.Found, bundle, all.Count);
    }

    private static JsonObject ToJson(Resource r) => JsonNode.Parse(FhirJson.Serialize(r))!.AsObject();
}
