using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using FhirSpecimen = Hl7.Fhir.Model.Specimen;
using LabSpecimen = Infirmary.Laboratory.Domain.Specimen;

namespace Infirmary.Laboratory.Features;

/// <summary>
/// FHIR R4 reads of laboratory reports: DiagnosticReport (read; search by patient, with
/// <c>_include=DiagnosticReport:result</c>), Observation (read, at the platform's shared route: ADR 0137) and Specimen
/// (read, by barcode number).
/// </summary>
public static partial class LaboratoryFhir
{
    public const string Ucum = "http://unitsofmeasure.org";
    public const string InterpretationSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    public static readonly FhirResourceCapability DiagnosticReportCapability = new("DiagnosticReport", ["read", "search-type"],
        [("patient", "reference", "The patient (Patient/{id} or the id); only authorised reports outside the laboratory")]);

    public static readonly FhirResourceCapability ObservationCapability = new("Observation", ["read"], []);

    public static readonly FhirResourceCapability SpecimenCapability = new("Specimen", ["read"], []);

    static partial void MapReports(IEndpointRouteBuilder app)
    {
        app.MapGet($"{KnownRoutes.Fhir}/DiagnosticReport/{{id}}", ReadReport).RequirePermission(Permissions.LabReportsRead).ExcludeFromDescription();
        app.MapGet($"{KnownRoutes.Fhir}/DiagnosticReport", SearchReports).RequirePermission(Permissions.LabReportsRead).ExcludeFromDescription();
        app.MapGet($"{KnownRoutes.Fhir}/Specimen/{{id}}", ReadSpecimen).RequirePermission(Permissions.LabReportsRead).ExcludeFromDescription();
    }

    private static async Task<IResult> ReadReport(string id, ReadReports reports, CancellationToken ct) =>
        Guid.TryParse(id, out var guid) && await reports.GetAsync(guid, ct) is { } view
            ? FhirResults.Ok(ToFhir(view), VersionOf(view.Report), LastUpdated(view.Report))
            : FhirResults.NotFound("DiagnosticReport", id);

    private static async Task<IResult> ReadSpecimen(string id, ReadReports reports, CancellationToken ct)
    {
        if (id.Length > 20 || await reports.GetSpecimenAsync(id, ct) is not { } found)
        {
            return FhirResults.NotFound("Specimen", id);
        }

        var (s, order) = found;
        return FhirResults.Ok(ToFhir(s, order), s.Version.ToString(CultureInfo.InvariantCulture));
    }

    internal static FhirSpecimen ToFhir(LabSpecimen s, LabOrder order) => new()
    {
        Id = s.Accession,
        AccessionIdentifier = new Identifier(AccessionSystem, s.Accession),
        Status = s.Status == SpecimenStatus.Rejected ? FhirSpecimen.SpecimenStatus.Unsatisfactory : FhirSpecimen.SpecimenStatus.Available,
        Type = new CodeableConcept { Text = s.SpecimenType },
        Subject = new ResourceReference($"Patient/{s.PatientId}"),
        ReceivedTimeElement = s.ReceivedAt is { } r ? new FhirDateTime(Instant(r)) : null,
        Request = [new ResourceReference($"ServiceRequest/{order.Id}")],
        Collection = new FhirSpecimen.CollectionComponent
        {
            Collected = s.CollectedAt is { } c ? new FhirDateTime(Instant(c)) : null,
            Collector = s.CollectedBy is null ? null : new ResourceReference { Display = s.CollectedBy },
            Quantity = new Quantity(s.VolumeMl, "mL", Ucum),
        },
        Container = [new FhirSpecimen.ContainerComponent { Description = s.Container }],
        Condition = s.RejectionReason is { } reason
            ? [new CodeableConcept { Text = $"Rejected: {RejectionReasons.All[reason]}{(s.RejectionNote is null ? "" : $" ({s.RejectionNote})")}" }]
            : [],
    };

    private static async Task<IResult> SearchReports(HttpContext http, ReadReports reports, IStoredFhirResources stored, CancellationToken ct)
    {
        var problems = new List<string>();
        Guid? patient = null;
        var include = false;
        var count = 20;
        foreach (var (key, values) in http.Request.Query)
        {
            var value = values.ToString();
            switch (key)
            {
                case "patient" or "subject":
                    if (FhirReferences.TryPatientId(value, out var p))
                    {
                        patient = p;
                    }
                    else
                    {
                        problems.Add($"{key}: give the patient as Patient/{{id}} or the id.");
                    }

                    break;
                case "_include":
                    include = value == "DiagnosticReport:result" ? true : Fail(problems, "_include: only DiagnosticReport:result is supported.");
                    break;
                case "_count":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > ReadReports.MaxSearch)
                    {
                        problems.Add($"_count: a number from 1 to {ReadReports.MaxSearch}.");
                    }

                    break;
                default:
                    problems.Add($"{key}: not a supported search parameter (patient, _include, _count).");
                    break;
            }
        }

