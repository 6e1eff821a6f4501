using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Infirmary.Rostering;
using Infirmary.Workforce.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Infirmary.Workforce.Features;

/// <summary>Settings under <c>Infirmary:Workforce</c>.</summary>
public sealed class WorkforceOptions
{
    /// <summary>Longest a rota build may run; the best rota found by then is kept (with its bound).</summary>
    public double SolverSeconds { get; set; } = 20;

    /// <summary>A build also stops once its best rota has not improved for this long.</summary>
    public double PatienceSeconds { get; set; } = 3;

    public int SolverThreads { get; set; } = 2;
}

/// <summary>Success, or a refusal with the HTTP status that fits it and a message for the person.</summary>
public sealed record WorkforceOutcome<T>(T? Value, int Status, string? Problem)
    where T : class
{
    public bool Succeeded => Problem is null;
}

/// <summary>Builds <see cref="WorkforceOutcome{T}"/> values.</summary>
public static class Outcome
{
    public static WorkforceOutcome<T> Ok<T>(T value)
        where T : class => new(value, 200, null);

    public static WorkforceOutcome<T> Refused<T>(int status, string problem)
        where T : class => new(null, status, problem);
}

/// <summary>A hard-rule breach phrased for people: names, not ids; dates, not day numbers.</summary>
public sealed record RuleBreach(string Rule, Guid? StaffMemberId, DateOnly? Date, string Message);

/// <summary>A rota as the manager sees it: the grid, cover against the rules, and what breaks a rule.</summary>
public sealed record RotaView(
    Rota Rota,
    Team Team,
    IReadOnlyList<StaffMember> Staff,
    IReadOnlyDictionary<(Guid Staff, DateOnly Date), string> Shifts,
    IReadOnlyDictionary<(Guid Staff, DateOnly Date), string> Leave,
    IReadOnlyList<RuleBreach> Breaches,
    long Objective,
    IReadOnlyList<string> SoftIssues,
    IReadOnlyList<RotaChange> Changes,
    IReadOnlyList<SwapRequest> Swaps)
{
    public IEnumerable<DateOnly> Dates => Enumerable.Range(0, Rota.Days).Select(Rota.StartDate.AddDays);

    public int Count(DateOnly date, string shift, string? skill = null) =>
        Staff.Count(s => Shifts.TryGetValue((s.Id, date), out var code) && code == shift && (skill is null || s.Skills.Any(k => k.Skill == skill && k.ValidOn(date))));

    public string NameOf(Guid id) => Staff.FirstOrDefault(s => s.Id == id)?.Name ?? "a former member of staff";
}

/// <summary>A rota request that passed every check and is ready for the solver.</summary>
public sealed record RotaPlan(Team Team, DateOnly Start, int Days, RotaInputs Inputs, RosterProblem Problem);

/// <summary>Builds rotas with the rostering engine, shows them, applies the manager's edits, and publishes them.</summary>
public sealed class Rotas(InfirmaryDbContext db, TimeProvider clock, ActorAccessor actors, IOptions<WorkforceOptions> options)
{
    public const int MaxWeeks = 12;

