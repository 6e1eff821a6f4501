using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

/// <summary>What a free-slot search asks for; every part optional. Dates are local (Europe/London) days.</summary>
public sealed record SlotQuery(Guid? ClinicianId = null, string? Specialty = null, string? Site = null, string? Type = null,
    DateOnly? From = null, DateOnly? To = null, Guid? ClinicId = null, int? Limit = null);

public sealed record SlotDto(
    Guid Id, Guid ClinicId, string ClinicName, string Specialty, string Site, string Room, Guid ClinicianId, string ClinicianName,
    Guid SessionId, DateTime StartsAt, DateTime EndsAt, DateOnly LocalDate, string LocalStart, string Type, int Place, string Status)
{
    public static SlotDto From(Slot s, Clinic c) => new(s.Id, c.Id, c.Name, c.Specialty, c.Site, c.Room, c.ClinicianId, c.ClinicianName,
        s.SessionId, s.StartsAt, s.EndsAt, LondonTime.LocalDate(s.StartsAt), TemplateDto.Hhmm(LondonTime.LocalTime(s.StartsAt)),
        Codes.Of(s.Type), s.Place, Codes.Of(s.Status));
}

/// <summary>
/// Free slots from now on, soonest first, across every clinic: by clinician, specialty, site, type, clinic and
/// date range. Only bookable slots: free, in an active session of an active clinic, not started yet.
/// </summary>
public sealed class SearchSlots(InfirmaryDbContext db, TimeProvider clock)
{
    public const int MaxLimit = 200;

    public async Task<Result<IReadOnlyList<SlotDto>>> HandleAsync(SlotQuery query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        SlotType? type = null;
        if (!string.IsNullOrWhiteSpace(query.Type))
        {
            if (Codes.TryParse<SlotType>(query.Type, out var t))
            {
                type = t;
            }
            else
            {
                errors["type"] = ["The type is one of new, follow-up, urgent, telephone or video."];
            }
        }

        if (query.From is { } f && query.To is { } to && to < f)
        {
            errors["to"] = ["The last date must be on or after the first."];
        }

        if (query.Limit is { } l && (l < 1 || l > MaxLimit))
        {
            errors["limit"] = [$"The limit is from 1 to {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<IReadOnlyList<SlotDto>>(errors, "The search needs correcting");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var earliest = query.From is { } from && LondonTime.Day(from).Start > now ? LondonTime.Day(from).Start : now;
        var q = from s in db.Set<Slot>().AsNoTracking()
                join session in db.Set<ClinicSession>() on s.SessionId equals session.Id
                join c in db.Set<Clinic>() on s.ClinicId equals c.Id
                where s.Status == SlotStatus.Free && s.StartsAt > earliest && session.Status == SessionStatus.Active && c.Active
                select new { s, c };
        if (query.To is { } last)
        {
            var end = LondonTime.Day(last).End;
            q = q.Where(x => x.s.StartsAt < end);
        }

        if (query.ClinicianId is { } clinician)
        {
            q = q.Where(x => x.s.ClinicianId == clinician);
        }

        if (query.ClinicId is { } clinic)
        {
            q = q.Where(x => x.s.ClinicId == clinic);
        }

        if (type is { } slotType)
        {
            q = q.Where(x => x.s.Type == slotType);
        }

#pragma warning disable CA1862 // ToUpper is what the database can translate; string.Equals with a comparison is not.
        if (!string.IsNullOrWhiteSpace(query.Specialty))
        {
            var specialty = query.Specialty.Trim().ToUpperInvariant();
            q = q.Where(x => x.c.Specialty.ToUpper() == specialty);
        }

        if (!string.IsNullOrWhiteSpace(query.Site))
        {
            var site = query.Site.Trim().ToUpperInvariant();
            q = q.Where(x => x.c.Site.ToUpper() == site);
        }
#pragma warning restore CA1862

        var found = await q.OrderBy(x => x.s.StartsAt).ThenBy(x => x.c.Name).ThenBy(x => x.s.Place)
            .Take(query.Limit ?? 50).ToListAsync(ct);
        return Result.Ok<IReadOnlyList<SlotDto>>([.. found.Select(x => SlotDto.From(x.s, x.c))]);
    }
}
