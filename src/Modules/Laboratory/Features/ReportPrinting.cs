using System.Globalization;
using Infirmary.Laboratory.Domain;
using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Documents;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

/// <summary>One authorised result of a test for a patient, in time order.</summary>
public sealed record CumulativePoint(DateTime At, decimal Value, string Display, string? Units, string? Flag, string Accession, Guid ReportId);

public sealed record CumulativeView(string TestCode, string TestName, string? Units, IReadOnlyList<CumulativePoint> Points, double? BandLow, double? BandHigh)
{
    public string Chart() => SvgChart.Series(
        $"{TestName} over time",
        [.. Points.Select(p => new ChartPoint(UkFormat.DateTime(p.At)[..11], (double)p.Value, p.Flag is not null and not ResultFlags.Normal))],
        band: BandLow is { } low && BandHigh is { } high ? (low, high) : null);
}

/// <summary>
/// What a requester reads of a patient's laboratory results: the printable report (A4 PDF of an authorised report,
/// amendments and critical-result calls shown) and the cumulative view of one test with its trend. Only authorised
/// reports are used — the same rule as the FHIR surface — and every read is audited against the patient.
/// </summary>
public sealed class ReportPrinting(InfirmaryDbContext db, ReadReports reports, CriticalResults critical, IPatientDirectory patients, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<PrintResult> ReportPdfAsync(Guid reportId, CancellationToken ct)
    {
        if (await reports.GetAsync(reportId, ct) is not { } view)
        {
            return PrintResult.Fail(404, $"There is no report {reportId}.");
        }

        var report = view.Report;
        if (report.Status != ReportStatus.Authorised)
        {
            return PrintResult.Fail(409, "Only an authorised report can be printed; this one is still in the laboratory.");
        }

        var banner = await patients.GetBannerAsync(report.PatientId, ct);
        if (banner is null || SpecimenPrinting.IsWithheld(banner))
        {
            return PrintResult.Fail(403, SpecimenPrinting.RestrictedProblem);
        }

        var s = view.Specimen;
        var o = view.Order;
        var blocks = new List<PrintBlock>
        {
            new PrintFields([
                new("Patient", banner.DisplayName),
                new("NHS number", UkFormat.NhsNumber(banner.NhsNumber)),
                new("Born", $"{UkFormat.Date(banner.BirthDate)} ({banner.Sex})"),
                new("Request", $"{o.Number}, {UkFormat.DateTime(o.RequestedAt)}, by {o.RequestedByName}, {o.Location}"),
                new("Specimen", $"{s.Accession}: {s.SpecimenType}, {s.Container}"),
                new("Collected", s.CollectedAt is { } c ? $"{UkFormat.DateTime(c)} by {s.CollectedBy}" : "Not recorded"),
                new("Received", s.ReceivedAt is { } r ? $"{UkFormat.DateTime(r)} by {s.ReceivedBy}" : "Not recorded"),
                new("Status", report.Amended ? "Authorised (amended)" : "Authorised"),
            ]),
            new PrintHeading("Results"),
            new PrintTable(
                ["Test", "Result", "Units", "Reference range", "Flag"],
                [.. report.Results.Where(x => !x.Superseded).OrderBy(x => x.FiledAt).Select(x => (IReadOnlyList<string>)[
                    x.Name, x.Value, x.Units ?? string.Empty, x.ReferenceRange ?? string.Empty, x.Flag is null ? string.Empty : ResultFlags.Describe(x.Flag)])],
                [3, 1.5, 1.4, 1.6, 1.6]),
        };
        var amended = report.Results.Where(x => x.Superseded).OrderBy(x => x.SupersededAt).ToList();
        if (amended.Count > 0)
        {
            blocks.Add(new PrintHeading("Amendments"));
            blocks.Add(new PrintParagraph("These values were reported earlier and have been replaced. They are kept here so nothing changes without trace."));
            blocks.Add(new PrintTable(
                ["Test", "Previous value", "Replaced", "By", "Reason"],
                [.. amended.Select(x => (IReadOnlyList<string>)[
                    x.Name, $"{x.Value} {x.Units}".Trim(), UkFormat.DateTime(x.SupersededAt!.Value), x.SupersededBy ?? string.Empty, x.AmendmentReason ?? string.Empty])],
                [2.2, 1.6, 1.8, 2, 3]));
        }

        var calls = await critical.CallsAsync(reportId, ct);
        if (calls.Count > 0)
        {
            blocks.Add(new PrintHeading("Critical results phoned"));
            blocks.Add(new PrintTable(
                ["Result", "Phoned", "By", "To", "Read back"],
                [.. calls.Select(x => (IReadOnlyList<string>)[$"{x.Test} {x.Value} {x.Units} ({x.Flag})".Trim(), UkFormat.DateTime(x.CalledAt), x.PhonedBy, x.PhonedTo, "Yes"])],
                [2.4, 1.6, 2, 2.4, 1]));
        }

        blocks.Add(new PrintParagraph($"Validated by {report.ValidatedBy}, {UkFormat.DateTime(report.ValidatedAt!.Value)}. Authorised by {report.AuthorisedBy}, {UkFormat.DateTime(report.AuthorisedAt!.Value)}."));
        var footer = $"Printed {UkFormat.DateTime(clock.GetUtcNow().UtcDateTime)} by {StaffName.Of(actors.Current)}";
        return new PrintResult(PdfRenderer.Render(new PrintDocument($"Laboratory report {s.Accession}", blocks, footer), PageFormat.A4), 200, null);
    }

    /// <summary>Every authorised numeric result of <paramref name="testCode"/> for the patient, oldest first.</summary>
    public async Task<CumulativeView?> CumulativeAsync(Guid patientId, string testCode, CancellationToken ct)
    {
        var code = testCode.Trim().ToUpperInvariant();
        var test = await db.Set<LabTest>().AsNoTracking().FirstOrDefaultAsync(t => t.Code == code, ct);
        if (test is null)
        {
            return null;
        }

        var rows = await (from r in db.Set<LabResult>().AsNoTracking()
                          join rep in db.Set<LabReport>().AsNoTracking() on r.ReportId equals rep.Id
                          join s in db.Set<Domain.Specimen>().AsNoTracking() on rep.SpecimenId equals s.Id
                          where r.PatientId == patientId && r.TestCode == code && !r.Superseded && r.NumericValue != null && rep.Status == ReportStatus.Authorised
                          select new { r, s.Accession, s.CollectedAt }).ToListAsync(ct);
        await audit.RecordAsync(AuditAction.Search, "Observation", patientId, detail: $"cumulative {code}: {rows.Count} result(s)", ct: ct);
        var points = rows.Select(x => new CumulativePoint(x.CollectedAt ?? x.r.ObservedAt ?? x.r.FiledAt, x.r.NumericValue!.Value, x.r.Value, x.r.Units, x.r.Flag, x.Accession, x.r.ReportId))
            .OrderBy(p => p.At).ToList();
        var band = Band(rows.OrderBy(x => x.r.FiledAt).Select(x => x.r.ReferenceRange).LastOrDefault());
        return new CumulativeView(test.Code, test.Name, test.Units, points, band?.Low, band?.High);
    }

    /// <summary>The normal band to shade, from the range the latest result was flagged against ("130–180").</summary>
    internal static (double Low, double High)? Band(string? range)
    {
        var parts = range?.Split('–', StringSplitOptions.TrimEntries);
        return parts is [var lo, var hi]
               && double.TryParse(lo, NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
               && double.TryParse(hi, NumberStyles.Float, CultureInfo.InvariantCulture, out var high)
            ? (low, high)
            : null;
    }

    /// <summary>The authorised reports of a request (for links to their printable copies).</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> AuthorisedReportsAsync(Guid orderId, CancellationToken ct) =>
        await (from rep in db.Set<LabReport>().AsNoTracking()
               join s in db.Set<Domain.Specimen>().AsNoTracking() on rep.SpecimenId equals s.Id
               where rep.OrderId == orderId && rep.Status == ReportStatus.Authorised
               select new { s.Accession, rep.Id }).ToDictionaryAsync(x => x.Accession, x => x.Id, ct);
}
