using System.Text.RegularExpressions;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Laboratory.Features;

/// <summary>A log entry written (its id and, for a solution, its lot number) or the fields to correct.</summary>
public sealed record LogResult(Guid? Id, string? LotNumber, IDictionary<string, string[]> Errors)
{
    public bool Succeeded => Id is not null;
}

public sealed record NewIngredient(string? Name, string? LotNumber, string? Amount);

public sealed record NewSolution(string? Solution, string? Quantity, DateOnly? ExpiresOn, DateTime? PreparedAt, string? Notes, IReadOnlyList<NewIngredient>? Ingredients);

public sealed record IngredientDto(string Name, string LotNumber, string? Amount);

public sealed record SolutionDto(Guid Id, string Solution, string LotNumber, string Quantity, DateTime PreparedAt, string PreparedBy,
    DateOnly ExpiresOn, bool Expired, string? Notes, IReadOnlyList<IngredientDto> Ingredients);

public sealed record NewCleaning(string? Item, string? Kind, string? Method, string? AgentLot, string? Cycle, bool? IndicatorPassed, DateTime? PerformedAt, string? Notes);

public sealed record CleaningDto(Guid Id, string Item, string Kind, string Method, string? AgentLot, string? Cycle, bool? IndicatorPassed,
    DateTime PerformedAt, string PerformedBy, string? Notes);

public sealed record NewWaste(string? Category, decimal? Quantity, string? Unit, string? ConsignmentNote, string? Carrier, DateTime? CollectedAt, string? Notes);

public sealed record WasteDto(Guid Id, string Category, string CategoryLabel, bool Hazardous, decimal Quantity, string Unit, string? ConsignmentNote,
    string? Carrier, DateTime CollectedAt, string RecordedBy, string? Notes);

/// <summary>
/// The laboratory's logs (ADR 0086): solutions prepared (with the lot of every ingredient, so a bad lot can be traced
/// forward), cleaning and sterilisation (a sterilisation needs its indicator result), and waste consigned (a hazardous
/// category needs its consignment note). Entries are append-only: a mistake is corrected by a further entry with a note.
/// Each records who made it, from the signed-in person. Field errors are keyed by the JSON/form field name.
/// </summary>
public sealed partial class LabLogs(InfirmaryDbContext db, ActorAccessor actors, TimeProvider clock)
{
    public const int MaxIngredients = 20;
    public const int ListLimit = 200;

    [GeneratedRegex(@"^[A-Za-z0-9/\-]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex ConsignmentPattern();

    public async Task<LogResult> PrepareSolutionAsync(NewSolution input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var solution = Text(errors, "solution", input.Solution, SolutionPreparation.MaxName, "Enter what solution was made.");
        var quantity = Text(errors, "quantity", input.Quantity, 50, "Enter how much was made, for example 500 mL.");
        var notes = Optional(errors, "notes", input.Notes, 1000);
        var at = When(errors, "preparedAt", input.PreparedAt, now);
        var preparedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, UkFormat.London));
        if (input.ExpiresOn is not { } expires)
        {
            errors["expiresOn"] = ["Enter the expiry date of the solution."];
        }
        else if (expires < preparedOn)
        {
            errors["expiresOn"] = [$"The expiry date cannot be before the day it was made ({UkFormat.Date(preparedOn)})."];
        }
        else if (expires > preparedOn.AddYears(5))
        {
            errors["expiresOn"] = ["The expiry date must be within five years of making it."];
        }

        var given = (input.Ingredients ?? []).Where(i => !string.IsNullOrWhiteSpace(i.Name) || !string.IsNullOrWhiteSpace(i.LotNumber) || !string.IsNullOrWhiteSpace(i.Amount)).ToList();
        var ingredients = new List<SolutionIngredient>();
        if (given.Count == 0)
        {
            errors["ingredients"] = ["Enter at least one ingredient with its lot number."];
        }
        else if (given.Count > MaxIngredients)
        {
            errors["ingredients"] = [$"A solution can list at most {MaxIngredients} ingredients."];
        }
        else
        {
            for (var i = 0; i < given.Count; i++)
            {
                var name = Text(errors, $"ingredients[{i}].name", given[i].Name, 100, $"Enter the name of ingredient {i + 1}.");
                var lot = Text(errors, $"ingredients[{i}].lotNumber", given[i].LotNumber, StockLot.MaxLot, $"Enter the lot number of ingredient {i + 1} ({given[i].Name?.Trim()}).");
                var amount = Optional(errors, $"ingredients[{i}].amount", given[i].Amount, 50);
                if (name is not null && lot is not null)
                {
                    ingredients.Add(new SolutionIngredient { Name = name, LotNumber = lot, Amount = amount });
                }
            }
        }

        if (errors.Count > 0)
        {
            return new LogResult(null, null, errors);
        }

        var actor = actors.Current;
        var prep = new SolutionPreparation
        {
            Solution = solution!, Quantity = quantity!, PreparedAt = at, ExpiresOn = input.ExpiresOn!.Value, Notes = notes,
            PreparedById = actor.Id, PreparedBy = StaffName.Of(actor),
            LotNumber = $"SP-{preparedOn:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}",
        };
        prep.Ingredients.AddRange(ingredients);
        db.Add(prep);
        await db.SaveChangesAsync(ct);
        return new LogResult(prep.Id, prep.LotNumber, errors);
    }

