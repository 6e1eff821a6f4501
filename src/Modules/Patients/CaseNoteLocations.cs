using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients;

/// <summary>Where one case-note volume is now.</summary>
public sealed record CaseNoteVolumeLocation(
    Guid VolumeId,
    Guid PatientId,
    int VolumeNumber,
    string Barcode,
    string LocationCode,
    string LocationName,
    string LocationKind,
    string? Holder,
    DateTime Since,
    bool Missing);

/// <summary>
/// The Patients module's public surface for paper case notes: other modules (Scheduling's case-note pull lists) ask
/// where a patient's volumes are. Asked for a record that was merged away, it answers for the surviving record, where
/// the volumes now are. Each patient asked about is audited as a read.
/// </summary>
public interface ICaseNoteLocations
{
    Task<IReadOnlyList<CaseNoteVolumeLocation>> ForPatientAsync(Guid patientId, CancellationToken ct);

    /// <summary>Many patients at once (a clinic's pull list): one query, keyed by the patient id asked about.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<CaseNoteVolumeLocation>>> ForPatientsAsync(IReadOnlyCollection<Guid> patientIds, CancellationToken ct);
}

internal sealed class CaseNoteLocations(InfirmaryDbContext db, AuditTrail audit) : ICaseNoteLocations
{
    private const int MaxPatients = 2000;

    public async Task<IReadOnlyList<CaseNoteVolumeLocation>> ForPatientAsync(Guid patientId, CancellationToken ct) =>
        (await ForPatientsAsync([patientId], ct))[patientId];

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<CaseNoteVolumeLocation>>> ForPatientsAsync(IReadOnlyCollection<Guid> patientIds, CancellationToken ct)
    {
        var asked = patientIds.Distinct().ToList();
        if (asked.Count > MaxPatients)
        {
            throw new ArgumentException($"Ask about at most {MaxPatients} patients at once.", nameof(patientIds));
        }

        // Follow replaced-by links (a merge may have been merged again) so the volumes are found where they went.
        var holderOf = asked.ToDictionary(id => id, id => id);
        var pending = asked.ToList();
        for (var hop = 0; hop < 5 && pending.Count > 0; hop++)
        {
            var current = pending.Select(id => holderOf[id]).Distinct().ToList();
            var links = await db.Set<Patient>().AsNoTracking().Where(p => current.Contains(p.Id) && p.ReplacedById != null)
                .ToDictionaryAsync(p => p.Id, p => p.ReplacedById!.Value, ct);
            pending = pending.Where(id => links.ContainsKey(holderOf[id])).ToList();
            foreach (var id in pending)
            {
                holderOf[id] = links[holderOf[id]];
            }
        }

        var holders = holderOf.Values.Distinct().ToList();
        var rows = await (from v in db.Set<CaseNoteVolume>().AsNoTracking()
                          join l in db.Set<CaseNoteLocation>().AsNoTracking() on v.LocationId equals l.Id
                          where holders.Contains(v.PatientId)
                          select new { v.Id, v.PatientId, v.VolumeNumber, v.Barcode, l.Code, l.Name, l.Kind, v.Holder, v.LocationSince, v.Missing })
            .ToListAsync(ct);
        var byHolder = rows.GroupBy(r => r.PatientId).ToDictionary(g => g.Key, g => g
            .OrderBy(r => r.VolumeNumber).ThenBy(r => r.Barcode, StringComparer.Ordinal)
            .Select(r => new CaseNoteVolumeLocation(r.Id, r.PatientId, r.VolumeNumber, r.Barcode, r.Code, r.Name,
                CaseNoteLocation.KindName(r.Kind), r.Holder, r.LocationSince, r.Missing))
            .ToList());
        if (asked.Count > 0)
        {
            await audit.RecordManyAsync(AuditAction.Read, asked.Select(id => ($"Patient/{id}/case-notes", (Guid?)id)), "case-note locations read by another module", ct);
        }

        return asked.ToDictionary(id => id, id => (IReadOnlyList<CaseNoteVolumeLocation>)(byHolder.TryGetValue(holderOf[id], out var list) ? list : []));
    }
}
