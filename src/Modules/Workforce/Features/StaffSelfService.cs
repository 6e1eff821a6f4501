using System.Globalization;
using System.Text;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Infirmary.Rostering;
using Infirmary.Workforce.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Workforce.Features;

/// <summary>One published shift as its holder sees it, with local and UTC times.</summary>
public sealed record MyShift(Guid RotaId, string Team, DateOnly Date, string Code, string Name, DateTime StartUtc, DateTime EndUtc);

/// <summary>Leave balance for the leave year (1 April to 31 March, as most NHS employers use).</summary>
public sealed record LeaveBalance(int Entitlement, int Taken, int Booked, DateOnly YearStart)
{
    public int Remaining => Entitlement - Taken - Booked;
}

/// <summary>What a member of staff does for themselves: see their shifts, ask for leave, ask to swap a shift.</summary>
public sealed class StaffSelfService(InfirmaryDbContext db, TimeProvider clock, ActorAccessor actors, Rotas rotas)
{
    public async Task<StaffMember?> MeAsync(CancellationToken ct)
    {
        var userName = actors.Current.Name;
        return await db.Set<StaffMember>().AsNoTracking().Include(s => s.Skills).FirstOrDefaultAsync(s => s.UserName == userName, ct);
    }

    /// <summary>Published shifts of <paramref name="staffId"/> from <paramref name="first"/> for <paramref name="days"/> days.</summary>
    public async Task<List<MyShift>> ShiftsAsync(Guid staffId, DateOnly first, int days, CancellationToken ct)
    {
        var last = first.AddDays(days - 1);
        var rows = await (from s in db.Set<RotaShift>().AsNoTracking()
                          join r in db.Set<Rota>() on s.RotaId equals r.Id
                          join t in db.Set<Team>() on r.TeamId equals t.Id
                          where s.StaffMemberId == staffId && r.Status == RotaStatus.Published && s.Date >= first && s.Date <= last
                          orderby s.Date
                          select new { s.RotaId, s.Date, s.ShiftCode, TeamId = t.Id, t.Name }).ToListAsync(ct);
        var teamIds = rows.Select(r => r.TeamId).Distinct().ToList();
        var definitions = await db.Set<ShiftDefinition>().AsNoTracking().Where(d => teamIds.Contains(d.TeamId)).ToListAsync(ct);
        return rows.Select(r =>
        {
            var def = definitions.First(d => d.TeamId == r.TeamId && d.Code == r.ShiftCode);
            var start = ToUtc(r.Date, def.StartMinute);
            return new MyShift(r.RotaId, r.Name, r.Date, r.ShiftCode, def.Name, start, start.AddMinutes(def.LengthMinutes));
        }).ToList();
    }

    /// <summary>
    /// A shift's start in UTC from its local (Europe/London) date and time: a 07:00 early is 07:00 on the ward clock
    /// whether it is GMT or BST.
    /// </summary>
    public static DateTime ToUtc(DateOnly date, int startMinute)
    {
        var local = date.ToDateTime(new TimeOnly(startMinute / 60, startMinute % 60), DateTimeKind.Unspecified);
        // A time skipped by the spring change (01:00–02:00) is read as the hour after.
        if (UkFormat.London.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, UkFormat.London);
    }

