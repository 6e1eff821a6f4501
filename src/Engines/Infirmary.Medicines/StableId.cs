namespace Infirmary.Medicines;

/// <summary>
/// FNV-1a 64-bit hash as 16 hex digits. string.GetHashCode is randomised per process, so it cannot identify an
/// alert across restarts; an override recorded today must match the same alert tomorrow.
/// </summary>
internal static class StableId
{
    public static string Of(AlertKind kind, string ruleId, string keyA, string? keyB)
    {
        var hash = 14695981039346656037UL;
        hash = Mix(hash, kind.ToString());
        hash = Mix(hash, ruleId);
        hash = Mix(hash, keyA);
        hash = Mix(hash, keyB ?? string.Empty);
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ulong Mix(ulong hash, string text)
    {
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        // A separator so ("ab","c") and ("a","bc") differ.
        return (hash ^ 0x1F) * 1099511628211UL;
    }
}
