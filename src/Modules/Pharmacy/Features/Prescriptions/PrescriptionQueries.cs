using Infirmary.Patients;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

public sealed record PrescriptionItemDto(
    Guid Id, int Position, string ProductCode, string Product, double DoseMg, string Route, string Frequency, string Directions,
    int Quantity, string QuantityUnit);

public sealed record PrescriptionAlertDto(
    Guid Id, string AlertId, string Kind, string Severity, bool NeedsOverride, string Summary, string Mechanism, string Advice, string Source,
    string? OverrideReason, string? OverriddenBy, DateTime? OverriddenAt);

public sealed record PrescriptionEventDto(string Action, string By, DateTime At, string? Note);

public sealed record PrescriptionDto(
    Guid Id,
    int Version,
    Guid PatientId,
    string Type,
    string Status,
    string Prescriber,
    DateTime WrittenAt,
    string? CheckedBy,
    DateTime? CheckedAt,
    string? Query,
    IReadOnlyList<string> Allergies,
    IReadOnlyList<string> CurrentMedicines,
    double? WeightKg,
    IReadOnlyList<PrescriptionItemDto> Items,
    IReadOnlyList<PrescriptionAlertDto> Alerts,
    IReadOnlyList<PrescriptionEventDto> History)
{
    public static string SeverityName(int s) => s switch
    {
        4 => "contraindicated",
        3 => "severe",
        2 => "moderate",
        _ => "minor",
    };

    public static PrescriptionDto From(Prescription p, IReadOnlyList<PrescriptionEventDto> history) => new(
        p.Id, p.Version, p.PatientId, p.Type, p.Status, p.PrescriberName, p.WrittenAt, p.CheckedByName, p.CheckedAt, p.Query,
        p.AllergyList, p.CurrentMedicineList, p.WeightKg,
        [.. p.Items.OrderBy(i => i.Position).Select(i => new PrescriptionItemDto(i.Id, i.Position, i.ProductCode, i.ProductName, i.DoseMg, i.Route,
            i.Frequency, i.Directions, i.Quantity, i.QuantityUnit))],
        [.. p.Alerts.OrderByDescending(a => a.Severity).ThenBy(a => a.Summary, StringComparer.Ordinal).Select(a => new PrescriptionAlertDto(
            a.Id, a.AlertId, a.Kind, SeverityName(a.Severity), a.NeedsOverride, a.Summary, a.Mechanism, a.Advice, a.Source,
            a.OverrideReason, a.OverriddenByName, a.OverriddenAt))],
        history);
}

public sealed record WorklistEntry(
    Guid Id, Guid PatientId, string Patient, string? NhsNumber, string Type, string Status, string Prescriber, DateTime WrittenAt,
    int Items, int AlertsToOverride);

/// <summary>Reads of prescriptions; every read of one, and the worklist, is audited (patient data).</summary>
public sealed class PrescriptionQueries(InfirmaryDbContext db, AuditTrail audit, IPatientDirectory patients)
{
    public async Task<(PrescriptionDto Prescription, PatientBannerModel? Banner)?> GetAsync(Guid id, CancellationToken ct)
    {
        var p = await db.Set<Prescription>().AsNoTracking().Include(x => x.Items).Include(x => x.Alerts).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return null;
        }

        var history = await db.Set<PrescriptionEvent>().AsNoTracking().Where(e => e.PrescriptionId == id).OrderBy(e => e.Id)
            .Select(e => new PrescriptionEventDto(e.Action, e.ByName, e.At, e.Note)).ToListAsync(ct);
        await audit.RecordAsync(AuditAction.Read, $"Prescription/{id}", p.PatientId, ct: ct);
        return (PrescriptionDto.From(p, history), await patients.GetBannerAsync(p.PatientId, ct));
    }

    /// <summary>Prescriptions awaiting a pharmacist's check (and queried ones), oldest first.</summary>
    public async Task<IReadOnlyList<WorklistEntry>> WorklistAsync(string? status, CancellationToken ct)
    {
        var query = db.Set<Prescription>().AsNoTracking();
        query = status is { Length: > 0 } s
            ? query.Where(p => p.Status == s)
            : query.Where(p => p.Status == PrescriptionStatus.AwaitingCheck || p.Status == PrescriptionStatus.Queried);
        var rows = await query.OrderBy(p => p.WrittenAt).Take(200)
            .Select(p => new
            {
                p.Id, p.PatientId, p.Type, p.Status, p.PrescriberName, p.WrittenAt, Items = p.Items.Count,
                Open = p.Alerts.Count(a => a.Severity >= 3 && a.OverrideReason == null),
            })
            .ToListAsync(ct);
        var list = new List<WorklistEntry>();
        foreach (var r in rows)
        {
            var banner = await patients.GetBannerAsync(r.PatientId, ct);
            list.Add(new WorklistEntry(r.Id, r.PatientId, banner?.DisplayName ?? "Unknown patient", banner?.NhsNumber, r.Type, r.Status,
                r.PrescriberName, r.WrittenAt, r.Items, r.Open));
        }

        if (list.Count > 0)
        {
            await audit.RecordManyAsync(AuditAction.Search, list.Select(e => ($"Prescription/{e.Id}", (Guid?)e.PatientId)), "pharmacy worklist", ct);
        }

        return list;
    }
}
