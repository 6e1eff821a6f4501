namespace Infirmary.Matching;

/// <summary>
/// One blocking key: records whose keys are equal (and not empty) become candidate pairs. Several rules are
/// combined (a pair is a candidate when any rule puts it in one block), so each rule can be strict; a pair
/// found by more than one rule is compared once. Keys are 64-bit FNV-1a hashes of the prepared values.
/// </summary>
public sealed class BlockingRule
{
    private BlockingRule(string name, Func<PreparedRecord, ulong> key, params MatchField[] fields)
    {
        Name = name;
        Key = key;
        Fields = fields;
    }

    public string Name { get; }

    /// <summary>
    /// The fields this rule conditions on: its key's own fields and those that follow from them (a shared
    /// postcode sector implies a shared town; a shared given name usually a shared sex). When m is estimated
    /// from this rule's pairs these fields are left out, as their agreement there says nothing about matching.
    /// </summary>
    public IReadOnlyList<MatchField> Fields { get; }

    internal Func<PreparedRecord, ulong> Key { get; }

    public override string ToString() => Name;

    /// <summary>NHS number (exact).</summary>
    public static readonly BlockingRule NhsNumber = new("nhs-number", r => r.Nhs.Length == 0 ? 0 : new Hasher(1).Add(r.Nhs).Value, MatchField.NhsNumber);

    /// <summary>Other identifier (exact).</summary>
    public static readonly BlockingRule OtherIdentifier = new("other-identifier", r => r.Other.Length == 0 ? 0 : new Hasher(2).Add(r.Other).Value, MatchField.OtherIdentifier);

    /// <summary>Telephone number (exact, digits only).</summary>
    public static readonly BlockingRule Phone = new("phone", r => r.Phone.Length == 0 ? 0 : new Hasher(9).Add(r.Phone).Value, MatchField.Phone);

    /// <summary>Email address (exact, case-insensitive).</summary>
    public static readonly BlockingRule Email = new("email", r => r.Email.Length == 0 ? 0 : new Hasher(10).Add(r.Email).Value, MatchField.Email);

    /// <summary>Date of birth + initial of the given name (finds a changed or misspelt family name).</summary>
    public static readonly BlockingRule BirthDateAndGivenInitial = new("date-of-birth+given-initial",
        r => r.HasFullBirthDate && r.Given.Length > 0 ? new Hasher(4).Add(r.Given[0]).Add(BirthKey(r)).Value : 0,
        MatchField.DateOfBirth, MatchField.GivenName, MatchField.Sex);

    /// <summary>Date of birth + initial of the family name (finds a nickname or misspelt given name).</summary>
    public static readonly BlockingRule BirthDateAndFamilyInitial = new("date-of-birth+family-initial",
        r => r.HasFullBirthDate && r.Family.Length > 0 ? new Hasher(11).Add(r.Family[0]).Add(BirthKey(r)).Value : 0,
        MatchField.DateOfBirth, MatchField.FamilyName);

    /// <summary>NYSIIS (6) of the family name + given-name initial + year of birth (finds slips in the date).</summary>
    public static readonly BlockingRule FamilyPhoneticAndBirthYear = new("family-nysiis+given-initial+birth-year",
        r => r.BirthYear == 0 || r.Given.Length == 0 || r.FamilyCode.Length == 0 ? 0
            : new Hasher(3).Add(Code6(r.FamilyCode)).Add(r.Given[0]).Add(r.BirthYear).Value,
        MatchField.FamilyName, MatchField.GivenName, MatchField.DateOfBirth, MatchField.Sex);

    /// <summary>
    /// The NYSIIS codes of given and family name as an unordered pair + year of birth, so that a record with
    /// the two names swapped still meets its twin.
    /// </summary>
    public static readonly BlockingRule NamePairPhonetic = new("name-pair-nysiis+birth-year",
        r =>
        {
            if (r.GivenCode.Length == 0 || r.FamilyCode.Length == 0 || r.BirthYear == 0)
            {
                return 0;
            }

            var g = Code6(r.GivenCode);
            var f = Code6(r.FamilyCode);
            return g.SequenceCompareTo(f) <= 0
                ? new Hasher(6).Add(g).Add(f).Add(r.BirthYear).Value
                : new Hasher(6).Add(f).Add(g).Add(r.BirthYear).Value;
        },
        MatchField.GivenName, MatchField.FamilyName, MatchField.DateOfBirth, MatchField.Sex);

