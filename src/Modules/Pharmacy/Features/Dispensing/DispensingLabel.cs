using Infirmary.Patients;
using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Documents;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Infirmary.Pharmacy.Features;

public sealed record LabelResult(byte[]? Pdf, string? Error, bool NotFound = false);

/// <summary>
/// The dispensing label as PDF, on the 70 × 35 mm label or an A4 sheet: patient, medicine and quantity, directions,
/// the BNF cautionary and advisory labels of the product, "Keep out of the sight and reach of children", date,
/// pharmacy name and address. A label whose text does not fit is refused with a message, never cut short.
/// </summary>
public sealed class DispensingLabel(InfirmaryDbContext db, IPatientDirectory patients, AuditTrail audit, IConfiguration config, TimeProvider clock)
{
    public const string KeepOut = "Keep out of the sight and reach of children";

    public async Task<LabelResult> HandleAsync(Guid dispensingId, bool a4, CancellationToken ct)
    {
        var row = await (
            from d in db.Set<Dispensing>().AsNoTracking()
            join i in db.Set<PrescriptionItem>() on d.ItemId equals i.Id
            join v in db.Set<Vmp>() on i.VmpId equals v.Id
            join b in db.Set<StockBatch>() on d.BatchId equals b.Id
            where d.Id == dispensingId
            select new { d, i.ProductName, i.Directions, v.BnfLabelNumbers, b.BatchNumber, b.Expiry }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return new LabelResult(null, "There is no such dispensing.", NotFound: true);
        }

        var patient = await patients.GetBannerAsync(row.d.PatientId, ct);
        var pharmacy = config["Infirmary:Pharmacy:Name"] ?? "Infirmary Hospital Pharmacy";
        var address = config["Infirmary:Pharmacy:Address"] ?? "1 Infirmary Road, Leeds LS1 3EX. Tel 0113 000 0000";
        var date = UkFormat.Date(UkFormat.TodayInLondon(clock));
        var labels = BnfLabels.Parse(row.BnfLabelNumbers);
        var blocks = new List<PrintBlock>
        {
            new PrintParagraph($"{row.ProductName} — {StockLedger.Units(row.d.Quantity, row.d.Unit)}", Bold: true),
            new PrintParagraph(row.Directions),
        };
        blocks.AddRange(labels.Select(n => new PrintParagraph($"({n}) {BnfLabels.Text[n]}")));
        blocks.Add(new PrintParagraph($"{patient?.DisplayName ?? "Unknown patient"}   {date}", Bold: true));
        blocks.Add(new PrintParagraph(KeepOut, Bold: true));
        if (a4)
        {
            blocks.Add(new PrintFields([new("Batch", row.BatchNumber), new("Expiry", UkFormat.Date(row.Expiry))]));
        }

        var document = new PrintDocument(pharmacy, blocks, address);
        byte[] pdf;
        try
        {
            pdf = PdfRenderer.Render(document, a4 ? PageFormat.A4 : PageFormat.DispensingLabel);
        }
        catch (PrintOverflowException e)
        {
            return new LabelResult(null,
                $"The label text does not fit a 70 × 35 mm label ({e.Message}). Shorten the directions, or print it on the A4 sheet (format=a4).");
        }

        await audit.RecordAsync(AuditAction.Read, $"MedicationDispense/{dispensingId}", row.d.PatientId, detail: a4 ? "label printed (A4)" : "label printed", ct: ct);
        return new LabelResult(pdf, null);
    }
}
