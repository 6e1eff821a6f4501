namespace Infirmary.Matching.Text;

/// <summary>Bounded edit-distance tests used for identifiers and short codes, where only "one slip" matters.</summary>
public static class EditDistance
{
    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> differ by at most one insertion, deletion,
    /// substitution or transposition of adjacent characters (optimal string alignment distance ≤ 1).
    /// </summary>
    public static bool WithinOne(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length < b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }

        if (a.Length - b.Length > 1)
        {
            return false;
        }

        var prefix = a.CommonPrefixLength(b);
        if (prefix == a.Length)
        {
            return true;
        }

        if (a.Length == b.Length)
        {
            // One substitution, or one adjacent transposition.
            if (a[(prefix + 1)..].SequenceEqual(b[(prefix + 1)..]))
            {
                return true;
            }

            return prefix + 1 < a.Length
                && a[prefix] == b[prefix + 1]
                && a[prefix + 1] == b[prefix]
                && a[(prefix + 2)..].SequenceEqual(b[(prefix + 2)..]);
        }

        // a is one longer: a deletion from a.
        return a[(prefix + 1)..].SequenceEqual(b[prefix..]);
    }
}
