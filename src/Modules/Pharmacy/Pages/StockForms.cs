using System.Globalization;
using Infirmary.Pharmacy.Features;

namespace Infirmary.Pharmacy.Pages;

/// <summary>Numbers and dates as typed on the stock pages, read strictly; errors keyed by the field's id.</summary>
internal static class StockInput
{
    public static int? Count(string? text, string field, string label, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            errors[field] = [$"{label} must be a whole number, like 2."];
            return null;
        }

        return n;
    }

    /// <summary>Reads a date from a date input (yyyy-MM-dd) or as typed in the UK (25/11/2026).</summary>
    public static DateOnly? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy", "d-MMM-yyyy", "dd-MMM-yyyy"];
        if (DateOnly.TryParseExact(text.Trim(), formats, CultureInfo.GetCultureInfo("en-GB"), DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors[field] = ["Enter the expiry as a date, for example 31/05/2027."];
        return null;
    }
}

public sealed class ReceiptForm
{
    public string? Location { get; set; } = "PHARM";

    public string? Scan { get; set; }

    public string? Gtin { get; set; }

    public string? Batch { get; set; }

    public string? Expiry { get; set; }

    public string? Packs { get; set; } = "1";

    public string? Reason { get; set; }

    public string? WitnessUser { get; set; }

    public string? WitnessPassword { get; set; }

    public WitnessRequest? Witness => string.IsNullOrWhiteSpace(WitnessUser) ? null : new WitnessRequest(WitnessUser, WitnessPassword);

    public (ReceiptRequest? Request, Dictionary<string, string[]> Errors) ToRequest()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var expiry = StockInput.Date(Expiry, "expiry", errors);
        var packs = StockInput.Count(Packs, "packs", "The number of packs", errors);
        return errors.Count > 0 ? (null, errors) : (new ReceiptRequest(Location, Scan, Gtin, Batch, expiry, packs ?? 1, null, Reason, Witness), errors);
    }
}

public sealed class MoveForm
{
    public string? Quantity { get; set; }

    /// <summary>"packs" or "units".</summary>
    public string? In { get; set; } = "packs";

    public string? ToLocation { get; set; }

    public string? Reason { get; set; }

    public string? WitnessUser { get; set; }

    public string? WitnessPassword { get; set; }

    public WitnessRequest? Witness => string.IsNullOrWhiteSpace(WitnessUser) ? null : new WitnessRequest(WitnessUser, WitnessPassword);

    public (int? Packs, int? Units, Dictionary<string, string[]> Errors) Read()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var field = In == "units" ? "units" : "packs";
        var n = StockInput.Count(Quantity, field, "The quantity", errors);
        if (n is null && errors.Count == 0)
        {
            errors[field] = ["Enter the quantity."];
        }

        return field == "units" ? (null, n, errors) : (n, null, errors);
    }
}
