using System.Linq.Expressions;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Documents;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Infirmary.Patients.Features;

/// <summary>A volume where it is now: the shape shown on pages, in the API and to other modules.</summary>
public sealed record CaseNoteVolumeView(
    Guid VolumeId,
    Guid PatientId,
    int VolumeNumber,
    string Barcode,
    int LocationId,
    string LocationCode,
    string LocationName,
    CaseNoteLocationKind LocationKind,
    string? Holder,
    DateTime LocationSince,
    bool Missing,
    DateTime? MissingSince,
    string? MissingNote,
    int Version)
{
    public bool Out => LocationKind is not (CaseNoteLocationKind.Library or CaseNoteLocationKind.OffSiteStore);
}

/// <summary>A volume on a worklist, with the patient's banner (or "Restricted record").</summary>
public sealed record CaseNoteWorkItem(CaseNoteVolumeView Volume, PatientBannerModel Patient, int DaysAway);

public sealed record CaseNoteMovementView(DateTime MovedAt, string? From, string To, string? Holder, string MovedBy, string Method, string? Note);

public enum CaseNoteStatus
{
    Done,
    NotFound,
    Invalid,
    Stale,
    Denied,
}

public sealed record CaseNoteResult(CaseNoteStatus Status, CaseNoteVolumeView? Volume, IDictionary<string, string[]> Errors, PatientBannerModel? Patient = null)
{
    public bool Succeeded => Status == CaseNoteStatus.Done;
}