    /// <summary>Postcode sector (UK) or whole postcode (elsewhere) + initial of the given name (finds a wrong date of birth).</summary>
    public static readonly BlockingRule PostcodeSectorAndInitial = new("postcode-sector+given-initial",
        r =>
        {
            var area = r.PostcodeIsUk && r.PostcodeSector.Length > 0 ? r.PostcodeSector : r.PostcodeUnit;
            return area.Length == 0 || r.Given.Length == 0 ? 0 : new Hasher(5).Add(area).Add(r.Given[0]).Value;
        },
        MatchField.Postcode, MatchField.GivenName, MatchField.Town, MatchField.Region, MatchField.Address, MatchField.Sex);

    /// <summary>Postcode sector (UK) or whole postcode + initial of the family name (wrong date of birth and given name).</summary>
    public static readonly BlockingRule PostcodeSectorAndFamilyInitial = new("postcode-sector+family-initial",
        r =>
        {
            var area = r.PostcodeIsUk && r.PostcodeSector.Length > 0 ? r.PostcodeSector : r.PostcodeUnit;
            return area.Length == 0 || r.Family.Length == 0 ? 0 : new Hasher(12).Add(area).Add(r.Family[0]).Value;
        },
        MatchField.Postcode, MatchField.FamilyName, MatchField.Town, MatchField.Region, MatchField.Address);

    /// <summary>Address lines (compacted, in either order) + house number + town: the same home (wrong date of birth, changed names).</summary>
    public static readonly BlockingRule AddressAndHouse = new("address-line+house+town",
        r =>
        {
            if (r.Address1.Length == 0 || r.Town.Length == 0)
            {
                return 0;
            }

            var (first, second) = string.CompareOrdinal(r.Address1, r.Address2) <= 0 ? (r.Address1, r.Address2) : (r.Address2, r.Address1);
            return new Hasher(8).Add(first).Add(second).Add(r.Town).Add(r.House).Value;
        },
        MatchField.Address, MatchField.HouseNumber, MatchField.Postcode, MatchField.Town, MatchField.Region,
        MatchField.FamilyName, MatchField.Phone);

    /// <summary>Date of birth + the two initials in either order (finds given and family name swapped).</summary>
    public static readonly BlockingRule BirthDateAndInitials = new("date-of-birth+initials-unordered",
        r =>
        {
            if (!r.HasFullBirthDate || r.Given.Length == 0 || r.Family.Length == 0)
            {
                return 0;
            }

            var (a, b) = r.Given[0] <= r.Family[0] ? (r.Given[0], r.Family[0]) : (r.Family[0], r.Given[0]);
            return new Hasher(15).Add(a).Add(b).Add(BirthKey(r)).Value;
        },
        MatchField.DateOfBirth, MatchField.GivenName, MatchField.FamilyName, MatchField.Sex);

    /// <summary>Date of birth + house number (finds both names changed or missing, and moves within a street).</summary>
    public static readonly BlockingRule BirthDateAndHouse = new("date-of-birth+house-number",
        r => r.HasFullBirthDate && r.House.Length > 0 ? new Hasher(13).Add(r.House).Add(BirthKey(r)).Value : 0,
        MatchField.DateOfBirth, MatchField.HouseNumber, MatchField.Address);

