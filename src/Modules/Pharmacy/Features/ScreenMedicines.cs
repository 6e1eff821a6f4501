using Infirmary.Medicines;

namespace Infirmary.Pharmacy.Features;

/// <summary>Screens a prescription with the engine built from the formulary. Brand (AMP) codes screen as their VMP.</summary>
public sealed class ScreenMedicines(FormularyEngine formulary)
{
    public async Task<IReadOnlyList<Alert>> HandleAsync(ScreeningRequest request, CancellationToken ct)
    {
        var snapshot = await formulary.GetAsync(ct);
        var mapped = request with
        {
            CurrentMedicines = [.. request.CurrentMedicines.Select(m => m with { Code = snapshot.VmpCode(m.Code) })],
            DraftOrders = [.. request.DraftOrders.Select(m => m with { Code = snapshot.VmpCode(m.Code) })],
        };
        return snapshot.Engine.Screen(mapped);
    }

    /// <summary>CDS Hooks indicator: critical for contraindicated/severe, warning for moderate, info for minor.
    /// A medicine that could not be understood is a warning whatever the engine's severity: it is a gap, not a harm.</summary>
    public static string Indicator(Alert alert) => alert.Kind == AlertKind.Unresolved
        ? (alert.Severity >= Severity.Moderate ? "warning" : "info")
        : alert.Severity switch
        {
            Severity.Contraindicated or Severity.Severe => "critical",
            Severity.Moderate => "warning",
            _ => "info",
        };

    /// <summary>A one-line summary of at most 140 characters (the CDS Hooks limit).</summary>
    public static string Summary(Alert alert)
    {
        var severity = alert.Severity switch
        {
            Severity.Contraindicated => "Contraindicated",
            Severity.Severe => "Severe",
            Severity.Moderate => "Moderate",
            _ => "Minor",
        };
        var text = alert.Kind switch
        {
            AlertKind.Interaction => $"{severity} interaction: {alert.ItemA.Label} with {alert.ItemB?.Label}",
            AlertKind.Allergy => $"{severity} allergy risk: {alert.ItemA.Label} (recorded allergy: {alert.ItemB?.Label})",
            AlertKind.Duplicate => $"Duplicate therapy: {alert.ItemA.Label} and {alert.ItemB?.Label}",
            AlertKind.Dose => $"Dose check: {alert.ItemA.Label}: {alert.Mechanism}",
            AlertKind.Food => $"{severity} food interaction: {alert.ItemA.Label} with {alert.ItemB?.Label}",
            _ when alert.RuleId == "unresolved-allergy" => $"Allergy not recognised, not screened: {alert.ItemA.Label}",
            _ when alert.RuleId == "unresolved-food" => $"Food not recognised, not screened: {alert.ItemA.Label}",
            _ when alert.RuleId == "unresolved-product" => $"Product not pinned down, dose not checked: {alert.ItemA.Label}",
            _ => $"Medicine not recognised, not screened: {alert.ItemA.Label}",
        };
        return text.Length <= 140 ? text : string.Concat(text.AsSpan(0, 139), "…");
    }

    /// <summary>The card's detail (CDS Hooks: GitHub-flavoured markdown).</summary>
    public static string Detail(Alert alert) =>
        $"**Why:** {alert.Mechanism}\n\n**Advice:** {alert.Advice}\n\nRule `{alert.RuleId}`, alert `{alert.Id}`.";

    /// <summary>A stable UUID for the alert (name-based, RFC 4122 version 5), so the same finding keeps its card id.</summary>
    public static Guid CardUuid(Alert alert)
    {
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 4122 name-based UUIDs (version 5) are defined over SHA-1; not used for security.
        System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes("infirmary:alert:" + alert.Id), hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
