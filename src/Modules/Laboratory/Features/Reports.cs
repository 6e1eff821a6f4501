using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Specimen = Infirmary.Laboratory.Domain.Specimen;

namespace Infirmary.Laboratory.Features;

/// <summary>One report as it leaves the laboratory: the report, its specimen, its order's codes and its current results.</summary>
public sealed record ReportView(LabReport Report, Specimen Specimen, LabOrder Order, IReadOnlyList<LabTest> Tests, IReadOnlyList<LabPanel> Panels);

/// <summary>
/// Reports for readers outside the laboratory (FHIR). Only authorised reports exist for them: a report still in
/// validation, its observations and results are "not found" unless the caller works in the laboratory
/// (<see cref="Permissions.LabResults"/>). Every read and search is audited against the patient.
/// </summary>
public sealed class ReadReports(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors)
{
    public const int MaxSearch = 50;

    private bool InsideLab => actors.Current.Has(Permissions.LabResults);

    public async Task<ReportView?> GetAsync(Guid id, CancellationToken ct)
    {
        var report = await Visible().Include(r => r.Results).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"DiagnosticReport/{id}", report.PatientId, ct: ct);
        return (await ViewsAsync([report], ct))[0];
    }

    public async Task<IReadOnlyList<ReportView>> ByPatientAsync(Guid patientId, int count, CancellationToken ct)
    {
        var reports = await Visible().Include(r => r.Results).Where(r => r.PatientId == patientId)
            .OrderByDescending(r => r.AuthorisedAt ?? r.LastFiledAt).Take(Math.Clamp(count, 1, MaxSearch)).ToListAsync(ct);
        await audit.RecordAsync(AuditAction.Search, "DiagnosticReport", patientId, detail: $"{reports.Count} report(s) by patient", ct: ct);
        return await ViewsAsync(reports, ct);
    }

    public async Task<(LabResult Result, ReportView View)?> GetObservationAsync(Guid id, CancellationToken ct)
    {
        var result = await db.Set<LabResult>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (result is null)
        {
            return null;
        }

        var report = await Visible().Include(r => r.Results).FirstOrDefaultAsync(r => r.Id == result.ReportId, ct);
        if (report is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"Observation/{id}", result.PatientId, ct: ct);
        return (result, (await ViewsAsync([report], ct))[0]);
    }

    public async Task<(Specimen Specimen, LabOrder Order)?> GetSpecimenAsync(string accession, CancellationToken ct)
    {
        var specimen = await db.Set<Specimen>().AsNoTracking().FirstOrDefaultAsync(s => s.Accession == accession, ct);
        if (specimen is null)
        {
            return null;
        }

        var order = await db.Set<LabOrder>().AsNoTracking().SingleAsync(o => o.Id == specimen.OrderId, ct);
        await audit.RecordAsync(AuditAction.Read, $"Specimen/{accession}", specimen.PatientId, ct: ct);
        return (specimen, order);
    }

    internal IQueryable<LabReport> Visible() => InsideLab
        ? db.Set<LabReport>().AsNoTracking()
        : db.Set<LabReport>().AsNoTracking().Where(r => r.Status == ReportStatus.Authorised);

    internal async Task<List<ReportView>> ViewsAsync(List<LabReport> reports, CancellationToken ct)
    {
        var specimenIds = reports.Select(r => r.SpecimenId).ToList();
        var orderIds = reports.Select(r => r.OrderId).Distinct().ToList();
        var specimens = await db.Set<Specimen>().AsNoTracking().Where(s => specimenIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var orders = await db.Set<LabOrder>().AsNoTracking().Include(o => o.Tests).Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var tests = await db.Set<LabTest>().AsNoTracking().ToListAsync(ct);
        var panels = await db.Set<LabPanel>().AsNoTracking().ToListAsync(ct);
        return [.. reports.Select(r => new ReportView(r, specimens[r.SpecimenId], orders[r.OrderId], tests, panels))];
    }
}
