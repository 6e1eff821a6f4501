using System.Globalization;
using Infirmary.Medicines;

namespace Infirmary.Pharmacy.Pages;

/// <summary>The "try screening" form: medicines one per line, allergies one per line or comma-separated.</summary>
public sealed class ScreenForm
{
    public const int MaxLines = 40;

    public string? Medicines { get; set; }

    public string? Current { get; set; }

    public string? Allergies { get; set; }

    public string? Age { get; set; }

    public string? Weight { get; set; }

    public (ScreeningRequest? Request, Dictionary<string, string[]> Errors) ToRequest()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var drafts = Lines(Medicines);
        var current = Lines(Current);
        var allergies = (Allergies ?? string.Empty).Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (drafts.Count == 0)
        {
            errors["medicines"] = ["Enter at least one medicine to screen, one per line, for example Simvastatin 40mg tablets."];
        }
        else if (drafts.Count > MaxLines || current.Count > MaxLines || allergies.Count > MaxLines)
        {
            errors["medicines"] = [$"Enter at most {MaxLines} medicines or allergies in each box."];
        }

        if (drafts.Concat(current).Concat(allergies).Any(l => l.Length > 200))
        {
            errors["medicines"] = ["Each medicine or allergy must be 200 characters or fewer."];
        }

        var age = Number(Age, "age", 0, 130, "Age must be a number of years from 0 to 130.", errors);
        var weight = Number(Weight, "weight", 0.3, 350, "Weight must be in kilograms, from 0.3 to 350.", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ScreeningRequest
        {
            DraftOrders = [.. drafts.Select(t => new MedicineOrder(Text: t))],
            CurrentMedicines = [.. current.Select(t => new MedicineOrder(Text: t))],
            Allergies = allergies,
            AgeYears = age,
            WeightKg = weight,
        }, errors);
    }

    private static List<string> Lines(string? text) =>
        [.. (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static double? Number(string? text, string field, double min, double max, string message, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.GetCultureInfo("en-GB"), out var v) || v < min || v > max)
        {
            errors[field] = [message];
            return null;
        }

        return v;
    }
}
