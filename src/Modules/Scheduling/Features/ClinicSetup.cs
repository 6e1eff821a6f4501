using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public sealed record ClinicInput(string? Name, string? Specialty, string? Site, string? Room, Guid? ClinicianId);

public sealed record ClinicianOption(Guid Id, string Name, string? JobTitle);

/// <summary>
/// Sets clinics up: the clinic itself (clinician chosen from staff with the Clinician role) and its templates. A
/// template that would put the same clinician, or the same room, in two sessions at once is refused, naming the clash.
/// </summary>
public sealed class ClinicSetup(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, TimeProvider clock)
{
    public async Task<IReadOnlyList<ClinicianOption>> CliniciansAsync(CancellationToken ct)
    {
        var role = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.Clinician).Select(r => r.Id).FirstOrDefaultAsync(ct);
        return await (from ur in db.UserRoles
                      join u in db.Users on ur.UserId equals u.Id
                      where ur.RoleId == role
                      orderby u.DisplayName
                      select new ClinicianOption(u.Id, u.DisplayName, u.JobTitle)).ToListAsync(ct);
    }

    public async Task<Result<Clinic>> CreateClinicAsync(ClinicInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = Text(input.Name, "name", "the clinic's name", 200, errors);
        var specialty = Text(input.Specialty, "specialty", "the specialty", 100, errors);
        var site = Text(input.Site, "site", "the site", 100, errors);
        var room = Text(input.Room, "room", "the room", 50, errors);
        ClinicianOption? clinician = null;
        if (input.ClinicianId is not { } cid || cid == Guid.Empty)
        {
            errors["clinicianId"] = ["Choose the clinician who runs the clinic."];
        }
        else if ((clinician = (await CliniciansAsync(ct)).FirstOrDefault(c => c.Id == cid)) is null)
        {
            errors["clinicianId"] = ["There is no clinician with this id; choose a member of staff with the Clinician role."];
        }

        if (errors.Count > 0)
        {
            return Result.Invalid<Clinic>(errors, "The clinic's details need correcting");
        }

        var actor = actors.Current;
        var clinic = new Clinic
        {
            Name = name!, Specialty = specialty!, Site = site!, Room = room!,
            ClinicianId = clinician!.Id, ClinicianName = clinician.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = Who.Name(actor),
        };
        db.Set<Clinic>().Add(clinic);
        audit.Add(AuditAction.Create, $"Schedule/{clinic.Id}", detail: $"clinic {clinic.Name} ({clinic.ClinicianName})");
        await db.SaveChangesAsync(ct);
        return Result.Ok<Clinic>(clinic);
    }

    public async Task<Result<ClinicTemplate>> AddTemplateAsync(Guid clinicId, TemplateInput input, CancellationToken ct)
    {
        var clinic = await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, ct);
        if (clinic is null)
        {
            return Result.NotFound<ClinicTemplate>("No such clinic", $"There is no clinic {clinicId}.");
        }

        var today = LondonTime.Today(clock);
        var (template, errors) = TemplateRules.Read(input, today);
        if (template is null)
        {
            return Result.Invalid<ClinicTemplate>(errors, "The template needs correcting");
        }

        if (await FindClashAsync(clinic, template, today, ct) is { } clash)
        {
            return Result.Invalid<ClinicTemplate>("startTime", clash, "The template overlaps another");
        }

        template.ClinicId = clinic.Id;
        template.CreatedAt = clock.GetUtcNow().UtcDateTime;
        template.CreatedBy = Who.Name(actors.Current);
        db.Set<ClinicTemplate>().Add(template);
        audit.Add(AuditAction.Create, $"Schedule/{clinic.Id}", detail: $"template {template.Describe()} from {template.ValidFrom:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return Result.Ok<ClinicTemplate>(template);
    }

    /// <summary>The first clash with a template of any clinic sharing the clinician or the room, described for people.</summary>
    private async Task<string?> FindClashAsync(Clinic clinic, ClinicTemplate template, DateOnly today, CancellationToken ct)
    {
        var site = clinic.Site.ToUpperInvariant();
        var room = clinic.Room.ToUpperInvariant();
#pragma warning disable CA1862 // ToUpper is what the database can translate; string.Equals with a comparison is not.
        var neighbours = await db.Set<Clinic>().AsNoTracking()
            .Where(c => c.ClinicianId == clinic.ClinicianId || (c.Site.ToUpper() == site && c.Room.ToUpper() == room))
            .ToListAsync(ct);
#pragma warning restore CA1862
        var ids = neighbours.Select(c => c.Id).ToList();
        var templates = await db.Set<ClinicTemplate>().AsNoTracking()
            .Where(t => ids.Contains(t.ClinicId) && t.DayOfWeek == template.DayOfWeek && (t.ValidTo == null || t.ValidTo >= today))
            .ToListAsync(ct);
        foreach (var other in templates.OrderBy(t => t.ValidFrom))
        {
            if (TemplateRules.FirstClash(template, other, today) is not { } date)
            {
                continue;
            }

            var otherClinic = neighbours.First(c => c.Id == other.ClinicId);
            var shared = otherClinic.ClinicianId == clinic.ClinicianId
                ? $"the same clinician, {clinic.ClinicianName}"
                : $"the same room, {clinic.Room} at {clinic.Site}";
            return $"This template overlaps {otherClinic.Name} ({other.Describe()}) on {Infirmary.Platform.Ui.UkFormat.Date(date)}: " +
                   $"both need {shared}. Change the day or times, or end the other template first.";
        }

        return null;
    }

    private static string? Text(string? value, string field, string what, int max, Dictionary<string, string[]> errors)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            errors[field] = [$"Enter {what}."];
            return null;
        }

        if (v.Length > max)
        {
            errors[field] = [$"{char.ToUpperInvariant(what[0])}{what[1..]} must be {max} characters or fewer."];
            return null;
        }

        return v;
    }
}