    /// <summary>Solutions, newest first; with <paramref name="ingredientLot"/>, only those made with that lot.</summary>
    public async Task<IReadOnlyList<SolutionDto>> SolutionsAsync(string? ingredientLot, CancellationToken ct)
    {
        var today = UkFormat.TodayInLondon(clock);
        var lot = ingredientLot?.Trim();
        var query = db.Set<SolutionPreparation>().AsNoTracking().Include(p => p.Ingredients).AsQueryable();
        if (!string.IsNullOrEmpty(lot))
        {
            query = query.Where(p => p.Ingredients.Any(i => i.LotNumber == lot));
        }

        var rows = await query.OrderByDescending(p => p.PreparedAt).Take(ListLimit).ToListAsync(ct);
        return [.. rows.Select(p => new SolutionDto(p.Id, p.Solution, p.LotNumber, p.Quantity, p.PreparedAt, p.PreparedBy, p.ExpiresOn, p.ExpiresOn < today, p.Notes,
            [.. p.Ingredients.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => new IngredientDto(i.Name, i.LotNumber, i.Amount))]))];
    }

    public async Task<LogResult> LogCleaningAsync(NewCleaning input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var item = Text(errors, "item", input.Item, 100, "Enter the equipment or area that was cleaned.");
        var kind = input.Kind?.Trim().ToLowerInvariant();
        if (kind is null || !CleaningKind.All.Contains(kind))
        {
            errors["kind"] = [$"Choose what was done: {string.Join(", ", CleaningKind.All)}."];
        }

        var sterilisation = kind == CleaningKind.Sterilisation;
        var method = Text(errors, "method", input.Method, 200,
            sterilisation ? "Enter the autoclave programme, for example 121 °C for 15 minutes." : "Enter the agent and its strength, for example 1% Virkon.");
        var agentLot = Optional(errors, "agentLot", input.AgentLot, StockLot.MaxLot);
        var cycle = Optional(errors, "cycle", input.Cycle, 30);
        var notes = Optional(errors, "notes", input.Notes, 1000);
        var at = When(errors, "performedAt", input.PerformedAt, now);
        if (sterilisation)
        {
            if (cycle is null && !errors.ContainsKey("cycle"))
            {
                errors["cycle"] = ["Enter the autoclave cycle number."];
            }

            if (input.IndicatorPassed is null)
            {
                errors["indicatorPassed"] = ["Say whether the sterilisation indicator passed."];
            }
        }

        if (errors.Count > 0)
        {
            return new LogResult(null, null, errors);
        }

        var actor = actors.Current;
        var entry = new CleaningEntry
        {
            Item = item!, Kind = kind!, Method = method!, AgentLot = agentLot, Cycle = sterilisation ? cycle : null,
            IndicatorPassed = sterilisation ? input.IndicatorPassed : null, PerformedAt = at, PerformedById = actor.Id, PerformedBy = StaffName.Of(actor), Notes = notes,
        };
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return new LogResult(entry.Id, null, errors);
    }

    public async Task<IReadOnlyList<CleaningDto>> CleaningAsync(string? item, CancellationToken ct)
    {
        var name = item?.Trim();
        var rows = await db.Set<CleaningEntry>().AsNoTracking().Where(c => string.IsNullOrEmpty(name) || c.Item == name)
            .OrderByDescending(c => c.PerformedAt).Take(ListLimit).ToListAsync(ct);
        return [.. rows.Select(c => new CleaningDto(c.Id, c.Item, c.Kind, c.Method, c.AgentLot, c.Cycle, c.IndicatorPassed, c.PerformedAt, c.PerformedBy, c.Notes))];
    }

    public async Task<LogResult> LogWasteAsync(NewWaste input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var category = input.Category?.Trim().ToLowerInvariant();
        if (category is null || WasteCategory.All.All(c => c.Code != category))
        {
            errors["category"] = [$"Choose the waste category: {string.Join(", ", WasteCategory.All.Select(c => c.Code))}."];
        }

        if (input.Quantity is not { } quantity || quantity <= 0 || quantity >= 1_000_000_000)
        {
            errors["quantity"] = ["Enter the quantity, more than 0."];
        }
        else if (decimal.Round(quantity, 3) != quantity)
        {
            errors["quantity"] = ["Give the quantity to at most three decimal places."];
        }

        var unit = input.Unit?.Trim();
        if (unit is null || !WasteCategory.Units.Contains(unit))
        {
            errors["unit"] = [$"Choose the unit: {string.Join(", ", WasteCategory.Units)}."];
        }

        var note = Optional(errors, "consignmentNote", input.ConsignmentNote, WasteEntry.MaxConsignmentNote)?.ToUpperInvariant();
        if (note is not null && !ConsignmentPattern().IsMatch(note))
        {
            errors["consignmentNote"] = ["A consignment note code has letters, digits, / and - only, for example ABC123/00042."];
        }
        else if (note is null && category is not null && WasteCategory.IsHazardous(category) && !errors.ContainsKey("consignmentNote"))
        {
            errors["consignmentNote"] = [$"{WasteCategory.Label(category)} is hazardous waste: enter the consignment note code."];
        }

        var carrier = Optional(errors, "carrier", input.Carrier, 100);
        var notes = Optional(errors, "notes", input.Notes, 1000);
        var at = When(errors, "collectedAt", input.CollectedAt, now);
        if (errors.Count > 0)
        {
            return new LogResult(null, null, errors);
        }

        var actor = actors.Current;
        var entry = new WasteEntry
        {
            Category = category!, Quantity = input.Quantity!.Value, Unit = unit!, ConsignmentNote = note, Carrier = carrier, CollectedAt = at,
            RecordedById = actor.Id, RecordedBy = StaffName.Of(actor), Notes = notes,
        };
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return new LogResult(entry.Id, null, errors);
    }

    public async Task<IReadOnlyList<WasteDto>> WasteAsync(CancellationToken ct)
    {
        var rows = await db.Set<WasteEntry>().AsNoTracking().OrderByDescending(w => w.CollectedAt).Take(ListLimit).ToListAsync(ct);
        return [.. rows.Select(w => new WasteDto(w.Id, w.Category, WasteCategory.Label(w.Category), WasteCategory.IsHazardous(w.Category), w.Quantity, w.Unit,
            w.ConsignmentNote, w.Carrier, w.CollectedAt, w.RecordedBy, w.Notes))];
    }

    private static string? Text(Dictionary<string, string[]> errors, string field, string? value, int max, string missing)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            errors[field] = [missing];
            return null;
        }

        if (v.Length > max || v.Any(char.IsControl))
        {
            errors[field] = [v.Length > max ? $"Use {max} characters or fewer." : "This contains characters that cannot be stored."];
            return null;
        }

        return v;
    }

    private static string? Optional(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            return null;
        }

        if (v.Length > max || v.Any(c => char.IsControl(c) && c is not ('\r' or '\n')))
        {
            errors[field] = [v.Length > max ? $"Use {max} characters or fewer." : "This contains characters that cannot be stored."];
            return null;
        }

        return v;
    }

    private static DateTime When(Dictionary<string, string[]> errors, string field, DateTime? value, DateTime now)
    {
        // A time without an offset is UK local time, as people enter it.
        var at = value is not { } v ? now
            : v.Kind != DateTimeKind.Unspecified ? v.ToUniversalTime()
            : UkFormat.London.IsInvalidTime(v) ? TimeZoneInfo.ConvertTimeToUtc(v.AddHours(1), UkFormat.London)
            : TimeZoneInfo.ConvertTimeToUtc(v, UkFormat.London);
        if (at > now.AddMinutes(5))
        {
            errors[field] = ["The time cannot be in the future."];
        }
        else if (at < now.AddYears(-1))
        {
            errors[field] = ["The time must be within the last year."];
        }

        return at;
    }
}