/// <summary>
/// Paper case-note tracking: volumes per patient, where each one is and who has it, movements by scan or click,
/// and the overdue-return and missing-volume worklists. Every read and write is audited against the patient.
/// </summary>
public sealed class CaseNoteTracking(
    InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, PatientAccess access, TimeProvider clock, IOptions<CaseNoteOptions> options)
{
    public const int MaxHolderLength = 100;
    public const int MaxNoteLength = 500;

    public int OverdueAfterDays => options.Value.OverdueAfterDays;

    public async Task<IReadOnlyList<CaseNoteLocation>> LocationsAsync(CancellationToken ct) =>
        await db.Set<CaseNoteLocation>().AsNoTracking().Where(l => l.Active).OrderBy(l => l.Kind).ThenBy(l => l.Name).ToListAsync(ct);

    /// <summary>A patient's volumes (after a merge, the survivor's, which include the carried-over ones).</summary>
    public async Task<IReadOnlyList<CaseNoteVolumeView>> VolumesAsync(Guid patientId, CancellationToken ct)
    {
        var volumes = (await Query(x => x.V.PatientId == patientId).ToListAsync(ct)).OrderBy(v => v.VolumeNumber).ThenBy(v => v.Barcode, StringComparer.Ordinal).ToList();
        await audit.RecordAsync(AuditAction.Read, $"Patient/{patientId}/case-notes", patientId, detail: $"{volumes.Count} case-note volume(s) listed", ct: ct);
        return volumes;
    }

    public async Task<IReadOnlyList<CaseNoteMovementView>> HistoryAsync(Guid volumeId, CancellationToken ct)
    {
        var locations = await db.Set<CaseNoteLocation>().AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var rows = await db.Set<CaseNoteMovement>().AsNoTracking().Where(m => m.VolumeId == volumeId)
            .OrderByDescending(m => m.MovedAt).ThenByDescending(m => m.Id).Take(200).ToListAsync(ct);
        return rows.Select(m => new CaseNoteMovementView(m.MovedAt, m.FromLocationId is { } f ? locations[f] : null, locations[m.ToLocationId],
            m.Holder, m.MovedByName, m.Method, m.Note)).ToList();
    }

    /// <summary>Opens the next volume of a patient's notes, in the library, with its barcode.</summary>
    public async Task<CaseNoteResult> OpenVolumeAsync(Guid patientId, CancellationToken ct)
    {
        if (!actors.Current.Has(Permissions.CaseNotesManage))
        {
            return await DeniedAsync(patientId, "open a volume", ct);
        }

        var patient = await db.Set<Patient>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId, ct);
        if (patient is null)
        {
            return new CaseNoteResult(CaseNoteStatus.NotFound, null, Error("patient", "There is no such patient."));
        }

        if (!patient.Active)
        {
            return new CaseNoteResult(CaseNoteStatus.Invalid, null, Error("patient",
                "This record has been merged into another or is inactive: open the volume on the record that is in use."));
        }

        for (var attempt = 0; ; attempt++)
        {
            var next = 1 + (await db.Set<CaseNoteVolume>().Where(v => v.PatientId == patientId).MaxAsync(v => (int?)v.VolumeNumber, ct) ?? 0);
            var now = clock.GetUtcNow().UtcDateTime;
            var volume = new CaseNoteVolume
            {
                PatientId = patientId, VolumeNumber = next, Barcode = CaseNoteVolume.BarcodeFor(patient, next),
                LocationId = CaseNoteLocation.LibraryId, LocationSince = now, CreatedAt = now, CreatedBy = actors.Current.Name,
            };
            db.Set<CaseNoteVolume>().Add(volume);
            db.Set<CaseNoteMovement>().Add(Movement(volume, null, "created", null, now));
            audit.Add(AuditAction.Create, $"CaseNoteVolume/{volume.Id}", patientId, detail: $"volume {next} opened, barcode {volume.Barcode}");
            try
            {
                await db.SaveChangesAsync(ct);
                return new CaseNoteResult(CaseNoteStatus.Done, await Query(x => x.V.Id == volume.Id).FirstAsync(ct), NoErrors());
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < 3)
            {
                // Two clerks opened a volume at once and both chose the same number: take the next one.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Barcoded labels (50 x 25 mm, one per page) for a patient's volumes, or for one of them. The label says the name,
    /// NHS number, date of birth and volume number, and carries the barcode the scan box reads.
    /// </summary>
    public async Task<(byte[]? Pdf, int Status, string? Problem)> LabelsAsync(Patient patient, Guid? volumeId, CancellationToken ct)
    {
        var volumes = (await Query(x => x.V.PatientId == patient.Id && (volumeId == null || x.V.Id == volumeId)).ToListAsync(ct))
            .OrderBy(v => v.VolumeNumber).ThenBy(v => v.Barcode, StringComparer.Ordinal).ToList();
        if (volumes.Count == 0)
        {
            return (null, 404, volumeId is null ? "This patient has no case-note volumes to label." : "This patient has no such volume.");
        }

        var blocks = new List<PrintBlock>();
        foreach (var v in volumes)
        {
            if (blocks.Count > 0)
            {
                blocks.Add(new PrintPageBreak());
            }

            blocks.Add(new PrintParagraph(patient.DisplayName, Bold: true, Size: 7));
            blocks.Add(new PrintParagraph($"NHS {UkFormat.NhsNumber(patient.NhsNumber)}  Born {UkFormat.Date(patient.BirthDate)}  Vol {v.VolumeNumber}"));
            blocks.Add(new PrintBarcode(v.Barcode, HeightMm: 10));
        }

        try
        {
            var pdf = PdfRenderer.Render(new PrintDocument(string.Empty, blocks), PageFormat.SmallLabel);
            await audit.RecordManyAsync(AuditAction.Read, volumes.Select(v => ($"CaseNoteVolume/{v.VolumeId}", (Guid?)patient.Id)), "case-note label printed", ct);
            return (pdf, 200, null);
        }
        catch (PrintOverflowException e)
        {
            return (null, 422, $"The label does not fit: {e.Message}");
        }
    }

    /// <summary>Finds a volume by the barcode on its label (as scanned or typed; spaces and case do not matter).</summary>
    public async Task<CaseNoteVolumeView?> FindByBarcodeAsync(string? barcode, CancellationToken ct)
    {
        var code = NormaliseBarcode(barcode);
        return code is null ? null : await Query(x => x.V.Barcode == code).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Records that a volume has moved to a location (and, optionally, to a named holder). Any movement clears the
    /// missing flag: the volume has been found. <paramref name="expectedVersion"/> guards a click on a stale page.
    /// </summary>
    public async Task<CaseNoteResult> MoveAsync(string? barcode, Guid? volumeId, int? locationId, string? holder, string method, int? expectedVersion, string? note, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        holder = FreeText.Clean(holder);
        note = FreeText.Clean(note);
        if (holder?.Length > MaxHolderLength)
        {
            errors["holder"] = [$"The holder's name can be up to {MaxHolderLength} characters."];
        }

        if (note?.Length > MaxNoteLength)
        {
            errors["note"] = [$"The note can be up to {MaxNoteLength} characters."];
        }

        var location = locationId is { } lid ? await db.Set<CaseNoteLocation>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == lid && l.Active, ct) : null;
        if (location is null)
        {
            errors["location"] = ["Choose where the volume is going."];
        }

        CaseNoteVolume? volume = null;
        if (volumeId is { } id)
        {
            volume = await db.Set<CaseNoteVolume>().FirstOrDefaultAsync(v => v.Id == id, ct);
        }
        else if (NormaliseBarcode(barcode) is { } code)
        {
            volume = await db.Set<CaseNoteVolume>().FirstOrDefaultAsync(v => v.Barcode == code, ct);
        }

        if (volume is null)
        {
            errors["barcode"] = [string.IsNullOrWhiteSpace(barcode) && volumeId is null
                ? "Scan or type the barcode on the volume's label."
                : "No case-note volume has this barcode. Check the label, or type it again."];
        }

        if (errors.Count > 0)
        {
            var lookedUp = volumeId is not null || !string.IsNullOrWhiteSpace(barcode);
            return new CaseNoteResult(volume is null && lookedUp ? CaseNoteStatus.NotFound : CaseNoteStatus.Invalid, null, errors);
        }

        if (!actors.Current.Has(Permissions.CaseNotesTrack))
        {
            return await DeniedAsync(volume!.PatientId, "move a volume", ct);
        }

        if (expectedVersion is { } v && v != volume!.Version)
        {
            return new CaseNoteResult(CaseNoteStatus.Stale, null, Error("location", "Someone else has moved this volume since you opened the page. Look again."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var from = volume!.LocationId;
        db.Set<CaseNoteMovement>().Add(Movement(volume, from, method, note, now, location!.Id, holder));
        volume.LocationId = location.Id;
        volume.Holder = holder;
        volume.LocationSince = now;
        var wasMissing = volume.Missing;
        volume.Missing = false;
        volume.MissingSince = null;
        volume.MissingNote = null;
        volume.Version++;
        audit.Add(AuditAction.Update, $"CaseNoteVolume/{volume.Id}", volume.PatientId,
            detail: $"moved by {method} to {location.Code}{(holder is null ? string.Empty : " (with a named holder)")}{(wasMissing ? "; found, no longer missing" : string.Empty)}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new CaseNoteResult(CaseNoteStatus.Stale, null, Error("location", "Someone else moved this volume at the same moment. Look again."));
        }

        return new CaseNoteResult(CaseNoteStatus.Done, await Query(x => x.V.Id == volume.Id).FirstAsync(ct), NoErrors(),
            await BannerAsync(volume.PatientId, ct));
    }

    /// <summary>Flags a volume as missing: it is not where it was recorded and cannot be found.</summary>
    public async Task<CaseNoteResult> MarkMissingAsync(Guid volumeId, string? note, CancellationToken ct)
    {
        var volume = await db.Set<CaseNoteVolume>().FirstOrDefaultAsync(v => v.Id == volumeId, ct);
        if (volume is null)
        {
            return new CaseNoteResult(CaseNoteStatus.NotFound, null, Error("volume", "There is no such volume."));
        }

        if (!actors.Current.Has(Permissions.CaseNotesManage))
        {
            return await DeniedAsync(volume.PatientId, "flag a volume missing", ct);
        }

        note = FreeText.Clean(note);
        if (note is null || note.Length > MaxNoteLength)
        {
            return new CaseNoteResult(CaseNoteStatus.Invalid, null, Error("missingNote",
                $"Say where it was looked for (up to {MaxNoteLength} characters)."));
        }

        if (!volume.Missing)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            volume.Missing = true;
            volume.MissingSince = now;
            volume.MissingNote = note;
            volume.Version++;
            db.Set<CaseNoteMovement>().Add(Movement(volume, volume.LocationId, "missing", note, now));
            audit.Add(AuditAction.Update, $"CaseNoteVolume/{volume.Id}", volume.PatientId, detail: "flagged missing");
            await db.SaveChangesAsync(ct);
        }

        return new CaseNoteResult(CaseNoteStatus.Done, await Query(x => x.V.Id == volume.Id).FirstAsync(ct), NoErrors());
    }

    /// <summary>Volumes away from the library and off-site store for longer than the configured number of days, longest first.</summary>
    public async Task<IReadOnlyList<CaseNoteWorkItem>> OverdueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-OverdueAfterDays);
        var rows = await Query(x => !x.V.Missing && x.V.LocationSince < cutoff
                                    && x.L.Kind != CaseNoteLocationKind.Library && x.L.Kind != CaseNoteLocationKind.OffSiteStore)
            .ToListAsync(ct);
        rows = rows.OrderBy(v => v.LocationSince).Take(500).ToList();
        return await WorkItemsAsync(rows, now, "overdue case-note returns listed", ct);
    }

    public async Task<IReadOnlyList<CaseNoteWorkItem>> MissingAsync(CancellationToken ct)
    {
        var rows = (await Query(x => x.V.Missing).Take(500).ToListAsync(ct)).OrderBy(v => v.MissingSince).ToList();
        return await WorkItemsAsync(rows, clock.GetUtcNow().UtcDateTime, "missing case-note volumes listed", ct);
    }

    private async Task<IReadOnlyList<CaseNoteWorkItem>> WorkItemsAsync(List<CaseNoteVolumeView> rows, DateTime now, string detail, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.PatientId).Distinct().ToList();
        var patients = await db.Set<Patient>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var seeSensitive = actors.Current.Has(Permissions.PatientsSensitive);
        var items = rows.Select(r =>
        {
            var p = patients[r.PatientId];
            var banner = p.Sensitive && !seeSensitive
                ? new PatientBannerModel(p.Id, "Restricted record", null, null, string.Empty, ["Restricted record"])
                : PatientsModule.Banner(p);
            return new CaseNoteWorkItem(r, banner, (int)(now - r.LocationSince).TotalDays);
        }).ToList();
        await audit.RecordManyAsync(AuditAction.Search, items.Select(i => ($"CaseNoteVolume/{i.Volume.VolumeId}", (Guid?)i.Volume.PatientId)), detail, ct);
        return items;
    }

    internal IQueryable<CaseNoteVolumeView> Query(Expression<Func<VolumeAt, bool>>? filter = null)
    {
        var joined = from v in db.Set<CaseNoteVolume>().AsNoTracking()
                     join l in db.Set<CaseNoteLocation>().AsNoTracking() on v.LocationId equals l.Id
                     select new VolumeAt { V = v, L = l };
        if (filter is not null)
        {
            joined = joined.Where(filter);
        }

        return joined.Select(x => new CaseNoteVolumeView(x.V.Id, x.V.PatientId, x.V.VolumeNumber, x.V.Barcode, x.L.Id, x.L.Code, x.L.Name, x.L.Kind,
            x.V.Holder, x.V.LocationSince, x.V.Missing, x.V.MissingSince, x.V.MissingNote, x.V.Version));
    }

    internal sealed class VolumeAt
    {
        public CaseNoteVolume V { get; init; } = null!;

        public CaseNoteLocation L { get; init; } = null!;
    }

    private async Task<PatientBannerModel?> BannerAsync(Guid patientId, CancellationToken ct)
    {
        var p = await db.Set<Patient>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == patientId, ct);
        if (p is null)
        {
            return null;
        }

        return await access.DecideAsync(p.Id, p.Sensitive, ct) == PatientAccessDecision.Allowed
            ? PatientsModule.Banner(p)
            : new PatientBannerModel(p.Id, "Restricted record", null, null, string.Empty, ["Restricted record"]);
    }

    private CaseNoteMovement Movement(CaseNoteVolume v, int? from, string method, string? note, DateTime now, int? to = null, string? holder = null) => new()
    {
        VolumeId = v.Id, FromLocationId = from, ToLocationId = to ?? v.LocationId, Holder = holder, MovedAt = now,
        MovedById = actors.Current.Id, MovedByName = actors.Current.Name, Method = method, Note = note,
    };

    private async Task<CaseNoteResult> DeniedAsync(Guid patientId, string what, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await audit.RecordAsync(AuditAction.Update, $"Patient/{patientId}/case-notes", patientId, AuditOutcome.Denied, $"{what}: no permission", ct);
        return new CaseNoteResult(CaseNoteStatus.Denied, null, Error("permission", "Your role cannot do this."));
    }

    public static string? NormaliseBarcode(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        var code = new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return code.Length is > 0 and <= 30 ? code : null;
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };

    private static Dictionary<string, string[]> NoErrors() => new();
}
