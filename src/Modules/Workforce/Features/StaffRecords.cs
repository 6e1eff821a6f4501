using Infirmary.Platform.Data;
using Infirmary.Platform.Ui;
using Infirmary.Workforce.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Workforce.Features;

/// <summary>What a manager enters for a member of staff. Skills are "name" or "name until yyyy-mm-dd", one per line.</summary>
public sealed class StaffInput
{
    public int? Version { get; set; }

    public string? Name { get; set; }

    public string? JobRole { get; set; }

    public string? Band { get; set; }

    public Guid? TeamId { get; set; }

    public decimal? HoursPerWeek { get; set; }

    public int? AnnualLeaveDays { get; set; }

    public bool OptedOutOf48Hours { get; set; }

    public int? MaxNightsPerFourWeeks { get; set; }

    public string? UserName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Skills { get; set; }

    public bool Active { get; set; } = true;
}

/// <summary>Creates and changes staff records: contract, team, skills with expiry, and the login they are linked to.</summary>
public sealed class StaffRecords(InfirmaryDbContext db)
{
    public static readonly IReadOnlyList<string> Bands = ["Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7", "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "Medical"];

    public Task<StaffMember?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<StaffMember>().AsNoTracking().Include(s => s.Skills).FirstOrDefaultAsync(s => s.Id == id, ct);

    public static StaffInput ToInput(StaffMember s) => new()
    {
        Version = s.Version,
        Name = s.Name,
        JobRole = s.JobRole,
        Band = s.Band,
        TeamId = s.TeamId,
        HoursPerWeek = s.ContractedMinutesPerWeek / 60m,
        AnnualLeaveDays = s.AnnualLeaveDays,
        OptedOutOf48Hours = s.OptedOutOf48Hours,
        MaxNightsPerFourWeeks = s.MaxNightsPerFourWeeks,
        UserName = s.UserName,
        Email = s.Email,
        Phone = s.Phone,
        Active = s.Active,
        Skills = string.Join('\n', s.Skills.OrderBy(k => k.Skill, StringComparer.Ordinal).Select(k => k.ExpiresOn is { } e ? $"{k.Skill} until {e:yyyy-MM-dd}" : k.Skill)),
    };

    /// <summary>Creates (<paramref name="id"/> null) or updates a record. Errors are keyed by field.</summary>
    public async Task<(StaffMember? Staff, Dictionary<string, string[]> Errors, int Status)> SaveAsync(Guid? id, StaffInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            Error("name", "Enter the person's name (up to 100 characters).");
        }

        if (string.IsNullOrWhiteSpace(input.JobRole) || input.JobRole.Trim().Length > 60)
        {
            Error("jobRole", "Enter the job, for example Staff nurse (up to 60 characters).");
        }

        if (input.Band is null || !Bands.Contains(input.Band))
        {
            Error("band", "Choose a band.");
        }

        if (input.TeamId is not { } teamId || !await db.Set<Team>().AnyAsync(t => t.Id == teamId, ct))
        {
            Error("teamId", "Choose a ward or team.");
        }

        if (input.HoursPerWeek is not { } hours || hours < 0 || hours > 80)
        {
            Error("hoursPerWeek", "Enter contracted hours a week, from 0 to 80.");
        }

        if (input.AnnualLeaveDays is not { } leave || leave < 0 || leave > 60)
        {
            Error("annualLeaveDays", "Enter annual leave entitlement in days, from 0 to 60.");
        }

        if (input.MaxNightsPerFourWeeks is { } nights && (nights < 0 || nights > 28))
        {
            Error("maxNightsPerFourWeeks", "Nights in four weeks are from 0 to 28.");
        }

        var userName = FreeText.Clean(input.UserName);
        if (userName is not null)
        {
            if (!await db.Users.AnyAsync(u => u.UserName == userName, ct))
            {
                Error("userName", $"There is no login \"{userName}\".");
            }
            else if (await db.Set<StaffMember>().AnyAsync(s => s.UserName == userName && s.Id != id, ct))
            {
                Error("userName", $"The login \"{userName}\" is already linked to another staff record.");
            }
        }

        var skills = new List<StaffSkill>();
        var lines = (input.Skills ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(" until ", 2, StringSplitOptions.TrimEntries);
            DateOnly? expires = null;
            if (parts.Length == 2)
            {
                if (!DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", out var d))
                {
                    Error("skills", $"Line {i + 1}: write the expiry as yyyy-mm-dd, for example \"IV therapy until 2027-03-31\".");
                    break;
                }

                expires = d;
            }

            if (parts[0].Length is 0 or > 60)
            {
                Error("skills", $"Line {i + 1}: a skill name is 1 to 60 characters.");
                break;
            }

            if (skills.Any(s => string.Equals(s.Skill, parts[0], StringComparison.OrdinalIgnoreCase)))
            {
                Error("skills", $"Line {i + 1}: \"{parts[0]}\" is listed twice.");
                break;
            }

            skills.Add(new StaffSkill { Id = Guid.NewGuid(), Skill = parts[0], ExpiresOn = expires });
        }

        if (errors.Count > 0)
        {
            return (null, errors, 400);
        }

        StaffMember member;
        if (id is { } existingId)
        {
            var found = await db.Set<StaffMember>().Include(s => s.Skills).FirstOrDefaultAsync(s => s.Id == existingId, ct);
            if (found is null)
            {
                return (null, new() { ["name"] = ["There is no such staff record."] }, 404);
            }

            if (input.Version is { } v && v != found.Version)
            {
                return (null, new() { ["name"] = ["Someone else changed this record since you opened it. Look at it again."] }, 409);
            }

            member = found;
            member.Version++;
            db.RemoveRange(member.Skills);
            member.Skills.Clear();
        }
        else
        {
            member = new StaffMember { Id = Guid.NewGuid(), Name = name!, JobRole = input.JobRole!.Trim(), Band = input.Band!, TeamId = input.TeamId!.Value };
            db.Add(member);
        }

        member.Name = name!;
        member.JobRole = input.JobRole!.Trim();
        member.Band = input.Band!;
        member.TeamId = input.TeamId!.Value;
        member.ContractedMinutesPerWeek = (int)Math.Round(input.HoursPerWeek!.Value * 60);
        member.AnnualLeaveDays = input.AnnualLeaveDays!.Value;
        member.OptedOutOf48Hours = input.OptedOutOf48Hours;
        member.MaxNightsPerFourWeeks = input.MaxNightsPerFourWeeks ?? 8;
        member.UserName = userName;
        member.Email = FreeText.Clean(input.Email);
        member.Phone = FreeText.Clean(input.Phone);
        member.Active = input.Active;
        foreach (var skill in skills)
        {
            skill.StaffMemberId = member.Id;
            db.Add(skill);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (null, new() { ["name"] = ["Someone else changed this record at the same moment. Look at it again."] }, 409);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return (null, new() { ["userName"] = ["That login was linked to another staff record at the same moment."] }, 409);
        }

        return (member, errors, 200);
    }
}
