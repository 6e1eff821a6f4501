using Hl7.Fhir.Model;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;

namespace Infirmary.Patients.Features;

/// <summary>One report on the patient record's results list.</summary>
public sealed record ResultRow(string Id, DateTime? Reported, string Test, string Status, int Results, string Module);

/// <summary>
/// The results list on the patient record (ADR 0072): DiagnosticReports from every module source that gives them
/// (today the laboratory), for callers who hold that source's permission or <see cref="Permissions.PatientsExport"/>.
/// Null when the caller may see none of them, so the page leaves the section out. Audited as a read of the results.
/// </summary>
public sealed class PatientResults(IEnumerable<IPatientCompartmentSource> sources, ActorAccessor actors, AuditTrail audit)
{
    public async Task<IReadOnlyList<ResultRow>?> HandleAsync(Guid patientId, CancellationToken ct)
    {
        var actor = actors.Current;
        var visible = sources.Where(s => s.ResourceTypes.Contains("DiagnosticReport")
            && (actor.Has(s.Permission) || actor.Has(Permissions.PatientsExport))).ToList();
        if (visible.Count == 0)
        {
            return null;
        }

        var rows = new List<ResultRow>();
        foreach (var source in visible)
        {
            foreach (var report in (await source.ForPatientAsync(patientId, ct)).OfType<DiagnosticReport>())
            {
                var reported = report.Issued ?? (report.Effective as FhirDateTime)?.ToDateTimeOffset(TimeSpan.Zero);
                rows.Add(new ResultRow(report.Id ?? string.Empty, reported?.UtcDateTime, report.Code?.Text ?? "Report", Status(report.Status),
                    report.Result.Count, source.Module));
            }
        }

        await audit.RecordAsync(AuditAction.Read, $"Patient/{patientId}/results", patientId, AuditOutcome.Success, $"{rows.Count} report(s) listed", ct);
        return [.. rows.OrderByDescending(r => r.Reported)];
    }

    private static string Status(DiagnosticReport.DiagnosticReportStatus? status) => status switch
    {
        DiagnosticReport.DiagnosticReportStatus.Final => "Final",
        DiagnosticReport.DiagnosticReportStatus.Amended => "Amended",
        DiagnosticReport.DiagnosticReportStatus.Preliminary => "Preliminary",
        _ => status?.ToString() ?? "Unknown",
    };
}
