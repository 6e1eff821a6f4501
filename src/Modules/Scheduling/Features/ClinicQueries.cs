using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public sealed record SessionSummary(ClinicSession Session, int Slots, int Free, int Booked);

public sealed record ClinicDetail(Clinic Clinic, IReadOnlyList<ClinicTemplate> Templates, IReadOnlyList<SessionSummary> Sessions);

/// <summary>Reads clinics, their templates and their sessions with slot counts (no patient data).</summary>
public sealed class ClinicQueries(InfirmaryDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<Clinic>> ListAsync(CancellationToken ct) =>
        await db.Set<Clinic>().AsNoTracking().OrderBy(c => c.Specialty).ThenBy(c => c.Name).ToListAsync(ct);

    public async Task<ClinicDetail?> GetAsync(Guid id, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var clinic = await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (clinic is null)
        {
            return null;
        }

        var templates = await db.Set<ClinicTemplate>().AsNoTracking().Where(t => t.ClinicId == id)
            .OrderBy(t => t.DayOfWeek).ThenBy(t => t.StartTime).ToListAsync(ct);
        var first = from ?? LondonTime.Today(clock);
        var last = to ?? first.AddDays(41);
        var sessions = await db.Set<ClinicSession>().AsNoTracking()
            .Where(s => s.ClinicId == id && s.Date >= first && s.Date <= last)
            .OrderBy(s => s.StartsAt).ToListAsync(ct);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var counts = await db.Set<Slot>().AsNoTracking().Where(s => sessionIds.Contains(s.SessionId))
            .GroupBy(s => s.SessionId)
            .Select(g => new { g.Key, All = g.Count(), Free = g.Count(s => s.Status == SlotStatus.Free) })
            .ToDictionaryAsync(x => x.Key, ct);
        return new ClinicDetail(clinic, templates, [.. sessions.Select(s => counts.TryGetValue(s.Id, out var c)
            ? new SessionSummary(s, c.All, c.Free, c.All - c.Free)
            : new SessionSummary(s, 0, 0, 0))]);
    }
}
