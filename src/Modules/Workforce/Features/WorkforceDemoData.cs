using Infirmary.Platform.Data;
using Infirmary.Workforce.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Workforce.Features;

/// <summary>
/// A demo ward: Ward 7B (cardiology), 28 staff on earlies, lates and nights, with skills, contracts and some leave.
/// No rota is built here (solving takes seconds; the demo starts fast) — the ward manager builds one from the page.
/// </summary>
public sealed class WorkforceDemoData(InfirmaryDbContext db, TimeProvider clock)
{
    public const string TeamCode = "W7B";
    public const string RegisteredNurse = "Registered nurse";

    /// <summary>Demo logins linked to staff records, so they see their own shifts.</summary>
    public static readonly IReadOnlyDictionary<string, string> Logins = new Dictionary<string, string>
    {
        ["nurse"] = "Nina Brown",
        ["nurse2"] = "Oliver Grant",
    };

    private static readonly (string Name, string Job, string Band, int Hours10, bool Rn)[] People =
    [
        ("Grace Okafor", "Ward sister", "Band 7", 375, true),
        ("Hannah Wilson", "Deputy ward sister", "Band 6", 375, true),
        ("Ifan Davies", "Senior staff nurse", "Band 6", 375, true),
        ("Joy Mensah", "Senior staff nurse", "Band 6", 300, true),
        ("Nina Brown", "Staff nurse", "Band 5", 375, true),
        ("Oliver Grant", "Staff nurse", "Band 5", 375, true),
        ("Ruth Campbell", "Staff nurse", "Band 5", 375, true),
        ("Sanjay Gupta", "Staff nurse", "Band 5", 375, true),
        ("Tomasz Nowak", "Staff nurse", "Band 5", 375, true),
        ("Una Fitzgerald", "Staff nurse", "Band 5", 375, true),
        ("Victor Adeyemi", "Staff nurse", "Band 5", 375, true),
        ("Wendy Lloyd", "Staff nurse", "Band 5", 300, true),
        ("Yasmin Ali", "Staff nurse", "Band 5", 375, true),
        ("Zoe Bennett", "Staff nurse", "Band 5", 375, true),
        ("Aled Morgan", "Staff nurse", "Band 5", 375, true),
        ("Beatriz Silva", "Staff nurse", "Band 5", 375, true),
        ("Callum Reid", "Staff nurse", "Band 5", 225, true),
        ("Deepa Nair", "Nursing associate", "Band 4", 375, false),
        ("Emma Hughes", "Senior healthcare assistant", "Band 3", 375, false),
        ("Fraser Kerr", "Healthcare assistant", "Band 2", 375, false),
        ("Gemma Ward", "Healthcare assistant", "Band 2", 375, false),
        ("Harry Jones", "Healthcare assistant", "Band 2", 375, false),
        ("Isla Murray", "Healthcare assistant", "Band 2", 300, false),
        ("Jack Turner", "Healthcare assistant", "Band 2", 375, false),
        ("Kiran Patel", "Healthcare assistant", "Band 2", 375, false),
        ("Lucy Evans", "Healthcare assistant", "Band 2", 375, false),
        ("Mohammed Rahman", "Healthcare assistant", "Band 3", 375, false),
        ("Niamh Byrne", "Healthcare assistant", "Band 2", 300, false),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<Team>().AnyAsync(t => t.Code == TeamCode, ct))
        {
            return;
        }

        var team = new Team { Id = Guid.NewGuid(), Code = TeamCode, Name = "Ward 7B (cardiology)" };
        team.Shifts.Add(new ShiftDefinition { Id = Guid.NewGuid(), Code = "E", Name = "Early", StartMinute = 7 * 60, LengthMinutes = 510, ForbiddenFollowers = string.Empty });
        team.Shifts.Add(new ShiftDefinition { Id = Guid.NewGuid(), Code = "L", Name = "Late", StartMinute = 13 * 60, LengthMinutes = 510, ForbiddenFollowers = string.Empty });
        team.Shifts.Add(new ShiftDefinition { Id = Guid.NewGuid(), Code = "N", Name = "Night", StartMinute = 21 * 60, LengthMinutes = 630, IsNight = true, ForbiddenFollowers = "E,L" });
        foreach (var code in new[] { "E", "L" })
        {
            team.Cover.Add(new CoverRule { Id = Guid.NewGuid(), ShiftCode = code, Minimum = 4, Preferred = 5 });
            team.Cover.Add(new CoverRule { Id = Guid.NewGuid(), ShiftCode = code, Skill = RegisteredNurse, Minimum = 2, Preferred = 3 });
        }

        team.Cover.Add(new CoverRule { Id = Guid.NewGuid(), ShiftCode = "N", Minimum = 3, Preferred = 3 });
        team.Cover.Add(new CoverRule { Id = Guid.NewGuid(), ShiftCode = "N", Skill = RegisteredNurse, Minimum = 2, Preferred = 2 });
        db.Add(team);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var logins = Logins.ToDictionary(kv => kv.Value, kv => kv.Key);
        var i = 0;
        foreach (var (name, job, band, hours10, rn) in People)
        {
            var member = new StaffMember
            {
                Id = Guid.NewGuid(),
                UserName = logins.GetValueOrDefault(name),
                Name = name,
                JobRole = job,
                Band = band,
                TeamId = team.Id,
                ContractedMinutesPerWeek = hours10 * 6,
                AnnualLeaveDays = band is "Band 7" or "Band 6" ? 33 : 27,
                Email = name.ToLowerInvariant().Replace(' ', '.') + "@demo.infirmary.nhs.uk",
            };
            if (rn)
            {
                member.Skills.Add(new StaffSkill { Id = Guid.NewGuid(), Skill = RegisteredNurse });
                // Some IV competencies lapse soon, so the staff page shows expiry.
                member.Skills.Add(new StaffSkill { Id = Guid.NewGuid(), Skill = "IV therapy", ExpiresOn = today.AddDays(i % 3 == 0 ? 20 : 400) });
            }

            member.Skills.Add(new StaffSkill { Id = Guid.NewGuid(), Skill = "Immediate Life Support", ExpiresOn = today.AddDays(200 + (i * 10)) });
            db.Add(member);
            if (i % 7 == 3)
            {
                db.Add(new LeaveRequest
                {
                    Id = Guid.NewGuid(),
                    StaffMemberId = member.Id,
                    Kind = LeaveKinds.Annual,
                    FirstDay = today.AddDays(10 + i),
                    LastDay = today.AddDays(14 + i),
                    Status = i % 2 == 0 ? RequestStatus.Requested : RequestStatus.Approved,
                    RequestedAt = clock.GetUtcNow().UtcDateTime.AddDays(-7),
                    DecidedBy = i % 2 == 0 ? null : "service",
                    DecidedAt = i % 2 == 0 ? null : clock.GetUtcNow().UtcDateTime.AddDays(-6),
                });
            }

            i++;
        }

        await db.SaveChangesAsync(ct);
    }
}