        if (patient is null && problems.Count == 0)
        {
            problems.Add("patient: search reports by patient.");
        }

        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, problems);
        }

        var found = await reports.ByPatientAsync(patient!.Value, count, ct);
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}";
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = found.Count,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/DiagnosticReport{http.Request.QueryString}" }],
        };
        foreach (var view in found)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/DiagnosticReport/{view.Report.Id}",
                Resource = ToFhir(view),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
            if (include)
            {
                foreach (var result in view.Report.Results.Where(r => !r.Superseded))
                {
                    bundle.Entry.Add(new Bundle.EntryComponent
                    {
                        FullUrl = $"{baseUrl}/Observation/{result.Id}",
                        Resource = ToFhir(result, view),
                        Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include },
                    });
                }
            }
        }

        // Imported reports of this patient (kept by the Patients module's resource store) are returned too (ADR 0071).
        var imported = await stored.ByPatientAsync("DiagnosticReport", patient.Value, ct);
        return imported.Count == 0 ? FhirResults.Ok(bundle) : FhirBundles.WithStored(bundle, imported, baseUrl);
    }

    private static bool Fail(List<string> problems, string message)
    {
        problems.Add(message);
        return false;
    }

    internal static DiagnosticReport ToFhir(ReportView view)
    {
        var (report, specimen, order) = (view.Report, view.Specimen, view.Order);
        var ordered = order.Tests.Where(t => t.SpecimenId == specimen.Id).OrderBy(t => t.Position).Select(t => t.OrderedAs).Distinct().ToList();
        var code = new CodeableConcept { Text = string.Join(", ", ordered) };
        foreach (var o in ordered)
        {
            if (view.Panels.FirstOrDefault(p => p.Code == o) is { } panel)
            {
                code.Coding.Add(new Coding(Loinc, panel.LoincCode, panel.Name));
            }
            else if (view.Tests.FirstOrDefault(t => t.Code == o) is { } test)
            {
                code.Coding.Add(new Coding(Loinc, test.LoincCode, test.Name));
            }
        }

        return new DiagnosticReport
        {
            Id = report.Id.ToString(),
            Meta = new Meta { VersionId = VersionOf(report), LastUpdated = LastUpdated(report) },
            Identifier = [new Identifier(AccessionSystem, specimen.Accession)],
            BasedOn = [new ResourceReference($"ServiceRequest/{order.Id}")],
            Status = report.Status switch
            {
                ReportStatus.Authorised when report.Amended => DiagnosticReport.DiagnosticReportStatus.Amended,
                ReportStatus.Authorised => DiagnosticReport.DiagnosticReportStatus.Final,
                _ => DiagnosticReport.DiagnosticReportStatus.Preliminary,
            },
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
            Code = code,
            Subject = new ResourceReference($"Patient/{report.PatientId}"),
            Effective = specimen.CollectedAt is { } c ? new FhirDateTime(Instant(c)) : null,
            Issued = report.AuthorisedAt is { } a ? Instant(a) : null,
            Performer = report.ValidatedBy is null ? [] : [new ResourceReference { Display = report.ValidatedBy }],
            ResultsInterpreter = report.AuthorisedBy is null ? [] : [new ResourceReference { Display = report.AuthorisedBy }],
            Specimen = [new ResourceReference($"Specimen/{specimen.Accession}")],
            Result = [.. report.Results.Where(r => !r.Superseded).OrderBy(r => r.FiledAt).Select(r => new ResourceReference($"Observation/{r.Id}") { Display = r.Name })],
        };
    }

    internal static Observation ToFhir(LabResult r, ReportView view)
    {
        var test = r.TestCode is null ? null : view.Tests.FirstOrDefault(t => t.Code == r.TestCode);
        var obs = new Observation
        {
            Id = r.Id.ToString(),
            Status = r.Superseded ? ObservationStatus.Corrected
                : view.Report.Status == ReportStatus.Authorised ? (view.Report.Results.Any(o => o.SupersededById == r.Id) ? ObservationStatus.Amended : ObservationStatus.Final)
                : ObservationStatus.Preliminary,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")],
            Code = test is not null
                ? new CodeableConcept(Loinc, test.LoincCode, test.Name, test.Name)
                : new CodeableConcept { Text = r.Name },
            Subject = new ResourceReference($"Patient/{r.PatientId}"),
            Effective = view.Specimen.CollectedAt is { } c ? new FhirDateTime(Instant(c)) : null,
            Issued = view.Report.AuthorisedAt is { } a ? Instant(a) : null,
            Specimen = new ResourceReference($"Specimen/{view.Specimen.Accession}"),
            Value = r.NumericValue is { } v
                ? new Quantity(v, r.Units ?? string.Empty, Ucum) { Unit = r.Units }
                : new FhirString(r.Value),
        };
        if (r.Flag is { } flag)
        {
            obs.Interpretation = [new CodeableConcept(InterpretationSystem, flag, ResultFlags.Describe(flag))];
        }

        if (r.ReferenceRange is { } range)
        {
            obs.ReferenceRange = [new Observation.ReferenceRangeComponent { Text = range }];
        }

        if (r.Note is not null)
        {
            obs.Note = [new Annotation { Text = new Markdown(r.Note) }];
        }

        return obs;
    }

    private static string VersionOf(LabReport r) => (r.Version + 1).ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset LastUpdated(LabReport r) => Instant(r.AuthorisedAt ?? r.ValidatedAt ?? r.LastFiledAt);

    private static DateTimeOffset Instant(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}

/// <summary>Laboratory results read as Observations at the platform's shared route (ADR 0137); audited by <see cref="ReadReports"/>.</summary>
internal sealed class LabObservationSource(ReadReports reports, InfirmaryDbContext db) : IFhirInstanceSource
{
    public string ResourceType => "Observation";

    public string Permission => Permissions.LabReportsRead;

    public async Task<IResult?> ReadAsync(Guid id, CancellationToken ct) =>
        await reports.GetObservationAsync(id, ct) is { } found ? FhirResults.Ok(LaboratoryFhir.ToFhir(found.Result, found.View), "1") : null;

    public Task<bool> HoldsAsync(Guid id, CancellationToken ct) => db.Set<LabResult>().AnyAsync(r => r.Id == id, ct);
}
