using Infirmary.Laboratory.Domain;
using Infirmary.Patients;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Documents;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

/// <summary>A printed document, or why it could not be printed (an HTTP status and a sentence for the person).</summary>
public sealed record PrintResult(byte[]? Pdf, int Status, string? Problem)
{
    public static PrintResult Fail(int status, string problem) => new(null, status, problem);
}

/// <summary>One outstanding specimen on a phlebotomy collection list.</summary>
public sealed record CollectionListLine(
    string Accession,
    Guid OrderId,
    string OrderNumber,
    Guid PatientId,
    string PatientName,
    string? NhsNumber,
    DateOnly? BirthDate,
    string Container,
    IReadOnlyList<string> Tests,
    bool Urgent,
    DateTime RequestedAt);

/// <summary>A ward or clinic with specimens waiting to be collected.</summary>
public sealed record CollectionLocation(string Location, int Outstanding, int Urgent);

/// <summary>
/// Specimen labels (50 × 25 mm, one per tube, Code 128 barcode of the accession number) and the phlebotomy collection
/// list: every specimen still awaiting collection at one ward or clinic, urgent first, as a page and as an A4 PDF.
/// Both name the patient, so both are audited as reads of the patient's record.
/// </summary>
public sealed class SpecimenPrinting(InfirmaryDbContext db, AuditTrail audit, IPatientDirectory patients, ActorAccessor actors, TimeProvider clock)
{
    public const string RestrictedProblem =
        "The patient's record is restricted: open it (break glass, with a reason) before printing anything that names them.";

    /// <summary>Labels for one specimen (by accession) — one label per page of the PDF.</summary>
    public async Task<PrintResult> LabelForSpecimenAsync(string accession, CancellationToken ct)
    {
        var key = SpecimenActions.Normalise(accession);
        var specimen = await db.Set<Specimen>().AsNoTracking().FirstOrDefaultAsync(s => s.Accession == key, ct);
        return specimen is null
            ? PrintResult.Fail(404, $"No specimen has the number {key}.")
            : await LabelsAsync(specimen.PatientId, [specimen], ct);
    }

    /// <summary>Labels for every specimen of a request still awaiting collection (all of them with <paramref name="all"/>).</summary>
    public async Task<PrintResult> LabelsForOrderAsync(Guid orderId, bool all, CancellationToken ct)
    {
        var order = await db.Set<LabOrder>().AsNoTracking().Include(o => o.Specimens).FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null)
        {
            return PrintResult.Fail(404, $"There is no request {orderId}.");
        }

