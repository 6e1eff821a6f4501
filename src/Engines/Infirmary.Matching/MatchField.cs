namespace Infirmary.Matching;

/// <summary>The items compared between two records; each has its own comparison levels.</summary>
public enum MatchField
{
    GivenName,
    FamilyName,
    DateOfBirth,
    Sex,
    Postcode,
    HouseNumber,
    Address,
    Town,
    Region,
    NhsNumber,
    OtherIdentifier,
    Phone,
    Email,
}

/// <summary>
/// The comparison levels of each field. Level 0 is always "missing" (one side or both have no value) and is
/// neutral: it adds nothing to the match weight. Level 1 is the strongest agreement; the last level is
/// disagreement. Levels are ordered from most to least similar so that a UI can colour them.
/// </summary>
public static class FieldLevels
{
    public const int Missing = 0;
    public const int FieldCount = 13;
    public const int BitsPerField = 4;

    private static readonly string[] NameLevels =
        ["missing", "exact", "Jaro-Winkler >= 0.94 or nickname", "Jaro-Winkler >= 0.88", "same NYSIIS code or initial", "different"];

    private static readonly string[][] Names =
    [
        NameLevels,
        NameLevels,
        ["missing", "exact", "day and month transposed", "one of day, month, year different", "different"],
        ["missing", "same", "different"],
        ["missing", "exact", "same sector", "same district", "one character different", "different"],
        ["missing", "same", "different"],
        ["missing", "exact", "close (Jaro-Winkler >= 0.92)", "one line agrees", "different"],
        ["missing", "exact", "Jaro-Winkler >= 0.94", "Jaro-Winkler >= 0.88", "different"],
        ["missing", "same", "different"],
        ["missing", "exact", "one digit different or transposed", "different"],
        ["missing", "exact", "one character different or transposed", "different"],
        ["missing", "exact", "one digit different or transposed", "different"],
        ["missing", "exact", "same user name or one character different", "different"],
    ];

    /// <summary>Number of levels of <paramref name="field"/>, the missing level included.</summary>
    public static int Count(MatchField field) => Names[(int)field].Length;

    public static string Describe(MatchField field, int level) => Names[(int)field][level];

    /// <summary>True for the field's top level (full agreement).</summary>
    public static bool IsExact(int level) => level == 1;

    /// <summary>True for the field's last level (disagreement).</summary>
    public static bool IsDisagreement(MatchField field, int level) => level == Count(field) - 1;

    internal static int Level(ulong pattern, int field) => (int)((pattern >> (field * BitsPerField)) & 0xF);

    internal static ulong With(ulong pattern, int field, int level) =>
        pattern | ((ulong)level << (field * BitsPerField));
}
