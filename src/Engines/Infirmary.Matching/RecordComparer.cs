using Infirmary.Matching.Text;

namespace Infirmary.Matching;

/// <summary>
/// Computes the comparison vector (one level per <see cref="MatchField"/>) of two prepared records and packs it
/// into a 64-bit pattern, 4 bits per field. Nothing here allocates: exact tests are reference or ordinal
/// equality of interned strings, the rest is Jaro–Winkler on spans.
/// </summary>
internal static class RecordComparer
{
    public const double NameClose = 0.94;
    public const double NameSimilar = 0.88;
    public const double AddressClose = 0.92;

    public static ulong Compare(in PreparedRecord a, in PreparedRecord b)
    {
        ulong p = 0;

        var given = NameLevel(a.Given, a.GivenCode, b.Given, b.GivenCode, a.GivenFormal, b.GivenFormal);
        var family = NameLevel(a.Family, a.FamilyCode, b.Family, b.FamilyCode, a.Family, b.Family);
        if (given >= 4 && family >= 4 || given >= 4 && family == 0 || family >= 4 && given == 0)
        {
            // Given and family names entered the wrong way round: compare them crosswise, and credit the
            // agreement as "close" at best, since a swap is itself a small disagreement.
            var cg = NameLevel(a.Given, a.GivenCode, b.Family, b.FamilyCode, a.Given, b.Family);
            var cf = NameLevel(a.Family, a.FamilyCode, b.Given, b.GivenCode, a.Family, b.Given);
            if (cg is >= 1 and <= 3 && cf is >= 1 and <= 3)
            {
                given = Math.Max(cg, 2);
                family = Math.Max(cf, 2);
            }
        }

        p = FieldLevels.With(p, (int)MatchField.GivenName, given);
        p = FieldLevels.With(p, (int)MatchField.FamilyName, family);
        p = FieldLevels.With(p, (int)MatchField.DateOfBirth, BirthLevel(a, b));
        p = FieldLevels.With(p, (int)MatchField.Sex, a.Sex == 0 || b.Sex == 0 ? 0 : a.Sex == b.Sex ? 1 : 2);
        p = FieldLevels.With(p, (int)MatchField.Postcode, PostcodeLevel(a, b));
        p = FieldLevels.With(p, (int)MatchField.HouseNumber, SameOrDifferent(a.House, b.House));
        p = FieldLevels.With(p, (int)MatchField.Address, AddressLevel(a, b));
        p = FieldLevels.With(p, (int)MatchField.Town, TownLevel(a.Town, b.Town));
        p = FieldLevels.With(p, (int)MatchField.Region, SameOrDifferent(a.Region, b.Region));
        p = FieldLevels.With(p, (int)MatchField.NhsNumber, IdentifierLevel(a.Nhs, b.Nhs));
        p = FieldLevels.With(p, (int)MatchField.OtherIdentifier, IdentifierLevel(a.Other, b.Other));
        p = FieldLevels.With(p, (int)MatchField.Phone, IdentifierLevel(a.Phone, b.Phone));
        p = FieldLevels.With(p, (int)MatchField.Email, EmailLevel(a, b));
        return p;
    }

    /// <summary>1 exact, 2 JW ≥ 0.94 or same formal name, 3 JW ≥ 0.88, 4 same NYSIIS code or initial, 5 different.</summary>
    internal static int NameLevel(string a, string aCode, string b, string bCode, string aFormal, string bFormal)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (ReferenceEquals(a, b) || a == b)
        {
            return 1;
        }

        if (ReferenceEquals(aFormal, bFormal) || aFormal == bFormal)
        {
            return 2;
        }

        var jw = JaroWinkler.Similarity(a.AsSpan(), b.AsSpan());
        if (jw >= NameClose)
        {
            return 2;
        }

        if (jw >= NameSimilar)
        {
            return 3;
        }

        if (aCode.Length > 0 && aCode == bCode)
        {
            return 4;
        }

        if ((a.Length == 1 || b.Length == 1) && a[0] == b[0])
        {
            return 4;
        }

