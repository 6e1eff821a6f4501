using Infirmary.Patients;
using Infirmary.Platform.Data;
using Infirmary.Platform.Documents;
using Infirmary.Platform.Ui;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Pages;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>
/// The papers a clinic runs on, as PDFs through the platform's renderer: the clinic list (who is booked, when, for
/// what) and the case-note pull list (where each booked patient's paper volumes are now, from the Patients module's
/// case-note tracking), printed ahead of the session. Reading the list audits each patient, as the board does.
/// </summary>
public sealed class ClinicPrints(InfirmaryDbContext db, Reception reception, ICaseNoteLocations caseNotes, TimeProvider clock)
{
    public async Task<byte[]?> ClinicListAsync(Guid clinicId, DateOnly date, string printedBy, CancellationToken ct)
    {
        if (await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, ct) is not { } clinic)
        {
            return null;
        }

        var lines = await reception.BoardAsync(clinicId, date, ct);
        IReadOnlyList<IReadOnlyList<string>> rows = [.. lines.Select(l => (IReadOnlyList<string>)
        [
            SchedulingFormat.Time(l.Appointment.StartsAt),
            l.Patient?.DisplayName ?? "Unknown patient",
            UkFormat.NhsNumber(l.Patient?.NhsNumber),
            UkFormat.Date(l.Patient?.BirthDate),
            SchedulingFormat.Type(l.Appointment.Type) + (l.Appointment.Overbooked ? " (overbooked)" : string.Empty),
            SchedulingFormat.Status(l.Appointment.Status),
        ])];
        var doc = new PrintDocument(
            $"Clinic list: {clinic.Name}",
            [
                Header(clinic, date),
                rows.Count == 0
                    ? new PrintParagraph("Nobody is booked into this clinic on this day.")
                    : new PrintTable(["Time", "Patient", "NHS number", "Born", "Type", "Status"], rows, [0.7, 2.2, 1.3, 1.2, 1.3, 1.2]),
            ],
            Footer(printedBy));
        return PdfRenderer.Render(doc, PageFormat.A4);
    }

    public async Task<byte[]?> PullListAsync(Guid clinicId, DateOnly date, string printedBy, CancellationToken ct)
    {
        if (await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, ct) is not { } clinic)
        {
            return null;
        }

        var lines = await reception.BoardAsync(clinicId, date, ct);
        var volumes = lines.Count == 0
            ? new Dictionary<Guid, IReadOnlyList<CaseNoteVolumeLocation>>()
            : await caseNotes.ForPatientsAsync([.. lines.Select(l => l.Appointment.PatientId).Distinct()], ct);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var l in lines)
        {
            var name = l.Patient?.DisplayName ?? "Unknown patient";
            var time = SchedulingFormat.Time(l.Appointment.StartsAt);
            var theirs = volumes.GetValueOrDefault(l.Appointment.PatientId) ?? [];
            if (theirs.Count == 0)
            {
                rows.Add([time, name, UkFormat.NhsNumber(l.Patient?.NhsNumber), "No volumes", "Create a temporary folder", string.Empty]);
                continue;
            }

            foreach (var v in theirs.OrderBy(v => v.VolumeNumber))
            {
                var where = v.Missing ? $"MISSING (last {v.LocationName})" : v.LocationName + (v.Holder is null ? string.Empty : $", {v.Holder}");
                rows.Add([time, name, UkFormat.NhsNumber(l.Patient?.NhsNumber), $"{v.Barcode} (vol. {v.VolumeNumber})", where, UkFormat.DateTime(v.Since)]);
            }
        }

        var doc = new PrintDocument(
            $"Case-note pull list: {clinic.Name}",
            [
                Header(clinic, date),
                new PrintParagraph("Pull each volume and send it to the clinic before the session; scan it out as it goes."),
                rows.Count == 0
                    ? new PrintParagraph("Nobody is booked into this clinic on this day.")
                    : new PrintTable(["Time", "Patient", "NHS number", "Volume", "Where it is now", "Since"], rows, [0.6, 1.8, 1.2, 1.8, 2.0, 1.3]),
            ],
            Footer(printedBy));
        return PdfRenderer.Render(doc, PageFormat.A4);
    }

    private static PrintFields Header(Clinic clinic, DateOnly date) => new(
    [
        new("Date", $"{date:dddd} {UkFormat.Date(date)}"),
        new("Clinician", clinic.ClinicianName),
        new("Specialty", clinic.Specialty),
        new("Where", $"{clinic.Site}, {clinic.Room}"),
    ]);

    private string Footer(string printedBy) => $"Printed {UkFormat.DateTime(clock.GetUtcNow().UtcDateTime)} by {printedBy}. Confidential: patient information.";
}
