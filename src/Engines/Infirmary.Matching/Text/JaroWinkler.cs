namespace Infirmary.Matching.Text;

/// <summary>
/// Jaro (1989) and Jaro–Winkler (Winkler 1990) string similarity, as specified in
/// W. E. Winkler, "String Comparator Metrics and Enhanced Decision Rules in the Fellegi-Sunter Model of
/// Record Linkage" (1990): match window ⌊max(|a|,|b|)/2⌋−1, half the transpositions, prefix of at most
/// four characters scaled by 0.1, applied only when the Jaro similarity exceeds 0.7.
/// Works on spans so a comparison allocates nothing for strings up to 128 characters.
/// </summary>
public static class JaroWinkler
{
    public const double DefaultPrefixScale = 0.1;
    public const double DefaultBoostThreshold = 0.7;
    private const int MaxPrefix = 4;

    public static double Similarity(string? a, string? b) =>
        Similarity((a ?? string.Empty).AsSpan(), (b ?? string.Empty).AsSpan());

    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var jaro = Jaro(a, b);
        if (jaro <= DefaultBoostThreshold)
        {
            return jaro;
        }

        var limit = Math.Min(MaxPrefix, Math.Min(a.Length, b.Length));
        var prefix = 0;
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + prefix * DefaultPrefixScale * (1.0 - jaro);
    }

    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1.0;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return 0.0;
        }

        if (a.SequenceEqual(b))
        {
            return 1.0;
        }

        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        Span<bool> aFlags = a.Length <= 128 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bFlags = b.Length <= 128 ? stackalloc bool[b.Length] : new bool[b.Length];
        aFlags.Clear();
        bFlags.Clear();

        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var start = Math.Max(0, i - window);
            var end = Math.Min(b.Length - 1, i + window);
            for (var j = start; j <= end; j++)
            {
                if (!bFlags[j] && a[i] == b[j])
                {
                    aFlags[i] = true;
                    bFlags[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0.0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aFlags[i])
            {
                continue;
            }

            while (!bFlags[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        double m = matches;
        return (m / a.Length + m / b.Length + (m - transpositions / 2) / m) / 3.0;
    }
}