        return 5;
    }

    internal static int BirthLevel(in PreparedRecord a, in PreparedRecord b)
    {
        if (a.BirthYear == 0 || b.BirthYear == 0)
        {
            return 0;
        }

        var sameYear = a.BirthYear == b.BirthYear;
        var sameMonth = a.BirthMonth == b.BirthMonth;
        var sameDay = a.BirthDay == b.BirthDay;
        if (sameYear && sameMonth && sameDay)
        {
            return 1;
        }

        if (sameYear && a.BirthMonth == b.BirthDay && a.BirthDay == b.BirthMonth)
        {
            return 2;
        }

        var agreeing = (sameYear ? 1 : 0) + (sameMonth ? 1 : 0) + (sameDay ? 1 : 0);
        return agreeing == 2 ? 3 : 4;
    }

    internal static int PostcodeLevel(in PreparedRecord a, in PreparedRecord b)
    {
        if (a.PostcodeUnit.Length == 0 || b.PostcodeUnit.Length == 0)
        {
            return 0;
        }

        if (ReferenceEquals(a.PostcodeUnit, b.PostcodeUnit) || a.PostcodeUnit == b.PostcodeUnit)
        {
            return 1;
        }

        if (a.PostcodeIsUk && b.PostcodeIsUk)
        {
            if (a.PostcodeSector.Length > 0 && a.PostcodeSector == b.PostcodeSector)
            {
                return 2;
            }

            if (a.PostcodeDistrict.Length > 0 && a.PostcodeDistrict == b.PostcodeDistrict)
            {
                return 3;
            }
        }

        return EditDistance.WithinOne(a.PostcodeUnit.AsSpan(), b.PostcodeUnit.AsSpan()) ? 4 : 5;
    }

    /// <summary>
    /// Address lines are compared as a set, since the same lines are often entered in a different order:
    /// 1 the same lines, 2 best pairing of lines with mean Jaro–Winkler ≥ 0.92, 3 one line pair ≥ 0.94, 4 else.
    /// </summary>
    internal static int AddressLevel(in PreparedRecord a, in PreparedRecord b)
    {
        if (a.Address1.Length == 0 || b.Address1.Length == 0)
        {
            return 0;
        }

        var a1 = a.Address1;
        var a2 = a.Address2;
        var b1 = b.Address1;
        var b2 = b.Address2;
        if ((a1 == b1 && a2 == b2) || (a2.Length > 0 && a1 == b2 && a2 == b1))
        {
            return 1;
        }

        var s11 = JaroWinkler.Similarity(a1.AsSpan(), b1.AsSpan());
        double best;
        double bestSingle = s11;
        if (a2.Length > 0 && b2.Length > 0)
        {
            var s22 = JaroWinkler.Similarity(a2.AsSpan(), b2.AsSpan());
            var s12 = JaroWinkler.Similarity(a1.AsSpan(), b2.AsSpan());
            var s21 = JaroWinkler.Similarity(a2.AsSpan(), b1.AsSpan());
            best = Math.Max((s11 + s22) / 2, (s12 + s21) / 2);
            bestSingle = Math.Max(Math.Max(s11, s22), Math.Max(s12, s21));
        }
        else if (a2.Length > 0)
        {
            bestSingle = Math.Max(s11, JaroWinkler.Similarity(a2.AsSpan(), b1.AsSpan()));
            best = bestSingle * 0.5 + 0.5 * s11;
        }
        else if (b2.Length > 0)
        {
            bestSingle = Math.Max(s11, JaroWinkler.Similarity(a1.AsSpan(), b2.AsSpan()));
            best = bestSingle * 0.5 + 0.5 * s11;
        }
        else
        {
            best = s11;
        }

        if (best >= AddressClose)
        {
            return 2;
        }

        return bestSingle >= NameClose ? 3 : 4;
    }

    internal static int TownLevel(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (ReferenceEquals(a, b) || a == b)
        {
            return 1;
        }

        var jw = JaroWinkler.Similarity(a.AsSpan(), b.AsSpan());
        return jw >= NameClose ? 2 : jw >= NameSimilar ? 3 : 4;
    }

    internal static int SameOrDifferent(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        return ReferenceEquals(a, b) || a == b ? 1 : 2;
    }

    internal static int IdentifierLevel(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (ReferenceEquals(a, b) || a == b)
        {
            return 1;
        }

        return EditDistance.WithinOne(a.AsSpan(), b.AsSpan()) ? 2 : 3;
    }

    internal static int EmailLevel(in PreparedRecord a, in PreparedRecord b)
    {
        if (a.Email.Length == 0 || b.Email.Length == 0)
        {
            return 0;
        }

        if (a.Email == b.Email)
        {
            return 1;
        }

        if ((a.EmailUser.Length > 0 && a.EmailUser == b.EmailUser) || EditDistance.WithinOne(a.Email.AsSpan(), b.Email.AsSpan()))
        {
            return 2;
        }

        return 3;
    }
}