    /// <summary>An iCalendar (RFC 5545) feed of published shifts, so staff see them in their phone's calendar.</summary>
    public static string Calendar(string staffName, IEnumerable<MyShift> shifts, DateTime nowUtc)
    {
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append("\r\n");
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//Infirmary//Rota//EN");
        Line("CALSCALE:GREGORIAN");
        Line("X-WR-CALNAME:" + Escape($"Shifts – {staffName}"));
        var stamp = nowUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        foreach (var s in shifts)
        {
            Line("BEGIN:VEVENT");
            Line($"UID:{s.RotaId:N}-{s.Date:yyyyMMdd}@infirmary");
            Line("DTSTAMP:" + stamp);
            Line("DTSTART:" + s.StartUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            Line("DTEND:" + s.EndUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            Line("SUMMARY:" + Escape($"{s.Name} ({s.Code}) – {s.Team}"));
            Line("END:VEVENT");
        }

        Line("END:VCALENDAR");
        return sb.ToString();
    }

    public async Task<LeaveBalance> BalanceAsync(StaffMember me, CancellationToken ct)
    {
        var today = UkFormat.TodayInLondon(clock);
        var yearStart = new DateOnly(today.Month >= 4 ? today.Year : today.Year - 1, 4, 1);
        var yearEnd = yearStart.AddYears(1).AddDays(-1);
        var annual = await db.Set<LeaveRequest>().AsNoTracking()
            .Where(l => l.StaffMemberId == me.Id && l.Kind == LeaveKinds.Annual && l.Status != RequestStatus.Declined && l.FirstDay <= yearEnd && l.LastDay >= yearStart)
            .ToListAsync(ct);
        var taken = annual.Where(l => l.Status == RequestStatus.Approved).Sum(l => WorkingDays(l, yearStart, yearEnd));
        var booked = annual.Where(l => l.Status == RequestStatus.Requested).Sum(l => WorkingDays(l, yearStart, yearEnd));
        return new LeaveBalance(me.AnnualLeaveDays, taken, booked, yearStart);
    }

    public Task<List<LeaveRequest>> MyLeaveAsync(Guid staffId, CancellationToken ct) =>
        db.Set<LeaveRequest>().AsNoTracking().Where(l => l.StaffMemberId == staffId).OrderByDescending(l => l.FirstDay).Take(50).ToListAsync(ct);

    public async Task<WorkforceOutcome<LeaveRequest>> RequestLeaveAsync(string kind, DateOnly first, DateOnly last, string? note, CancellationToken ct)
    {
        if (await MeAsync(ct) is not { } me)
        {
            return Outcome.Refused<LeaveRequest>(403, "Your login is not linked to a staff record. Ask your manager to link it.");
        }

        if (!LeaveKinds.All.Contains(kind))
        {
            return Outcome.Refused<LeaveRequest>(400, "Choose annual leave, sickness or study leave.");
        }

        if (last < first)
        {
            return Outcome.Refused<LeaveRequest>(400, "The last day of leave must be on or after the first day.");
        }

        note = FreeText.Clean(note);
        if (FreeText.TooLong(note, "The note", WorkforceText.MaxTyped) is { } tooLong)
        {
            return Outcome.Refused<LeaveRequest>(400, tooLong);
        }

        if (last.DayNumber - first.DayNumber > 365)
        {
            return Outcome.Refused<LeaveRequest>(400, "Leave is requested for at most a year at a time.");
        }

        var overlapping = await db.Set<LeaveRequest>().AnyAsync(l => l.StaffMemberId == me.Id && l.Status != RequestStatus.Declined && l.FirstDay <= last && l.LastDay >= first, ct);
        if (overlapping)
        {
            return Outcome.Refused<LeaveRequest>(409, "You already have leave requested or approved on some of those days.");
        }

        var request = new LeaveRequest
        {
            Id = Guid.NewGuid(),
            StaffMemberId = me.Id,
            Kind = kind,
            FirstDay = first,
            LastDay = last,
            Note = note,
            RequestedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (kind == LeaveKinds.Annual)
        {
            var balance = await BalanceAsync(me, ct);
            var wanted = WorkingDays(request, balance.YearStart, balance.YearStart.AddYears(1).AddDays(-1));
            if (wanted > balance.Remaining)
            {
                return Outcome.Refused<LeaveRequest>(422, $"That is {wanted} working days of annual leave; you have {balance.Remaining} left this leave year.");
            }
        }

        db.Add(request);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(request);
    }

    /// <summary>Leave waiting for a decision, with the requester's name, for the manager.</summary>
    public async Task<List<(LeaveRequest Leave, string Name)>> PendingLeaveAsync(CancellationToken ct)
    {
        var rows = await (from l in db.Set<LeaveRequest>().AsNoTracking()
                          join s in db.Set<StaffMember>() on l.StaffMemberId equals s.Id
                          where l.Status == RequestStatus.Requested
                          orderby l.FirstDay
                          select new { l, s.Name }).ToListAsync(ct);
        return rows.Select(r => (r.l, r.Name)).ToList();
    }

    public async Task<WorkforceOutcome<LeaveRequest>> DecideLeaveAsync(Guid id, bool approve, CancellationToken ct)
    {
        var leave = await db.Set<LeaveRequest>().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (leave is null)
        {
            return Outcome.Refused<LeaveRequest>(404, "There is no such leave request.");
        }

        if (leave.Status != RequestStatus.Requested)
        {
            return Outcome.Refused<LeaveRequest>(409, $"This request was already {leave.Status}.");
        }

        leave.Status = approve ? RequestStatus.Approved : RequestStatus.Declined;
        leave.DecidedBy = Rotas.Who(actors);
        leave.DecidedAt = clock.GetUtcNow().UtcDateTime;
        leave.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Refused<LeaveRequest>(409, "Someone else decided this request at the same moment.");
        }

        return Outcome.Ok(leave);
    }

    public Task<List<ShiftPreference>> MyRequestsAsync(Guid staffId, DateOnly from, CancellationToken ct) =>
        db.Set<ShiftPreference>().AsNoTracking().Where(p => p.StaffMemberId == staffId && p.Date >= from).OrderBy(p => p.Date).Take(50).ToListAsync(ct);

    /// <summary>
    /// A wish for a future rota: to work a shift, or not to work (a shift, or the whole day). The solver honours as
    /// many as it can, weighing them by priority; they are not leave and nobody approves them.
    /// </summary>
    public async Task<WorkforceOutcome<ShiftPreference>> RequestShiftAsync(DateOnly date, string? shiftCode, bool on, int priority, CancellationToken ct)
    {
        if (await MeAsync(ct) is not { } me)
        {
            return Outcome.Refused<ShiftPreference>(403, "Your login is not linked to a staff record. Ask your manager to link it.");
        }

        if (date <= UkFormat.TodayInLondon(clock))
        {
            return Outcome.Refused<ShiftPreference>(400, "Requests are for days after today.");
        }

        if (priority is < 1 or > 3)
        {
            return Outcome.Refused<ShiftPreference>(400, "Priority is 1 (nice to have) to 3 (important).");
        }

        shiftCode = FreeText.Clean(shiftCode);
        if (shiftCode is null && on)
        {
            return Outcome.Refused<ShiftPreference>(400, "Say which shift you would like to work.");
        }

        if (shiftCode is not null && !await db.Set<ShiftDefinition>().AnyAsync(s => s.TeamId == me.TeamId && s.Code == shiftCode, ct))
        {
            return Outcome.Refused<ShiftPreference>(400, $"Your team has no shift \"{shiftCode}\".");
        }

        if (await db.Set<ShiftPreference>().AnyAsync(p => p.StaffMemberId == me.Id && p.Date == date, ct))
        {
            return Outcome.Refused<ShiftPreference>(409, $"You already have a request for {UkFormat.Date(date)}.");
        }

        var preference = new ShiftPreference { Id = Guid.NewGuid(), StaffMemberId = me.Id, Date = date, ShiftCode = shiftCode, On = on, Priority = priority };
        db.Add(preference);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(preference);
    }

    public Task<List<ShiftDefinition>> TeamShiftsAsync(Guid teamId, CancellationToken ct) =>
        db.Set<ShiftDefinition>().AsNoTracking().Where(s => s.TeamId == teamId).OrderBy(s => s.StartMinute).ToListAsync(ct);

    /// <summary>Colleagues on the same team, for the swap form.</summary>
    public Task<List<StaffMember>> ColleaguesAsync(StaffMember me, CancellationToken ct) =>
        db.Set<StaffMember>().AsNoTracking().Where(s => s.TeamId == me.TeamId && s.Active && s.Id != me.Id).OrderBy(s => s.Name).ToListAsync(ct);

    public async Task<List<SwapRequest>> MySwapsAsync(Guid staffId, CancellationToken ct) =>
        await db.Set<SwapRequest>().AsNoTracking().Where(s => s.RequesterId == staffId || s.OtherId == staffId).OrderByDescending(s => s.RequestedAt).Take(20).ToListAsync(ct);

    /// <summary>
    /// Asks to give my shift on <paramref name="myDate"/> to a colleague and take theirs on <paramref name="theirDate"/>
    /// (on the same day, the two simply exchange shifts). Both days must be on the same published rota.
    /// </summary>
    public async Task<WorkforceOutcome<SwapRequest>> RequestSwapAsync(DateOnly myDate, Guid otherId, DateOnly theirDate, string? note, CancellationToken ct)
    {
        if (await MeAsync(ct) is not { } me)
        {
            return Outcome.Refused<SwapRequest>(403, "Your login is not linked to a staff record. Ask your manager to link it.");
        }

        if (otherId == me.Id)
        {
            return Outcome.Refused<SwapRequest>(400, "Choose a colleague to swap with.");
        }

        note = FreeText.Clean(note);
        if (FreeText.TooLong(note, "The note", WorkforceText.MaxTyped) is { } tooLong)
        {
            return Outcome.Refused<SwapRequest>(400, tooLong);
        }

        var today = UkFormat.TodayInLondon(clock);
        if (myDate < today || theirDate < today)
        {
            return Outcome.Refused<SwapRequest>(400, "Shifts in the past cannot be swapped.");
        }

        var mine = await db.Set<RotaShift>().AsNoTracking()
            .Where(s => s.StaffMemberId == me.Id && s.Date == myDate)
            .Join(db.Set<Rota>().Where(r => r.Status == RotaStatus.Published), s => s.RotaId, r => r.Id, (s, r) => s)
            .FirstOrDefaultAsync(ct);
        if (mine is null)
        {
            return Outcome.Refused<SwapRequest>(400, $"You have no published shift on {UkFormat.Date(myDate)}.");
        }

        var theirs = await db.Set<RotaShift>().AsNoTracking().FirstOrDefaultAsync(s => s.RotaId == mine.RotaId && s.StaffMemberId == otherId && s.Date == theirDate, ct);
        var rota = await db.Set<Rota>().AsNoTracking().FirstAsync(r => r.Id == mine.RotaId, ct);
        if (theirDate < rota.StartDate || theirDate > rota.EndDate)
        {
            return Outcome.Refused<SwapRequest>(400, $"{UkFormat.Date(theirDate)} is not on the same rota.");
        }

        if (theirs is null && theirDate == myDate)
        {
            return Outcome.Refused<SwapRequest>(400, "Your colleague is not working that day; ask them to cover your shift with a swap for one of their days instead.");
        }

        var swap = new SwapRequest
        {
            Id = Guid.NewGuid(),
            RotaId = rota.Id,
            RequesterId = me.Id,
            RequesterDate = myDate,
            OtherId = otherId,
            OtherDate = theirDate,
            Note = note,
            RequestedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(swap);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(swap);
    }

    /// <summary>
    /// The manager's decision on a swap. Approving applies it to the published rota only if no hard rule is newly broken
    /// (rest, consecutive shifts, skills cover …); otherwise the approval is refused with the rules named.
    /// </summary>
    public async Task<WorkforceOutcome<SwapRequest>> DecideSwapAsync(Guid swapId, bool approve, string? reason, CancellationToken ct)
    {
        reason = FreeText.Clean(reason);
        if (FreeText.TooLong(reason, "The reason", WorkforceText.MaxTyped) is { } tooLong)
        {
            return Outcome.Refused<SwapRequest>(400, tooLong);
        }

        var swap = await db.Set<SwapRequest>().FirstOrDefaultAsync(s => s.Id == swapId, ct);
        if (swap is null)
        {
            return Outcome.Refused<SwapRequest>(404, "There is no such swap request.");
        }

        if (swap.Status != RequestStatus.Requested)
        {
            return Outcome.Refused<SwapRequest>(409, $"This swap was already {swap.Status}.");
        }

        swap.Status = approve ? RequestStatus.Approved : RequestStatus.Declined;
        swap.DecidedBy = Rotas.Who(actors);
        swap.DecidedAt = clock.GetUtcNow().UtcDateTime;
        swap.DecisionReason = reason;
        swap.Version++;
        if (!approve)
        {
            await db.SaveChangesAsync(ct);
            return Outcome.Ok(swap);
        }

        var rota = await db.Set<Rota>().Include(r => r.Shifts).FirstAsync(r => r.Id == swap.RotaId, ct);
        var team = (await rotas.LoadTeamAsync(rota.TeamId, ct))!;
        var inputs = await rotas.InputsAsync(team, rota.StartDate, rota.Days, ct, rota.Shifts.Select(s => s.StaffMemberId));
        var problem = RotaProblemFactory.Build(inputs);
        var before = Rotas.Keys(RosterChecker.Evaluate(problem, Rotas.Assignments(rota)));
        var mine = rota.Shifts.FirstOrDefault(s => s.StaffMemberId == swap.RequesterId && s.Date == swap.RequesterDate)?.ShiftCode;
        var theirs = rota.Shifts.FirstOrDefault(s => s.StaffMemberId == swap.OtherId && s.Date == swap.OtherDate)?.ShiftCode;
        if (mine is null)
        {
            return Outcome.Refused<SwapRequest>(409, "The requester no longer has that shift; the rota has changed since the request.");
        }

        var requesterOnOtherDay = rota.Shifts.FirstOrDefault(s => s.StaffMemberId == swap.RequesterId && s.Date == swap.OtherDate)?.ShiftCode;
        var otherOnMyDay = rota.Shifts.FirstOrDefault(s => s.StaffMemberId == swap.OtherId && s.Date == swap.RequesterDate)?.ShiftCode;
        if (swap.RequesterDate != swap.OtherDate && (requesterOnOtherDay is not null || otherOnMyDay is not null))
        {
            return Outcome.Refused<SwapRequest>(409, "One of the two is already working on the other's day, so the shifts cannot simply be exchanged.");
        }

        Rotas.Apply(rota, swap.RequesterId, swap.RequesterDate, theirs is not null && swap.RequesterDate == swap.OtherDate ? theirs : null);
        Rotas.Apply(rota, swap.OtherId, swap.RequesterDate, mine);
        if (swap.RequesterDate != swap.OtherDate)
        {
            Rotas.Apply(rota, swap.OtherId, swap.OtherDate, null);
            Rotas.Apply(rota, swap.RequesterId, swap.OtherDate, theirs);
        }

        var names = Rotas.Names(inputs.Staff);
        var added = RosterChecker.Evaluate(problem, Rotas.Assignments(rota)).HardViolations.Where(v => !before.Contains(Rotas.Key(v))).ToList();
        if (added.Count > 0)
        {
            return Outcome.Refused<SwapRequest>(409,
                "Approving this swap would break a rule: " + string.Join("; ", added.Select(v => Rotas.Breach(v, rota.StartDate, names).Message)) + ". Decline it, or change the rota by hand.");
        }

        var requester = names.GetValueOrDefault(swap.RequesterId.ToString(), "requester");
        var other = names.GetValueOrDefault(swap.OtherId.ToString(), "colleague");
        var change = rotas.Record(rota, $"Swap approved: {requester} {UkFormat.Date(swap.RequesterDate)} ({mine}) with {other} {UkFormat.Date(swap.OtherDate)} ({theirs ?? "off"})", false, swap.DecisionReason);
        var saved = await rotas.SaveAsync(change, ct);
        return saved.Succeeded ? Outcome.Ok(swap) : Outcome.Refused<SwapRequest>(saved.Status, saved.Problem!);
    }

    private static int WorkingDays(LeaveRequest l, DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = l.FirstDay < from ? from : l.FirstDay; d <= l.LastDay && d <= to; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            {
                count++;
            }
        }

        return count;
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);
}
