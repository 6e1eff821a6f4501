using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Infirmary.Web.Platform;
using Infirmary.Web.Tests.Infrastructure;
using Infirmary.Workforce.Domain;
using Infirmary.Workforce.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Workforce;

/// <summary>
/// Rotas end to end on SQLite and PostgreSQL: built by the real CP-SAT solver from staff records, leave and cover
/// rules; edits and swaps checked against the same rules; publishing; staff self-service and the calendar feed.
/// Each test builds its own small team (ten staff, earlies, lates and nights) so tests do not share rotas.
/// </summary>
public abstract class RotaTests(InfirmaryFactory factory)
{
    private const string Rn = "Registered nurse";

    private sealed record TestTeam(Guid Id, IReadOnlyList<Guid> Staff, string UserA, Guid StaffA, string UserB, Guid StaffB);

    private static DateOnly NextMonday(int weeksAhead)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monday = today.AddDays(((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7 + 7);
        return monday.AddDays(7 * weeksAhead);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<TestTeam> CreateTeamAsync(int minimumEarly = 2)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var team = new Team { Id = Guid.NewGuid(), Code = "T" + suffix, Name = $"Test ward {suffix}" };
        team.Shifts.Add(new ShiftDefinition { Id = Guid.NewGuid(), Code = "E", Name = "Early", StartMinute = 420, LengthMinutes = 510 });
        team.Shifts.Add(new ShiftDefinition { Id = Guid.NewGuid(), Code = "L", Name = "Late", StartMinute = 780, LengthMinutes = 510 });
        team.Shifts.Add(new ShiftDefinition { Id = Guid.NewGuid(), Code = "N", Name = "Night", StartMinute = 1260, LengthMinutes = 630, IsNight = true, ForbiddenFollowers = "E,L" });
        team.Cover.Add(new CoverRule { Id = Guid.NewGuid(), ShiftCode = "E", Minimum = minimumEarly, Preferred = Math.Max(2, minimumEarly) });
        team.Cover.Add(new CoverRule { Id = Guid.NewGuid(), ShiftCode = "L", Minimum = 2, Preferred = 2 });
        team.Cover.Add(new CoverRule { Id = Guid.NewGuid(), ShiftCode = "N", Minimum = 1, Preferred = 1 });
        foreach (var code in new[] { "E", "L", "N" })
        {
            team.Cover.Add(new CoverRule { Id = Guid.NewGuid(), ShiftCode = code, Skill = Rn, Minimum = 1, Preferred = 1 });
        }

        db.Add(team);
        var ids = new List<Guid>();
        string userA = $"wfa{suffix}", userB = $"wfb{suffix}";
        foreach (var userName in new[] { userA, userB })
        {
            var user = new StaffUser { UserName = userName, DisplayName = userName, JobTitle = "Staff nurse" };
            Assert.True((await users.CreateAsync(user, DemoData.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Clinician)).Succeeded);
        }

        for (var i = 0; i < 10; i++)
        {
            var m = new StaffMember
            {
                Id = Guid.NewGuid(),
                UserName = i == 0 ? userA : i == 1 ? userB : null,
                Name = $"Person {i} {suffix}",
                JobRole = i < 6 ? "Staff nurse" : "Healthcare assistant",
                Band = i < 6 ? "Band 5" : "Band 2",
                TeamId = team.Id,
                ContractedMinutesPerWeek = 2250,
                AnnualLeaveDays = 27,
            };
            if (i < 6)
            {
                m.Skills.Add(new StaffSkill { Id = Guid.NewGuid(), Skill = Rn });
            }

            db.Add(m);
            ids.Add(m.Id);
        }

        await db.SaveChangesAsync();
        return new TestTeam(team.Id, ids, userA, ids[0], userB, ids[1]);
    }

    private static async Task<JsonElement> BuildAsync(HttpClient manager, Guid team, DateOnly start, int weeks = 1)
    {
        var response = await manager.PostAsJsonAsync("/api/v1/workforce/rotas", new { teamId = team, start = Iso(start), weeks });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"build: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static async Task<JsonElement> ReadAsync(HttpClient manager, string id) =>
        await (await manager.GetAsync($"/api/v1/workforce/rotas/{id}")).JsonAsync();

    private static Dictionary<(Guid, DateOnly), string> Grid(JsonElement rota) =>
        rota.GetProperty("shifts").EnumerateArray().ToDictionary(
            s => (s.GetProperty("staffId").GetGuid(), DateOnly.Parse(s.GetProperty("date").GetString()!, CultureInfo.InvariantCulture)),
            s => s.GetProperty("shift").GetString()!);

    private static Task<HttpResponseMessage> SetAsync(HttpClient manager, string rota, Guid staff, DateOnly date, string? shift, string? reason = null) =>
        manager.PutAsJsonAsync($"/api/v1/workforce/rotas/{rota}/shifts", new { staffId = staff, date = Iso(date), shift, exceptionReason = reason });

    [Fact]
    public async Task GivenTeamWithLeave_WhenRotaBuilt_ThenEveryCoverRuleHoldsAndLeaveIsKeptFree()
    {
        var team = await CreateTeamAsync();
        var start = NextMonday(1);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            db.Add(new LeaveRequest { Id = Guid.NewGuid(), StaffMemberId = team.Staff[2], Kind = LeaveKinds.Annual, FirstDay = start.AddDays(1), LastDay = start.AddDays(3), Status = RequestStatus.Approved, RequestedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var manager = await Clients.UserAsync(factory, "service");
        var built = await BuildAsync(manager, team.Id, start);
        Assert.Equal("draft", built.GetProperty("status").GetString());
        Assert.Contains(built.GetProperty("solverStatus").GetString(), new[] { "optimal", "feasible" });

        var rota = await ReadAsync(manager, built.GetProperty("id").GetString()!);
        var grid = Grid(rota);
        Assert.Empty(rota.GetProperty("breaches").EnumerateArray());
        for (var d = 0; d < 7; d++)
        {
            var date = start.AddDays(d);
            var on = grid.Where(g => g.Key.Item2 == date).ToList();
            Assert.True(on.Count(g => g.Value == "E") >= 2, $"earlies on {date}");
            Assert.True(on.Count(g => g.Value == "L") >= 2, $"lates on {date}");
            Assert.True(on.Any(g => g.Value == "N"), $"nights on {date}");
            // Registered nurses are people 0–5.
            Assert.All(new[] { "E", "L", "N" }, code => Assert.Contains(on, g => g.Value == code && team.Staff.Take(6).Contains(g.Key.Item1)));
        }

        for (var d = 1; d <= 3; d++)
        {
            Assert.False(grid.ContainsKey((team.Staff[2], start.AddDays(d))), $"person on leave rostered on day {d}");
        }

        // Nobody works an early or late straight after a night.
        foreach (var ((staff, date), code) in grid.Where(g => g.Value == "N"))
        {
            Assert.False(grid.TryGetValue((staff, date.AddDays(1)), out var next) && next is "E" or "L");
        }

        // A draft is not shown to staff.
        var a = await Clients.UserAsync(factory, team.UserA);
        var mine = await (await a.GetAsync("/workforce/me")).Content.ReadAsStringAsync();
        Assert.Contains("No published shifts yet", mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenBuiltRota_WhenAnEditBreaksARule_ThenRefusedNamingItUnlessKeptWithAReason()
    {
        var team = await CreateTeamAsync();
        var start = NextMonday(3);
        var manager = await Clients.UserAsync(factory, "service");
        var id = (await BuildAsync(manager, team.Id, start)).GetProperty("id").GetString()!;
        var night = Grid(await ReadAsync(manager, id)).First(g => g.Value == "N" && g.Key.Item2 == start);

        var refused = await SetAsync(manager, id, night.Key.Item1, start.AddDays(1), "E");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = (await refused.JsonAsync()).GetProperty("detail").GetString()!;
        Assert.Contains("straight after N", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(night.Key.Item1.ToString(), detail, StringComparison.Ordinal);
        Assert.Equal("N", Grid(await ReadAsync(manager, id))[night.Key]);
        Assert.NotEqual("E", Grid(await ReadAsync(manager, id)).GetValueOrDefault((night.Key.Item1, start.AddDays(1))));

        // A reason is the manager's own words, up to 300 characters; longer is refused, not cut.
        const string words = "Agency nurse cancelled at short notice. ";
        var longest = words + new string('x', WorkforceText.MaxTyped - words.Length);
        var longWinded = await SetAsync(manager, id, night.Key.Item1, start.AddDays(1), "E", longest + "x");
        Assert.Equal(HttpStatusCode.BadRequest, longWinded.StatusCode);
        Assert.Contains("keep it to 300", (await longWinded.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("N", Grid(await ReadAsync(manager, id))[night.Key]);

        var kept = await SetAsync(manager, id, night.Key.Item1, start.AddDays(1), "E", longest);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        var rota = await ReadAsync(manager, id);
        Assert.Equal("E", Grid(rota)[(night.Key.Item1, start.AddDays(1))]);
        Assert.Contains(rota.GetProperty("breaches").EnumerateArray(), b => b.GetProperty("rule").GetString() == "forbidden-succession");
        var change = Assert.Single(rota.GetProperty("changes").EnumerateArray());
        Assert.True(change.GetProperty("isException").GetBoolean());
        // The reason is kept whole, with the rule it breaks beside it, within the column (PostgreSQL enforces its size).
        var recorded = change.GetProperty("reason").GetString()!;
        Assert.StartsWith(longest + " (breaks: ", recorded, StringComparison.Ordinal);
        Assert.Contains("straight after N", recorded, StringComparison.Ordinal);
        Assert.InRange(recorded.Length, WorkforceText.MaxTyped + 10, WorkforceText.Column);
        Assert.Equal("Steve Hughes (service)", change.GetProperty("by").GetString());

        // Publishing with a breach needs a reason too.
        var publish = await manager.PostAsJsonAsync($"/api/v1/workforce/rotas/{id}/publish", new { version = (int?)null, acceptReason = (string?)null });
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        var wordy = await manager.PostAsJsonAsync($"/api/v1/workforce/rotas/{id}/publish", new { version = (int?)null, acceptReason = longest + "x" });
        Assert.Equal(HttpStatusCode.BadRequest, wordy.StatusCode);
        Assert.Equal("draft", (await ReadAsync(manager, id)).GetProperty("rota").GetProperty("status").GetString());
    }

    [Fact]
    public async Task GivenPublishedRota_WhenStaffAskToSwap_ThenASafeSwapIsAppliedAndAnUnsafeOneRefused()
    {
        var team = await CreateTeamAsync();
        var start = NextMonday(0);
        var manager = await Clients.UserAsync(factory, "service");
        var id = (await BuildAsync(manager, team.Id, start)).GetProperty("id").GetString()!;
        // Arrange a known pattern (kept as recorded exceptions where it bends a rule):
        // A: E on day 0, N on day 1, off days 2–4, E on day 3 is replaced below; B: off day 0, E day 2, L day 3.
        const string why = "test set-up";
        async Task Set(Guid s, int d, string? code)
        {
            var r = await SetAsync(manager, id, s, start.AddDays(d), code, why);
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"set-up edit: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }

        await Set(team.StaffA, 0, "E");
        await Set(team.StaffA, 1, "N");
        await Set(team.StaffA, 2, null);
        await Set(team.StaffA, 3, "E");
        await Set(team.StaffA, 4, null);
        await Set(team.StaffB, 0, null);
        await Set(team.StaffB, 2, "E");
        await Set(team.StaffB, 3, "L");
        await Set(team.StaffB, 4, null);
        var published = await manager.PostAsJsonAsync($"/api/v1/workforce/rotas/{id}/publish", new { version = (int?)null, acceptReason = "test set-up" });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        // Staff see their published shifts, on the page and in the calendar feed.
        var a = await Clients.UserAsync(factory, team.UserA);
        var page = await (await a.GetAsync("/workforce/me")).Content.ReadAsStringAsync();
        Assert.Contains(UkFormat.Date(start.AddDays(1)), page, StringComparison.Ordinal);
        var ics = await a.GetAsync("/api/v1/workforce/me/shifts.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var calendar = await ics.Content.ReadAsStringAsync();
        var aShifts = Grid(await ReadAsync(manager, id)).Count(g => g.Key.Item1 == team.StaffA);
        Assert.Equal(aShifts, calendar.Split("BEGIN:VEVENT").Length - 1);
        Assert.Contains("DTSTART:" + StaffSelfService.ToUtc(start.AddDays(1), 1260).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), calendar, StringComparison.Ordinal);

        // Unsafe: A gives day 0 and takes B's early on day 2 — straight after A's night on day 1.
        var unsafeSwap = await a.PostAsJsonAsync("/api/v1/workforce/me/swaps", new { myDate = Iso(start), otherStaffId = team.StaffB, theirDate = Iso(start.AddDays(2)) });
        Assert.Equal(HttpStatusCode.Created, unsafeSwap.StatusCode);
        var unsafeId = (await unsafeSwap.JsonAsync()).GetProperty("id").GetString();
        var refused = await manager.PostAsJsonAsync($"/api/v1/workforce/swaps/{unsafeId}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("would break a rule", (await refused.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("E", Grid(await ReadAsync(manager, id))[(team.StaffB, start.AddDays(2))]);

        // Safe: A and B exchange day 3's early and late.
        var safeSwap = await a.PostAsJsonAsync("/api/v1/workforce/me/swaps", new { myDate = Iso(start.AddDays(3)), otherStaffId = team.StaffB, theirDate = Iso(start.AddDays(3)) });
        Assert.Equal(HttpStatusCode.Created, safeSwap.StatusCode);
        var safeId = (await safeSwap.JsonAsync()).GetProperty("id").GetString();
        var approved = await manager.PostAsJsonAsync($"/api/v1/workforce/swaps/{safeId}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var rota = await ReadAsync(manager, id);
        Assert.Equal("L", Grid(rota)[(team.StaffA, start.AddDays(3))]);
        Assert.Equal("E", Grid(rota)[(team.StaffB, start.AddDays(3))]);
        var swapChange = rota.GetProperty("changes").EnumerateArray().First();
        Assert.StartsWith("Swap approved", swapChange.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(swapChange.GetProperty("afterPublishing").GetBoolean());

        // A decision is made once.
        var again = await manager.PostAsJsonAsync($"/api/v1/workforce/swaps/{safeId}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task GivenLeaveRequests_WhenMadeAndDecided_ThenBalanceOverlapAndApprovalAreEnforced()
    {
        var team = await CreateTeamAsync();
        var a = await Clients.UserAsync(factory, team.UserA);
        var first = NextMonday(8);

        var ok = await a.PostAsJsonAsync("/api/v1/workforce/me/leave", new { kind = "annual", firstDay = Iso(first), lastDay = Iso(first.AddDays(4)) });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var overlap = await a.PostAsJsonAsync("/api/v1/workforce/me/leave", new { kind = "study", firstDay = Iso(first.AddDays(2)), lastDay = Iso(first.AddDays(2)) });
        Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);
        var tooMuch = await a.PostAsJsonAsync("/api/v1/workforce/me/leave", new { kind = "annual", firstDay = Iso(first.AddDays(14)), lastDay = Iso(first.AddDays(14 + 60)) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Contains("left this leave year", (await tooMuch.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var wordy = await a.PostAsJsonAsync("/api/v1/workforce/me/leave", new { kind = "study", firstDay = Iso(first.AddDays(20)), lastDay = Iso(first.AddDays(20)), note = new string('n', WorkforceText.MaxTyped + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, wordy.StatusCode);
        Assert.Contains("The note is 301 characters long", (await wordy.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var backwards = await a.PostAsJsonAsync("/api/v1/workforce/me/leave", new { kind = "annual", firstDay = Iso(first.AddDays(30)), lastDay = Iso(first.AddDays(29)) });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);

        // Staff cannot decide leave; the manager can, once.
        var leaveId = (await ok.JsonAsync()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await a.PostAsJsonAsync($"/api/v1/workforce/leave/{leaveId}/decision", new { approve = true })).StatusCode);
        var manager = await Clients.UserAsync(factory, "service");
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/v1/workforce/leave/{leaveId}/decision", new { approve = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await manager.PostAsJsonAsync($"/api/v1/workforce/leave/{leaveId}/decision", new { approve = false })).StatusCode);

        // The approved week is kept free on the rota built over it.
        var rota = await ReadAsync(manager, (await BuildAsync(manager, team.Id, first)).GetProperty("id").GetString()!);
        Assert.DoesNotContain(Grid(rota).Keys, k => k.Item1 == team.StaffA && k.Item2 <= first.AddDays(4));
    }

    [Fact]
    public async Task GivenADayOffRequest_WhenTheRotaIsBuilt_ThenItIsHonouredAndBadRequestsAreRefused()
    {
        var team = await CreateTeamAsync();
        var a = await Clients.UserAsync(factory, team.UserA);
        var start = NextMonday(2);

        var made = await a.PostAsJsonAsync("/api/v1/workforce/me/requests", new { date = Iso(start.AddDays(2)), shift = (string?)null, on = false, priority = 3 });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await a.PostAsJsonAsync("/api/v1/workforce/me/requests", new { date = Iso(start.AddDays(2)), shift = "E", on = true, priority = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.PostAsJsonAsync("/api/v1/workforce/me/requests", new { date = Iso(DateOnly.FromDateTime(DateTime.UtcNow)), shift = (string?)null, on = false, priority = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.PostAsJsonAsync("/api/v1/workforce/me/requests", new { date = Iso(start.AddDays(3)), shift = "X", on = true, priority = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.PostAsJsonAsync("/api/v1/workforce/me/requests", new { date = Iso(start.AddDays(3)), shift = "E", on = true, priority = 9 })).StatusCode);

        var manager = await Clients.UserAsync(factory, "service");
        var rota = await ReadAsync(manager, (await BuildAsync(manager, team.Id, start)).GetProperty("id").GetString()!);
        Assert.False(Grid(rota).ContainsKey((team.StaffA, start.AddDays(2))), "the day-off request was not honoured");
    }

    [Fact]
    public async Task GivenStaffRecords_WhenAddedAndChanged_ThenFieldsAreCheckedAndLoginsLinkedOnce()
    {
        var team = await CreateTeamAsync();
        var manager = await Clients.UserAsync(factory, "service");

        var bad = await manager.PostAsJsonAsync("/api/v1/workforce/staff", new { name = "", jobRole = "Staff nurse", band = "Band 99", teamId = team.Id, hoursPerWeek = 90, annualLeaveDays = 27, skills = "IV therapy until 31/03/2027", userName = "nobody-here" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = (await bad.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "name", "band", "hoursPerWeek", "skills", "userName" })
        {
            Assert.True(problems.TryGetProperty(field, out _), $"no error for {field}");
        }

        var taken = await manager.PostAsJsonAsync("/api/v1/workforce/staff", new { name = "Pat Doe", jobRole = "Staff nurse", band = "Band 5", teamId = team.Id, hoursPerWeek = 30, annualLeaveDays = 27, userName = team.UserA });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("already linked", (await taken.JsonAsync()).GetProperty("errors").GetProperty("userName")[0].GetString(), StringComparison.Ordinal);

        var created = await manager.PostAsJsonAsync("/api/v1/workforce/staff", new { name = "Pat Doe", jobRole = "Staff nurse", band = "Band 5", teamId = team.Id, hoursPerWeek = 30, annualLeaveDays = 27, skills = "Registered nurse\nIV therapy until 2027-03-31" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        var read = await (await manager.GetAsync(location)).JsonAsync();
        Assert.Equal("IV therapy until 2027-03-31\nRegistered nurse", read.GetProperty("skills").GetString());
        Assert.Equal(30m, read.GetProperty("hoursPerWeek").GetDecimal());

        var changed = await manager.PutAsJsonAsync(location, new { version = 1, name = "Pat Doe", jobRole = "Senior staff nurse", band = "Band 6", teamId = team.Id, hoursPerWeek = 37.5, annualLeaveDays = 33, skills = "Registered nurse" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var stale = await manager.PutAsJsonAsync(location, new { version = 1, name = "Pat Doe", jobRole = "Staff nurse", band = "Band 5", teamId = team.Id, hoursPerWeek = 37.5, annualLeaveDays = 33 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var after = await (await manager.GetAsync(location)).JsonAsync();
        Assert.Equal("Band 6", after.GetProperty("band").GetString());
        Assert.Equal("Registered nurse", after.GetProperty("skills").GetString());

        var newPage = await manager.GetAsync("/workforce/staff/new");
        var page = await newPage.Content.ReadAsStringAsync();
        Assert.True(newPage.StatusCode == HttpStatusCode.OK, page);
        Assert.Contains("Add a member of staff", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenBadRequests_WhenBuilding_ThenEachGetsAClearRefusal()
    {
        var team = await CreateTeamAsync();
        var manager = await Clients.UserAsync(factory, "service");

        async Task<(HttpStatusCode, string)> Try(object body)
        {
            var r = await manager.PostAsJsonAsync("/api/v1/workforce/rotas", body);
            return (r.StatusCode, (await r.JsonAsync()).GetProperty("detail").GetString()!);
        }

        var (s1, d1) = await Try(new { teamId = team.Id, start = Iso(NextMonday(10)), weeks = 0 });
        Assert.Equal((HttpStatusCode.BadRequest, "A rota covers 1 to 12 weeks."), (s1, d1));
        var (s2, d2) = await Try(new { teamId = team.Id, start = Iso(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3)), weeks = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, s2);
        Assert.Contains("cannot start in the past", d2, StringComparison.Ordinal);
        var (s3, _) = await Try(new { teamId = Guid.NewGuid(), start = Iso(NextMonday(10)), weeks = 1 });
        Assert.Equal(HttpStatusCode.NotFound, s3);

        var id = (await BuildAsync(manager, team.Id, NextMonday(10))).GetProperty("id").GetString();
        var publish = await manager.PostAsJsonAsync($"/api/v1/workforce/rotas/{id}/publish", new { version = (int?)null, acceptReason = "ok" });
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        var (s4, d4) = await Try(new { teamId = team.Id, start = Iso(NextMonday(10).AddDays(3)), weeks = 1 });
        Assert.Equal(HttpStatusCode.Conflict, s4);
        Assert.Contains("already covers", d4, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenCoverNoTeamCanMeet_WhenBuilding_ThenRefusedSayingWhichRulesConflict()
    {
        var team = await CreateTeamAsync(minimumEarly: 9);
        var manager = await Clients.UserAsync(factory, "service");

        var response = await manager.PostAsJsonAsync("/api/v1/workforce/rotas", new { teamId = team.Id, start = Iso(NextMonday(12)), weeks = 1 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (await response.JsonAsync()).GetProperty("detail").GetString()!;
        // Nine on the early, two on the late and one on the night need twelve different people; the team has ten.
        Assert.Contains($"on {UkFormat.Date(NextMonday(12))} the cover rules need 12 different people, but only 10 are available", detail, StringComparison.Ordinal);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(await db.Set<Rota>().AnyAsync(r => r.TeamId == team.Id));
    }

    [Fact]
    public async Task GivenRolesWithoutRotaManagement_WhenCallingManagerEndpoints_ThenRefused()
    {
        var receptionist = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await receptionist.GetAsync("/api/v1/workforce/rotas")).StatusCode);
        var nurse = await Clients.UserAsync(factory, "nurse");
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync("/api/v1/workforce/rotas", new { teamId = Guid.NewGuid(), start = "2030-01-07", weeks = 1 })).StatusCode);
        // Every member of staff has their own shifts page.
        Assert.Equal(HttpStatusCode.OK, (await receptionist.GetAsync("/workforce/me")).StatusCode);
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/workforce/me/shifts.ics")).StatusCode);
    }

    [Fact]
    public async Task GivenTwoShiftsForOnePersonOnOneDay_WhenSaved_ThenTheDatabaseRefuses()
    {
        var team = await CreateTeamAsync();
        var manager = await Clients.UserAsync(factory, "service");
        var id = Guid.Parse((await BuildAsync(manager, team.Id, NextMonday(14))).GetProperty("id").GetString()!);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var existing = await db.Set<RotaShift>().FirstAsync(s => s.RotaId == id);
        db.Add(new RotaShift { Id = Guid.NewGuid(), RotaId = id, StaffMemberId = existing.StaffMemberId, Date = existing.Date, ShiftCode = existing.ShiftCode == "E" ? "L" : "E" });

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(DbErrors.IsUniqueViolation(ex));
    }

    private static async Task<JsonElement> WaitForBuildAsync(HttpClient manager, string location)
    {
        // Polls as the build page does; the solver's own limit (30 s in tests) bounds the wait.
        for (var i = 0; i < 240; i++)
        {
            var build = await (await manager.GetAsync(location)).JsonAsync();
            if (build.GetProperty("status").GetString() is "done" or "refused")
            {
                return build;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the rota build did not finish");
    }

    [Fact]
    public async Task GivenBuildStartedInTheBackground_WhenItFinishes_ThenItsProgressMatchesTheSavedRota()
    {
        var team = await CreateTeamAsync();
        var manager = await Clients.UserAsync(factory, "service");

        var started = await manager.PostAsJsonAsync("/api/v1/workforce/rota-builds", new { teamId = team.Id, start = Iso(NextMonday(16)), weeks = 1 });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = Clients.LocalTarget(started);
        Assert.StartsWith("/api/v1/workforce/rota-builds/", location, StringComparison.Ordinal);
        Assert.Contains((await started.JsonAsync()).GetProperty("status").GetString(), new[] { "queued", "running", "done" });
        var build = await WaitForBuildAsync(manager, location);
        Assert.Equal("done", build.GetProperty("status").GetString());
        Assert.True(build.GetProperty("solutions").GetInt32() >= 1);
        var rota = (await ReadAsync(manager, build.GetProperty("rotaId").GetString()!)).GetProperty("rota");
        Assert.Equal(rota.GetProperty("objective").GetInt64(), build.GetProperty("objective").GetInt64());
        Assert.True(build.GetProperty("bound").GetInt64() <= build.GetProperty("objective").GetInt64());
        Assert.True(build.GetProperty("elapsedSeconds").GetDouble() > 0);

        // The page sends the manager on to the finished rota.
        var page = await (await manager.GetAsync($"/workforce/rotas/builds/{build.GetProperty("id").GetString()}")).Content.ReadAsStringAsync();
        Assert.Contains($"url=/workforce/rotas/{build.GetProperty("rotaId").GetString()}?built=1", page, StringComparison.Ordinal);
        Assert.Contains("Finished", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenBuildFormPosted_WhenAccepted_ThenTheManagerIsSentToItsProgressPage()
    {
        var team = await CreateTeamAsync();
        var manager = await Clients.UserAsync(factory, "service");

        var posted = await Clients.PostFormAsync(manager, "/workforce/rotas", "build-rota", new()
        {
            ["Build.TeamId"] = team.Id.ToString(), ["Build.Start"] = Iso(NextMonday(18)), ["Build.Weeks"] = "1",
        });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var target = Clients.LocalTarget(posted);
        Assert.StartsWith("/workforce/rotas/builds/", target, StringComparison.Ordinal);
        var build = await WaitForBuildAsync(manager, "/api/v1/workforce/rota-builds/" + target["/workforce/rotas/builds/".Length..]);
        Assert.Equal("done", build.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GivenImpossibleCover_WhenBuildStarted_ThenItIsRefusedAtOnceAndNothingIsQueued()
    {
        var team = await CreateTeamAsync(minimumEarly: 9);
        var manager = await Clients.UserAsync(factory, "service");

        var started = await manager.PostAsJsonAsync("/api/v1/workforce/rota-builds", new { teamId = team.Id, start = Iso(NextMonday(20)), weeks = 1 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, started.StatusCode);
        Assert.Contains("different people", (await started.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(await db.Set<RotaBuild>().AnyAsync(b => b.TeamId == team.Id));
    }

    [Fact]
    public async Task GivenBuildWhoseNodeStopped_WhenViewed_ThenItSaysSoInsteadOfWaitingForever()
    {
        var team = await CreateTeamAsync();
        var id = Guid.NewGuid();
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var longAgo = DateTime.UtcNow.AddMinutes(-5);
            db.Add(new RotaBuild { Id = id, TeamId = team.Id, StartDate = NextMonday(22), Weeks = 1, Status = RotaBuildStatus.Running, RequestedBy = "test", RequestedAt = longAgo, UpdatedAt = longAgo, TimeLimitSeconds = 30 });
            await db.SaveChangesAsync();
        }

        var manager = await Clients.UserAsync(factory, "service");
        var page = await (await manager.GetAsync($"/workforce/rotas/builds/{id}")).Content.ReadAsStringAsync();
        var api = await (await manager.GetAsync($"/api/v1/workforce/rota-builds/{id}")).JsonAsync();

        Assert.Contains("This build stopped without finishing", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", page, StringComparison.Ordinal);
        Assert.True(api.GetProperty("stalled").GetBoolean());
        var nurse = await Clients.UserAsync(factory, "nurse");
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync($"/api/v1/workforce/rota-builds/{id}")).StatusCode);
    }

    [Fact]
    public async Task GivenDemoWard_WhenManagerOpensTheWorkforcePages_ThenTheyRender()
    {
        var manager = await Clients.UserAsync(factory, "service");
        var rotas = await (await manager.GetAsync("/workforce/rotas")).Content.ReadAsStringAsync();
        Assert.Contains("Ward 7B (cardiology)", rotas, StringComparison.Ordinal);
        var staff = await (await manager.GetAsync("/workforce/staff")).Content.ReadAsStringAsync();
        Assert.Contains("Nina Brown", staff, StringComparison.Ordinal);
        var leave = await (await manager.GetAsync("/workforce/leave")).Content.ReadAsStringAsync();
        Assert.Contains("Leave requests", leave, StringComparison.Ordinal);
        var nurse = await Clients.UserAsync(factory, "nurse");
        var mine = await (await nurse.GetAsync("/workforce/me")).Content.ReadAsStringAsync();
        Assert.Contains("Nina Brown, Staff nurse (Band 5)", mine, StringComparison.Ordinal);
    }
}

public sealed class RotaTests_Sqlite(SqliteFactory factory) : RotaTests(factory), IClassFixture<SqliteFactory>;

public sealed class RotaTests_Postgres(PostgresFactory factory) : RotaTests(factory), IClassFixture<PostgresFactory>;

/// <summary>Shift times are Europe/London wall-clock times, whatever the season.</summary>
public sealed class ShiftTimeTests
{
    [Theory]
    [InlineData("2026-03-28", 420, "2026-03-28T07:00:00Z")] // GMT
    [InlineData("2026-03-29", 420, "2026-03-29T06:00:00Z")] // BST from 01:00 UTC that morning
    [InlineData("2026-10-24", 1260, "2026-10-24T20:00:00Z")] // BST
    [InlineData("2026-10-25", 1260, "2026-10-25T21:00:00Z")] // GMT again
    public void GivenLocalShiftStart_WhenConverted_ThenUtcFollowsTheClockChange(string date, int minute, string expected)
    {
        var utc = StaffSelfService.ToUtc(DateOnly.Parse(date, CultureInfo.InvariantCulture), minute);
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), utc);
    }

    [Fact]
    public void GivenShifts_WhenWrittenAsICalendar_ThenEachIsAnEventWithEscapedSummary()
    {
        var start = StaffSelfService.ToUtc(new DateOnly(2026, 12, 1), 420);
        var ics = StaffSelfService.Calendar("Nina Brown", [new MyShift(Guid.NewGuid(), "Ward 7B, cardiology", new DateOnly(2026, 12, 1), "E", "Early", start, start.AddMinutes(510))], new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc));
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20261201T070000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND:20261201T153000Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Early (E) – Ward 7B\\, cardiology\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
    }
}
