using Infirmary.Pharmacy.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Pharmacy.Features;

/// <summary>The witness to a controlled-drug movement: a second member of staff, who signs with their own password.</summary>
public sealed record WitnessRequest(string? UserName, string? Password);

/// <summary>
/// Controlled drugs (schedule 2): verifies the witness before a movement and writes the register entry with its
/// running balance inside the movement's transaction (called by <see cref="StockLedger"/>).
/// </summary>
public sealed class CdRegister(InfirmaryDbContext db, UserManager<StaffUser> users, ActorAccessor actors)
{
    /// <summary>Roles whose members may witness a controlled-drug entry.</summary>
    public static readonly IReadOnlyList<string> WitnessRoles = [Roles.Pharmacist, Roles.PharmacyTechnician, Roles.Clinician];

    private (string Id, string Name)? witness;

    /// <summary>True when the pack is a schedule 2 controlled drug, so the movement needs a witness and a register entry.</summary>
    public Task<bool> IsRegisterPackAsync(Guid packId, CancellationToken ct) =>
        (from p in db.Set<Pack>() join v in db.Set<Vmp>() on p.VmpId equals v.Id where p.Id == packId select v.ControlledDrugSchedule)
            .AnyAsync(s => s == 2, ct);

    /// <summary>
    /// For a controlled-drug pack, checks the witness (another person, in a witnessing role, correct password) and keeps
    /// them for the register entry. Returns an error for the "witness" field, or null when fine (or not a CD).
    /// </summary>
    public async Task<string?> WitnessAsync(Guid packId, WitnessRequest? request, CancellationToken ct)
    {
        if (!await IsRegisterPackAsync(packId, ct))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(request?.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return "This is a schedule 2 controlled drug: a second member of staff must witness it (their user name and password).";
        }

        var user = await users.FindByNameAsync(request.UserName.Trim());
        if (user is null || await users.IsLockedOutAsync(user) || !await users.CheckPasswordAsync(user, request.Password))
        {
            return "The witness's user name or password is not right.";
        }

        var actor = actors.Current;
        if (string.Equals(user.Id.ToString(), actor.Id, StringComparison.OrdinalIgnoreCase))
        {
            return "The witness must be someone else: you cannot witness your own controlled-drug entry.";
        }

        var roles = await users.GetRolesAsync(user);
        if (!roles.Any(r => WitnessRoles.Contains(r)))
        {
            return "The witness must be a pharmacist, pharmacy technician or clinician.";
        }

        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName! : $"{user.DisplayName} ({user.UserName})";
        witness = (user.Id.ToString(), name);
        return null;
    }

    /// <summary>Sets the witness directly (demonstration data and the command line only).</summary>
    internal void UseWitness(string id, string name) => witness = (id, name);

    /// <summary>Writes the register entry for a movement of a schedule 2 batch; nothing for other products.</summary>
    public async Task RecordAsync(StockMovement movement, CancellationToken ct)
    {
        if (movement.Change == 0)
        {
            return;
        }

        var info = await (
            from b in db.Set<StockBatch>()
            join p in db.Set<Pack>() on b.PackId equals p.Id
            join v in db.Set<Vmp>() on p.VmpId equals v.Id
            where b.Id == movement.BatchId
            select new { VmpId = v.Id, v.Name, v.Strength, v.Form, v.ControlledDrugSchedule, b.LocationId, b.BatchNumber, p.Unit }).SingleAsync(ct);
        if (info.ControlledDrugSchedule != 2)
        {
            return;
        }

        if (witness is not { } w)
        {
            throw new InvalidOperationException("A controlled-drug movement reached the register without a verified witness.");
        }

        if (db.Provider == DatabaseProvider.Postgres)
        {
            // One writer per register page (drug at a location) at a time, so running balances follow each other.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({info.VmpId.ToString() + info.LocationId}))", ct);
        }

        var previous = await db.Set<CdRegisterEntry>().Where(e => e.VmpId == info.VmpId && e.LocationId == info.LocationId)
            .OrderByDescending(e => e.Id).Select(e => (int?)e.Balance).FirstOrDefaultAsync(ct) ?? 0;
        var pending = db.ChangeTracker.Entries<CdRegisterEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.VmpId == info.VmpId && e.Entity.LocationId == info.LocationId)
            .Select(e => e.Entity.Balance).LastOrDefault(-1);
        db.Add(new CdRegisterEntry
        {
            VmpId = info.VmpId,
            LocationId = info.LocationId,
            Drug = info.Name,
            Strength = info.Strength,
            Form = info.Form,
            Kind = movement.Kind,
            Change = movement.Change,
            Balance = (pending >= 0 ? pending : previous) + movement.Change,
            Unit = info.Unit,
            BatchId = movement.BatchId,
            BatchNumber = info.BatchNumber,
            At = movement.At,
            ById = movement.ById,
            ByName = movement.ByName,
            WitnessId = w.Id,
            WitnessName = w.Name,
            Detail = movement.Reason.Length <= 500 ? movement.Reason : movement.Reason[..500],
            Reference = movement.Reference,
        });
    }
}