    public Task<List<Team>> TeamsAsync(CancellationToken ct) => db.Set<Team>().AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);

    public async Task<List<(Rota Rota, string Team)>> ListAsync(CancellationToken ct)
    {
        var rows = await (from r in db.Set<Rota>().AsNoTracking()
                          join t in db.Set<Team>() on r.TeamId equals t.Id
                          orderby r.StartDate descending
                          select new { r, t.Name }).Take(100).ToListAsync(ct);
        return rows.Select(x => (x.r, x.Name)).ToList();
    }

    /// <summary>Solves a rota for <paramref name="weeks"/> weeks from <paramref name="start"/> and saves it as a draft.</summary>
    public async Task<WorkforceOutcome<Rota>> BuildAsync(Guid teamId, DateOnly start, int weeks, CancellationToken ct)
    {
        var plan = await PlanAsync(teamId, start, weeks, ct);
        return plan.Succeeded
            ? await SolveAsync(plan.Value!, Who(actors), null, ct)
            : Outcome.Refused<Rota>(plan.Status, plan.Problem!);
    }

    /// <summary>
    /// Everything checked before the solver starts, so a request that cannot succeed is answered at once: the
    /// period, the team, a published rota in the way, inconsistent rules, and cover that no one could meet.
    /// </summary>
    public async Task<WorkforceOutcome<RotaPlan>> PlanAsync(Guid teamId, DateOnly start, int weeks, CancellationToken ct)
    {
        if (weeks < 1 || weeks > MaxWeeks)
        {
            return Outcome.Refused<RotaPlan>(400, $"A rota covers 1 to {MaxWeeks} weeks.");
        }

        var today = UkFormat.TodayInLondon(clock);
        if (start < today)
        {
            return Outcome.Refused<RotaPlan>(400, $"A rota cannot start in the past (today is {UkFormat.Date(today)}).");
        }

        var team = await LoadTeamAsync(teamId, ct);
        if (team is null)
        {
            return Outcome.Refused<RotaPlan>(404, "There is no such team.");
        }

        if (team.Shifts.Count == 0)
        {
            return Outcome.Refused<RotaPlan>(400, $"{team.Name} has no shifts set up.");
        }

        var days = weeks * 7;
        var end = start.AddDays(days - 1);
        if ((await OverlappingAsync(teamId, start, end, ct)).FirstOrDefault(r => r.Status == RotaStatus.Published) is { } published)
        {
            return Outcome.Refused<RotaPlan>(409,
                $"A published rota for {team.Name} already covers {UkFormat.Date(published.StartDate)} to {UkFormat.Date(published.EndDate)}. Change that rota instead.");
        }

        var inputs = await InputsAsync(team, start, days, ct);
        if (inputs.Staff.Count == 0)
        {
            return Outcome.Refused<RotaPlan>(400, $"{team.Name} has no active staff to roster.");
        }

        RosterProblem problem;
        try
        {
            problem = RotaProblemFactory.Build(inputs);
            problem.Validate();
        }
        catch (ArgumentException ex)
        {
            return Outcome.Refused<RotaPlan>(400, $"The team's rules are inconsistent: {ex.Message}");
        }

        if (Relaxation(inputs) is { Count: > 0 } shortfalls)
        {
            return Outcome.Refused<RotaPlan>(422, "No rota can meet every hard rule: " + string.Join("; ", shortfalls) + ".");
        }

        return Outcome.Ok(new RotaPlan(team, start, days, inputs, problem));
    }

    /// <summary>
    /// Runs the solver on a checked plan and saves the best rota as a draft, replacing drafts for the same period.
    /// <paramref name="progress"/> hears of each better rota while the search runs (on a solver thread).
    /// </summary>
    public async Task<WorkforceOutcome<Rota>> SolveAsync(RotaPlan plan, string createdBy, Action<SolverProgress>? progress, CancellationToken ct)
    {
        var (team, start, days, inputs, problem) = plan;
        var teamId = team.Id;
        var result = RosterSolver.Solve(problem, new SolverOptions
        {
            TimeLimit = TimeSpan.FromSeconds(options.Value.SolverSeconds),
            Threads = options.Value.SolverThreads,
            FeasibilityFirst = true,
            StopAfterNoImprovement = TimeSpan.FromSeconds(options.Value.PatienceSeconds),
            OnProgress = progress,
        });
        if (result.Status == RosterStatus.Infeasible)
        {
            var names = Names(inputs.Staff);
            return Outcome.Refused<Rota>(422, result.Conflicts.Count == 0
                ? "No rota can meet every hard rule, and the solver could not narrow down which within the time allowed. Check the cover rules against the staff available and their leave."
                : "No rota can meet every hard rule. These rules conflict: " + string.Join("; ", result.Conflicts.Select(c => Humanise(c, names))) + ".");
        }

        if (result.Status == RosterStatus.Unknown)
        {
            return Outcome.Refused<Rota>(422,
                $"No rota was found within {options.Value.SolverSeconds:0} seconds. Check the cover rules against the staff available.");
        }

        // A new build replaces drafts for the same period. A rota published while this one was solving wins.
        var overlapping = await OverlappingAsync(teamId, start, start.AddDays(days - 1), ct);
        if (overlapping.FirstOrDefault(r => r.Status == RotaStatus.Published) is { } published)
        {
            return Outcome.Refused<Rota>(409,
                $"A rota for {team.Name} covering {UkFormat.Date(published.StartDate)} to {UkFormat.Date(published.EndDate)} was published while this one was being built. Change that rota instead.");
        }

        db.RemoveRange(overlapping);
        var rota = new Rota
        {
            Id = Guid.NewGuid(),
            TeamId = teamId,
            StartDate = start,
            Days = days,
            SolverStatus = result.Status.ToString().ToLowerInvariant(),
            Objective = result.Objective,
            Bound = result.Bound,
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        rota.Shifts.AddRange(result.Roster.Select(a => new RotaShift
        {
            Id = Guid.NewGuid(),
            RotaId = rota.Id,
            StaffMemberId = Guid.Parse(a.EmployeeId),
            Date = start.AddDays(a.Day),
            ShiftCode = a.ShiftId,
        }));
        db.Add(rota);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(rota);
    }

    /// <summary>
    /// Quick necessary conditions checked before solving, so a plainly impossible request is answered at once and by
    /// date: each cover minimum needs that many people (with the skill) not on leave, and one day's minimums together
    /// need that many different people.
    /// </summary>
    internal static List<string> Relaxation(RotaInputs inputs)
    {
        var shortfalls = new List<string>();
        for (var d = 0; d < inputs.Days && shortfalls.Count < 5; d++)
        {
            var date = inputs.Start.AddDays(d);
            var available = inputs.Staff.Where(s => !inputs.ApprovedLeave.Any(l => l.StaffMemberId == s.Id && l.FirstDay <= date && l.LastDay >= date)).ToList();
            var rules = inputs.Team.Cover.Where(r => r.Day is null || r.Day == date.DayOfWeek).ToList();
            foreach (var rule in rules)
            {
                var able = rule.Skill is null ? available.Count : available.Count(s => s.Skills.Any(k => k.Skill == rule.Skill && k.ValidOn(date)));
                if (rule.Minimum > able)
                {
                    shortfalls.Add($"on {UkFormat.Date(date)} the {rule.ShiftCode} shift needs at least {rule.Minimum}{(rule.Skill is null ? "" : $" with the skill {rule.Skill}")}, but only {able} are available");
                }
            }

            var needed = rules.Where(r => r.Skill is null).GroupBy(r => r.ShiftCode).Sum(g => g.Max(r => r.Minimum));
            if (needed > available.Count)
            {
                shortfalls.Add($"on {UkFormat.Date(date)} the cover rules need {needed} different people, but only {available.Count} are available");
            }
        }

        return shortfalls;
    }

    public async Task<RotaView?> ViewAsync(Guid rotaId, CancellationToken ct)
    {
        var rota = await db.Set<Rota>().AsNoTracking().Include(r => r.Shifts).FirstOrDefaultAsync(r => r.Id == rotaId, ct);
        if (rota is null || await LoadTeamAsync(rota.TeamId, ct) is not { } team)
        {
            return null;
        }

        var inputs = await InputsAsync(team, rota.StartDate, rota.Days, ct, rota.Shifts.Select(s => s.StaffMemberId));
        var evaluation = RosterChecker.Evaluate(RotaProblemFactory.Build(inputs), Assignments(rota));
        var names = Names(inputs.Staff);
        var leave = new Dictionary<(Guid, DateOnly), string>();
        foreach (var l in inputs.ApprovedLeave)
        {
            for (var d = l.FirstDay; d <= l.LastDay; d = d.AddDays(1))
            {
                leave[(l.StaffMemberId, d)] = l.Kind;
            }
        }

        var changes = await db.Set<RotaChange>().AsNoTracking().Where(c => c.RotaId == rotaId).OrderByDescending(c => c.At).ToListAsync(ct);
        var swaps = await db.Set<SwapRequest>().AsNoTracking().Where(s => s.RotaId == rotaId).OrderBy(s => s.RequestedAt).ToListAsync(ct);
        return new RotaView(
            rota,
            team,
            inputs.Staff.OrderBy(s => s.Band, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList(),
            rota.Shifts.ToDictionary(s => (s.StaffMemberId, s.Date), s => s.ShiftCode),
            leave,
            evaluation.HardViolations.Select(v => Breach(v, rota.StartDate, names)).ToList(),
            evaluation.Objective,
            evaluation.SoftViolations.Where(v => v.Kind.StartsWith("cover", StringComparison.Ordinal)).Select(v => Humanise(v.Message, names)).ToList(),
            changes,
            swaps);
    }

    /// <summary>
    /// Sets one person's shift on one day (<paramref name="shiftCode"/> null for a day off). A change that breaks a hard
    /// rule is refused with the rule named, unless the manager gives a reason: then it is kept as a recorded exception.
    /// </summary>
    public async Task<WorkforceOutcome<RotaChange>> EditAsync(Guid rotaId, Guid staffId, DateOnly date, string? shiftCode, string? exceptionReason, CancellationToken ct)
    {
        var reason = FreeText.Clean(exceptionReason);
        if (FreeText.TooLong(reason, "The reason", WorkforceText.MaxTyped) is { } tooLong)
        {
            return Outcome.Refused<RotaChange>(400, tooLong);
        }

        var rota = await db.Set<Rota>().Include(r => r.Shifts).FirstOrDefaultAsync(r => r.Id == rotaId, ct);
        if (rota is null)
        {
            return Outcome.Refused<RotaChange>(404, "There is no such rota.");
        }

        if (date < rota.StartDate || date > rota.EndDate)
        {
            return Outcome.Refused<RotaChange>(400, $"{UkFormat.Date(date)} is outside this rota ({UkFormat.Date(rota.StartDate)} to {UkFormat.Date(rota.EndDate)}).");
        }

        var team = (await LoadTeamAsync(rota.TeamId, ct))!;
        shiftCode = FreeText.Clean(shiftCode);
        if (shiftCode is not null && team.Shifts.All(s => s.Code != shiftCode))
        {
            return Outcome.Refused<RotaChange>(400, $"{team.Name} has no shift \"{shiftCode}\".");
        }

        var inputs = await InputsAsync(team, rota.StartDate, rota.Days, ct, rota.Shifts.Select(s => s.StaffMemberId));
        var person = inputs.Staff.FirstOrDefault(s => s.Id == staffId);
        if (person is null)
        {
            return Outcome.Refused<RotaChange>(400, "That person is not on this team's rota.");
        }

        var existing = rota.Shifts.FirstOrDefault(s => s.StaffMemberId == staffId && s.Date == date);
        var before = existing?.ShiftCode;
        if (before == shiftCode)
        {
            return Outcome.Refused<RotaChange>(400, "That is already the rota.");
        }

        var problem = RotaProblemFactory.Build(inputs);
        var names = Names(inputs.Staff);
        var oldBreaches = Keys(RosterChecker.Evaluate(problem, Assignments(rota)));
        Apply(rota, staffId, date, shiftCode);
        var after = RosterChecker.Evaluate(problem, Assignments(rota));
        var added = after.HardViolations.Where(v => !oldBreaches.Contains(Key(v))).Select(v => Breach(v, rota.StartDate, names)).ToList();
        if (added.Count > 0 && reason is null)
        {
            return Outcome.Refused<RotaChange>(409,
                "This change breaks a rule: " + string.Join("; ", added.Select(a => a.Message)) + ". Give a reason to keep it as a recorded exception, or choose another change.");
        }

        var change = Record(rota, $"{person.Name}, {UkFormat.Date(date)}: {Describe(before)} → {Describe(shiftCode)}", added.Count > 0, added.Count > 0 ? FreeText.Listing($"{reason} (breaks: ", [.. added.Select(a => a.Message)], WorkforceText.Column - 1) + ")" : reason);
        return await SaveAsync(change, ct);
    }

    /// <summary>Publishes a draft. Remaining hard-rule breaches must be accepted with a reason.</summary>
    public async Task<WorkforceOutcome<Rota>> PublishAsync(Guid rotaId, int? expectedVersion, string? acceptReason, CancellationToken ct)
    {
        var reason = FreeText.Clean(acceptReason);
        if (FreeText.TooLong(reason, "The reason", WorkforceText.MaxTyped) is { } tooLong)
        {
            return Outcome.Refused<Rota>(400, tooLong);
        }

        var rota = await db.Set<Rota>().Include(r => r.Shifts).FirstOrDefaultAsync(r => r.Id == rotaId, ct);
        if (rota is null)
        {
            return Outcome.Refused<Rota>(404, "There is no such rota.");
        }

        if (expectedVersion is { } v && v != rota.Version)
        {
            return Outcome.Refused<Rota>(409, "The rota has changed since you opened it. Look at it again before publishing.");
        }

        if (rota.Status == RotaStatus.Published)
        {
            return Outcome.Refused<Rota>(409, "This rota is already published.");
        }

        var team = (await LoadTeamAsync(rota.TeamId, ct))!;
        var inputs = await InputsAsync(team, rota.StartDate, rota.Days, ct, rota.Shifts.Select(s => s.StaffMemberId));
        var breaches = RosterChecker.Evaluate(RotaProblemFactory.Build(inputs), Assignments(rota)).HardViolations;
        if (breaches.Count > 0 && reason is null)
        {
            return Outcome.Refused<Rota>(409, $"The rota breaks {breaches.Count} rule(s). Fix them, or give a reason to publish with them as recorded exceptions.");
        }

        rota.Status = RotaStatus.Published;
        rota.PublishedBy = Who(actors);
        rota.PublishedAt = clock.GetUtcNow().UtcDateTime;
        Record(rota, "Published", breaches.Count > 0, reason);
        rota.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Refused<Rota>(409, "Someone else changed the rota at the same moment. Look at it again.");
        }

        return Outcome.Ok(rota);
    }

    private async Task<List<Rota>> OverlappingAsync(Guid teamId, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var candidates = await db.Set<Rota>().Where(r => r.TeamId == teamId && r.StartDate <= end).ToListAsync(ct);
        return candidates.Where(r => r.EndDate >= start).ToList();
    }

    internal async Task<Team?> LoadTeamAsync(Guid teamId, CancellationToken ct) =>
        await db.Set<Team>().AsNoTracking().Include(t => t.Shifts).Include(t => t.Cover).FirstOrDefaultAsync(t => t.Id == teamId, ct);

    /// <summary>The team's active staff (plus anyone already on the rota), approved leave and requests for the period.</summary>
    internal async Task<RotaInputs> InputsAsync(Team team, DateOnly start, int days, CancellationToken ct, IEnumerable<Guid>? alsoInclude = null)
    {
        var extra = alsoInclude?.Distinct().ToList() ?? [];
        var staff = await db.Set<StaffMember>().AsNoTracking().Include(s => s.Skills)
            .Where(s => (s.TeamId == team.Id && s.Active) || extra.Contains(s.Id)).ToListAsync(ct);
        var ids = staff.Select(s => s.Id).ToList();
        var end = start.AddDays(days - 1);
        var leave = await db.Set<LeaveRequest>().AsNoTracking()
            .Where(l => ids.Contains(l.StaffMemberId) && l.Status == RequestStatus.Approved && l.FirstDay <= end && l.LastDay >= start).ToListAsync(ct);
        var preferences = await db.Set<ShiftPreference>().AsNoTracking()
            .Where(p => ids.Contains(p.StaffMemberId) && p.Date >= start && p.Date <= end).ToListAsync(ct);
        return new RotaInputs(team, staff, leave, preferences, start, days);
    }

    internal static IEnumerable<Assignment> Assignments(Rota rota) =>
        rota.Shifts.Select(s => new Assignment(s.StaffMemberId.ToString(), s.Date.DayNumber - rota.StartDate.DayNumber, s.ShiftCode));

    internal static void Apply(Rota rota, Guid staffId, DateOnly date, string? shiftCode)
    {
        var existing = rota.Shifts.FirstOrDefault(s => s.StaffMemberId == staffId && s.Date == date);
        if (shiftCode is null)
        {
            if (existing is not null)
            {
                rota.Shifts.Remove(existing);
            }
        }
        else if (existing is not null)
        {
            existing.ShiftCode = shiftCode;
        }
        else
        {
            rota.Shifts.Add(new RotaShift { Id = Guid.NewGuid(), RotaId = rota.Id, StaffMemberId = staffId, Date = date, ShiftCode = shiftCode });
        }
    }

    internal RotaChange Record(Rota rota, string description, bool isException, string? reason)
    {
        var change = new RotaChange
        {
            Id = Guid.NewGuid(),
            RotaId = rota.Id,
            At = clock.GetUtcNow().UtcDateTime,
            By = Who(actors),
            Description = description,
            IsException = isException,
            Reason = reason,
            AfterPublishing = rota.Status == RotaStatus.Published && description != "Published",
        };
        db.Add(change);
        return change;
    }

    internal async Task<WorkforceOutcome<RotaChange>> SaveAsync(RotaChange change, CancellationToken ct)
    {
        var rota = db.ChangeTracker.Entries<Rota>().Single(e => e.Entity.Id == change.RotaId).Entity;
        rota.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome.Ok(change);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Refused<RotaChange>(409, "Someone else changed the rota at the same moment. Look at it again.");
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return Outcome.Refused<RotaChange>(409, "Someone else changed the rota at the same moment. Look at it again.");
        }
    }

    internal static HashSet<(string, string?, int?)> Keys(RosterEvaluation evaluation) => evaluation.HardViolations.Select(Key).ToHashSet();

    internal static (string, string?, int?) Key(HardViolation v) => (v.Rule, v.EmployeeId, v.Day);

    internal static Dictionary<string, string> Names(IEnumerable<StaffMember> staff) => staff.ToDictionary(s => s.Id.ToString(), s => s.Name);

    internal static RuleBreach Breach(HardViolation v, DateOnly start, Dictionary<string, string> names) => new(
        v.Rule,
        v.EmployeeId is { } id && Guid.TryParse(id, out var g) ? g : null,
        v.Day is { } d ? start.AddDays(d) : null,
        (v.Day is { } day ? UkFormat.Date(start.AddDays(day)) + ": " : string.Empty) + Humanise(v.Message, names));

    /// <summary>Engine messages name staff by id; people read names.</summary>
    internal static string Humanise(string message, Dictionary<string, string> names)
    {
        foreach (var (id, name) in names)
        {
            message = message.Replace(id, name, StringComparison.Ordinal);
        }

        return message;
    }

    private static string Describe(string? code) => code ?? "off";

    /// <summary>"Steve Hughes (service)": the person's name with their login, as other modules record people.</summary>
    internal static string Who(ActorAccessor actors)
    {
        var actor = actors.Current;
        return actor.Principal.FindFirst("display_name")?.Value is { Length: > 0 } display ? $"{display} ({actor.Name})" : actor.Name;
    }
}