        var specimens = order.Specimens.Where(s => all || s.Status == SpecimenStatus.AwaitingCollection).OrderBy(s => s.Accession, StringComparer.Ordinal).ToList();
        return specimens.Count == 0
            ? PrintResult.Fail(409, $"Every specimen of request {order.Number} has been collected; add ?all=true to reprint their labels.")
            : await LabelsAsync(order.PatientId, specimens, ct);
    }

    private async Task<PrintResult> LabelsAsync(Guid patientId, IReadOnlyList<Specimen> specimens, CancellationToken ct)
    {
        var banner = await patients.GetBannerAsync(patientId, ct);
        if (banner is null || IsWithheld(banner))
        {
            return PrintResult.Fail(403, RestrictedProblem);
        }

        var ids = specimens.Select(s => s.Id).ToList();
        var tests = (await db.Set<OrderedTest>().AsNoTracking().Where(t => ids.Contains(t.SpecimenId)).ToListAsync(ct))
            .ToLookup(t => t.SpecimenId);
        var blocks = new List<PrintBlock>();
        foreach (var s in specimens)
        {
            if (blocks.Count > 0)
            {
                blocks.Add(new PrintPageBreak());
            }

            blocks.AddRange(Label(banner, s, tests[s.Id].OrderBy(t => t.Position).Select(t => t.TestCode)));
        }

        try
        {
            var pdf = PdfRenderer.Render(new PrintDocument(string.Empty, blocks), PageFormat.SmallLabel);
            await audit.RecordManyAsync(AuditAction.Read, specimens.Select(s => ($"Specimen/{s.Accession}", (Guid?)patientId)), "specimen label printed", ct);
            return new PrintResult(pdf, 200, null);
        }
        catch (PrintOverflowException e)
        {
            return PrintResult.Fail(422, e.Message);
        }
    }

    /// <summary>
    /// What a specimen label says: name, NHS number, date of birth, the tests and container, the barcode (accession
    /// number beneath), and a box for the collector to write the time and initial — the label is the record at the bedside.
    /// </summary>
    internal static IEnumerable<PrintBlock> Label(PatientBannerModel patient, Specimen s, IEnumerable<string> tests)
    {
        yield return new PrintParagraph(patient.DisplayName, Bold: true, Size: 7);
        yield return new PrintParagraph($"NHS {(patient.NhsNumber is null ? "not known" : UkFormat.NhsNumber(patient.NhsNumber))} DOB {UkFormat.Date(patient.BirthDate)}");
        yield return new PrintParagraph($"{string.Join(" ", tests)} · {s.Container}");
        yield return new PrintBarcode(s.Accession, HeightMm: 6);
        yield return new PrintParagraph("Collected ___/___ at ___:___ by ______");
    }

    /// <summary>The directory gave only the "Restricted record" placeholder: nothing naming the patient may be printed.</summary>
    internal static bool IsWithheld(PatientBannerModel banner) => banner.BirthDate is null && banner.NhsNumber is null && banner.Flags.Contains("Restricted record");

    /// <summary>Wards and clinics with specimens awaiting collection, most outstanding first.</summary>
    public async Task<IReadOnlyList<CollectionLocation>> LocationsAsync(CancellationToken ct)
    {
        var rows = await (from s in db.Set<Specimen>().AsNoTracking()
                          join o in db.Set<LabOrder>().AsNoTracking() on s.OrderId equals o.Id
                          where s.Status == SpecimenStatus.AwaitingCollection
                          select new { o.Location, o.Priority }).ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Location, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CollectionLocation(g.First().Location, g.Count(), g.Count(r => r.Priority == Priorities.Urgent)))
            .OrderByDescending(l => l.Outstanding).ThenBy(l => l.Location, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The collection list for one ward or clinic (the location as requested; case does not matter): urgent first, then oldest request.</summary>
    public async Task<IReadOnlyList<CollectionListLine>> CollectionListAsync(string location, CancellationToken ct)
    {
        var where = location.Trim();
        var rows = await (from s in db.Set<Specimen>().AsNoTracking()
                          join o in db.Set<LabOrder>().AsNoTracking() on s.OrderId equals o.Id
                          where s.Status == SpecimenStatus.AwaitingCollection
                          select new { s, o.Number, o.Location, o.Priority, o.RequestedAt }).ToListAsync(ct);
        rows = [.. rows.Where(r => string.Equals(r.Location, where, StringComparison.OrdinalIgnoreCase))];
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.s.Id).ToList();
        var tests = (await db.Set<OrderedTest>().AsNoTracking().Where(t => ids.Contains(t.SpecimenId)).ToListAsync(ct)).ToLookup(t => t.SpecimenId);
        var banners = await patients.GetBannersAsync([.. rows.Select(r => r.s.PatientId).Distinct()], ct);
        var lines = rows
            .Select(r =>
            {
                var b = banners.GetValueOrDefault(r.s.PatientId);
                return new CollectionListLine(r.s.Accession, r.s.OrderId, r.Number, r.s.PatientId, b?.DisplayName ?? "Unknown patient", b?.NhsNumber, b?.BirthDate,
                    r.s.Container, [.. tests[r.s.Id].OrderBy(t => t.Position).Select(t => t.TestCode)], r.Priority == Priorities.Urgent, r.RequestedAt);
            })
            .OrderByDescending(l => l.Urgent).ThenBy(l => l.RequestedAt).ThenBy(l => l.PatientName, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Accession, StringComparer.Ordinal)
            .ToList();
        await audit.RecordManyAsync(AuditAction.Read, lines.Select(l => ($"Specimen/{l.Accession}", (Guid?)l.PatientId)), $"collection list {where}", ct);
        return lines;
    }

    /// <summary>The collection list as A4 PDF, with columns for the phlebotomist to tick and time each tube.</summary>
    public async Task<PrintResult> CollectionListPdfAsync(string location, CancellationToken ct)
    {
        var lines = await CollectionListAsync(location, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var blocks = new List<PrintBlock>
        {
            new PrintParagraph($"{lines.Count} specimen{(lines.Count == 1 ? string.Empty : "s")} awaiting collection, {lines.Count(l => l.Urgent)} urgent."),
        };
        if (lines.Count > 0)
        {
            blocks.Add(new PrintTable(
                ["Priority", "Patient", "NHS number", "Born", "Barcode", "Container", "Tests", "Requested", "Collected at / by"],
                [.. lines.Select(l => (IReadOnlyList<string>)[
                    l.Urgent ? "URGENT" : "Routine", l.PatientName, l.NhsNumber is null ? "Not known" : UkFormat.NhsNumber(l.NhsNumber), UkFormat.Date(l.BirthDate),
                    l.Accession, l.Container, string.Join(" ", l.Tests), UkFormat.DateTime(l.RequestedAt), string.Empty])],
                [1.1, 2.2, 1.6, 1.4, 1.6, 1.6, 1.8, 1.7, 2.2]));
        }

        var title = $"Phlebotomy collection list: {location.Trim()}";
        var pdf = PdfRenderer.Render(new PrintDocument(title, blocks, $"Printed {UkFormat.DateTime(now)} by {StaffName.Of(actors.Current)}"), PageFormat.A4Landscape);
        return new PrintResult(pdf, 200, null);
    }
}