    /// <summary>
    /// Unordered NYSIIS name pair + postcode area (UK) or first two characters of another postcode (finds a
    /// wrong date of birth with names swapped or misspelt).
    /// </summary>
    public static readonly BlockingRule NamePairAndPostcodeArea = new("name-pair-nysiis+postcode-area",
        r =>
        {
            if (r.GivenCode.Length == 0 || r.FamilyCode.Length == 0 || r.PostcodeUnit.Length < 2)
            {
                return 0;
            }

            var area = r.PostcodeIsUk && r.PostcodeDistrict.Length > 0 ? r.PostcodeDistrict.AsSpan(0, Math.Min(2, r.PostcodeDistrict.Length)) : r.PostcodeUnit.AsSpan(0, 2);
            var g = Code6(r.GivenCode);
            var f = Code6(r.FamilyCode);
            var areaKey = new Hasher(14).Add(area[0]).Add(area.Length > 1 && char.IsAsciiLetter(area[1]) == char.IsAsciiLetter(area[0]) ? area[1] : ' ');
            return g.SequenceCompareTo(f) <= 0 ? areaKey.Add(g).Add(f).Value : areaKey.Add(f).Add(g).Value;
        },
        MatchField.GivenName, MatchField.FamilyName, MatchField.Sex, MatchField.Postcode, MatchField.Town, MatchField.Region);

    /// <summary>Date of birth + postcode (finds both names replaced or swapped and misspelt).</summary>
    public static readonly BlockingRule BirthDateAndPostcode = new("date-of-birth+postcode",
        r => r.HasFullBirthDate && r.PostcodeUnit.Length > 0 ? new Hasher(16).Add(r.PostcodeUnit).Add(BirthKey(r)).Value : 0,
        MatchField.DateOfBirth, MatchField.Postcode, MatchField.Town, MatchField.Region, MatchField.Address);

    /// <summary>NYSIIS of the family name + given-name initial + town (finds a wrong date of birth and a postcode slip).</summary>
    public static readonly BlockingRule FamilyPhoneticAndTown = new("family-nysiis+given-initial+town",
        r => r.FamilyCode.Length == 0 || r.Given.Length == 0 || r.Town.Length == 0 ? 0
            : new Hasher(17).Add(Code6(r.FamilyCode)).Add(r.Given[0]).Add(r.Town).Value,
        MatchField.FamilyName, MatchField.GivenName, MatchField.Sex, MatchField.Town, MatchField.Region, MatchField.Postcode);

    /// <summary>The default set, strongest first (a pair is attributed to the first rule that finds it).</summary>
    public static IReadOnlyList<BlockingRule> Defaults { get; } =
    [
        NhsNumber, OtherIdentifier, Phone, Email,
        BirthDateAndGivenInitial, BirthDateAndFamilyInitial, BirthDateAndInitials, BirthDateAndHouse, BirthDateAndPostcode,
        FamilyPhoneticAndBirthYear, FamilyPhoneticAndTown, NamePairPhonetic, NamePairAndPostcodeArea,
        PostcodeSectorAndInitial, PostcodeSectorAndFamilyInitial, AddressAndHouse,
    ];

    private static int BirthKey(PreparedRecord r) => r.BirthYear * 10000 + r.BirthMonth * 100 + r.BirthDay;

    /// <summary>The first six characters of a NYSIIS code: the original "true NYSIIS" key length.</summary>
    private static ReadOnlySpan<char> Code6(string code) => code.AsSpan(0, Math.Min(Nysiis6, code.Length));

    private const int Nysiis6 = Text.Nysiis.TrueLength;

    /// <summary>64-bit FNV-1a over the parts of a key, each part followed by a separator; never 0 (0 means "no key").</summary>
    internal struct Hasher
    {
        private const ulong Prime = 1099511628211UL;
        private ulong h;

        public Hasher(int salt)
        {
            h = 14695981039346656037UL;
            Add((long)salt);
        }

        public readonly ulong Value => h == 0 ? 1 : h;

        public Hasher Add(string s) => Add(s.AsSpan());

        public Hasher Add(ReadOnlySpan<char> s)
        {
            foreach (var c in s)
            {
                h = (h ^ c) * Prime;
            }

            h = (h ^ 0xFFFF) * Prime;
            return this;
        }

        public Hasher Add(char c)
        {
            h = (h ^ c) * Prime;
            h = (h ^ 0xFFFF) * Prime;
            return this;
        }

        public Hasher Add(long v)
        {
            var x = (ulong)v;
            for (var i = 0; i < 8; i++)
            {
                h = (h ^ (x & 0xFF)) * Prime;
                x >>= 8;
            }

            return this;
        }
    }
}
