using System.Collections.Frozen;

namespace Infirmary.Matching.Csv;

/// <summary>The part a CSV column plays in a <see cref="PersonRecord"/>.</summary>
public enum PersonColumnRole
{
    Id,
    GivenName,
    FamilyName,
    DateOfBirth,
    Sex,
    Postcode,
    HouseNumber,
    AddressLine,
    Town,
    Region,
    NhsNumber,
    OtherIdentifier,
    Phone,
    Email,
}

/// <summary>A problem found while reading a file: the line it is on and what is wrong.</summary>
public sealed record CsvProblem(long LineNumber, string Message)
{
    public override string ToString() => $"line {LineNumber}: {Message}";
}

/// <summary>Which column plays which role. Several columns may be address lines; each other role has one column.</summary>
public sealed class PersonColumnMap
{
    private static readonly FrozenDictionary<string, PersonColumnRole> KnownNames = new Dictionary<string, PersonColumnRole>
    {
        ["id"] = PersonColumnRole.Id, ["rec_id"] = PersonColumnRole.Id, ["record_id"] = PersonColumnRole.Id,
        ["patient_id"] = PersonColumnRole.Id, ["person_id"] = PersonColumnRole.Id,
        ["given_name"] = PersonColumnRole.GivenName, ["given_names"] = PersonColumnRole.GivenName,
        ["first_name"] = PersonColumnRole.GivenName, ["firstname"] = PersonColumnRole.GivenName,
        ["forename"] = PersonColumnRole.GivenName, ["forenames"] = PersonColumnRole.GivenName,
        ["givenname"] = PersonColumnRole.GivenName, ["given"] = PersonColumnRole.GivenName,
        ["surname"] = PersonColumnRole.FamilyName, ["family_name"] = PersonColumnRole.FamilyName,
        ["last_name"] = PersonColumnRole.FamilyName, ["lastname"] = PersonColumnRole.FamilyName,
        ["familyname"] = PersonColumnRole.FamilyName, ["family"] = PersonColumnRole.FamilyName,
        ["date_of_birth"] = PersonColumnRole.DateOfBirth, ["dob"] = PersonColumnRole.DateOfBirth,
        ["birth_date"] = PersonColumnRole.DateOfBirth, ["birthdate"] = PersonColumnRole.DateOfBirth,
        ["sex"] = PersonColumnRole.Sex, ["gender"] = PersonColumnRole.Sex,
        ["postcode"] = PersonColumnRole.Postcode, ["post_code"] = PersonColumnRole.Postcode,
        ["postal_code"] = PersonColumnRole.Postcode, ["zip"] = PersonColumnRole.Postcode, ["zipcode"] = PersonColumnRole.Postcode,
        ["street_number"] = PersonColumnRole.HouseNumber, ["house_number"] = PersonColumnRole.HouseNumber,
        ["house_no"] = PersonColumnRole.HouseNumber, ["building_number"] = PersonColumnRole.HouseNumber,
        ["address"] = PersonColumnRole.AddressLine, ["address_1"] = PersonColumnRole.AddressLine,
        ["address_2"] = PersonColumnRole.AddressLine, ["address_3"] = PersonColumnRole.AddressLine,
        ["address1"] = PersonColumnRole.AddressLine, ["address2"] = PersonColumnRole.AddressLine,
        ["address3"] = PersonColumnRole.AddressLine, ["address_line_1"] = PersonColumnRole.AddressLine,
        ["address_line_2"] = PersonColumnRole.AddressLine, ["address_line_3"] = PersonColumnRole.AddressLine,
        ["street"] = PersonColumnRole.AddressLine,
        ["suburb"] = PersonColumnRole.Town, ["city"] = PersonColumnRole.Town, ["town"] = PersonColumnRole.Town,
        ["locality"] = PersonColumnRole.Town,
        ["state"] = PersonColumnRole.Region, ["county"] = PersonColumnRole.Region, ["region"] = PersonColumnRole.Region,
        ["nhs_number"] = PersonColumnRole.NhsNumber, ["nhs_no"] = PersonColumnRole.NhsNumber, ["nhsnumber"] = PersonColumnRole.NhsNumber,
        ["nhs"] = PersonColumnRole.NhsNumber,
        ["soc_sec_id"] = PersonColumnRole.OtherIdentifier, ["ssn"] = PersonColumnRole.OtherIdentifier,
        ["hospital_number"] = PersonColumnRole.OtherIdentifier, ["mrn"] = PersonColumnRole.OtherIdentifier,
        ["other_id"] = PersonColumnRole.OtherIdentifier, ["ni_number"] = PersonColumnRole.OtherIdentifier,
        ["phone"] = PersonColumnRole.Phone, ["phone_number"] = PersonColumnRole.Phone, ["telephone"] = PersonColumnRole.Phone,
        ["tel"] = PersonColumnRole.Phone, ["mobile"] = PersonColumnRole.Phone,
        ["email"] = PersonColumnRole.Email, ["email_address"] = PersonColumnRole.Email, ["e_mail"] = PersonColumnRole.Email,
    }.ToFrozenDictionary();

    private readonly Dictionary<PersonColumnRole, int> single = [];
    private readonly List<int> addressLines = [];

    private PersonColumnMap(int columnCount) => ColumnCount = columnCount;

    public int ColumnCount { get; }

    public int? Column(PersonColumnRole role) => single.TryGetValue(role, out var c) ? c : null;

    public IReadOnlyList<int> AddressLineColumns => addressLines;

    /// <summary>Role names accepted by <c>--map role=column</c>.</summary>
    public static IReadOnlyList<string> RoleNames { get; } =
        Enum.GetValues<PersonColumnRole>().Select(RoleName).ToList();

    public static string RoleName(PersonColumnRole role) => role switch
    {
        PersonColumnRole.Id => "id",
        PersonColumnRole.GivenName => "given_name",
        PersonColumnRole.FamilyName => "family_name",
        PersonColumnRole.DateOfBirth => "date_of_birth",
        PersonColumnRole.Sex => "sex",
        PersonColumnRole.Postcode => "postcode",
        PersonColumnRole.HouseNumber => "house_number",
        PersonColumnRole.AddressLine => "address",
        PersonColumnRole.Town => "town",
        PersonColumnRole.Region => "region",
        PersonColumnRole.NhsNumber => "nhs_number",
        PersonColumnRole.OtherIdentifier => "other_id",
        PersonColumnRole.Phone => "phone",
        PersonColumnRole.Email => "email",
        _ => role.ToString(),
    };

    /// <summary>Parses a role given by name: the canonical names above or any recognised column name.</summary>
    public static bool TryParseRole(string text, out PersonColumnRole role)
    {
        var key = NormaliseHeader(text);
        foreach (var r in Enum.GetValues<PersonColumnRole>())
        {
            if (RoleName(r) == key || NormaliseHeader(r.ToString()) == key)
            {
                role = r;
                return true;
            }
        }

        return KnownNames.TryGetValue(key, out role);
    }

    /// <summary>
    /// Maps a header row: explicit mappings first (role → column name), then the id column, then every other
    /// column by its name. Header names are compared trimmed, case-insensitively, with spaces and hyphens as
    /// underscores ("First Name" = "first_name").
    /// </summary>
    public static PersonColumnMap FromHeader(IReadOnlyList<string> header,
        IEnumerable<KeyValuePair<PersonColumnRole, string>>? explicitMap = null, string? idColumn = null)
    {
        var map = new PersonColumnMap(header.Count);
        var names = header.Select(NormaliseHeader).ToArray();
        var used = new HashSet<int>();

        int Find(string column)
        {
            var key = NormaliseHeader(column);
            var i = Array.IndexOf(names, key);
            return i >= 0 ? i : throw new ArgumentException($"column '{column}' is not in the header ({string.Join(", ", header.Select(h => h.Trim()))})");
        }

        foreach (var (role, column) in explicitMap ?? [])
        {
            var i = Find(column);
            used.Add(i);
            if (role == PersonColumnRole.AddressLine)
            {
                map.addressLines.Add(i);
            }
            else
            {
                map.single[role] = i;
            }
        }

        if (idColumn is not null)
        {
            var i = Find(idColumn);
            map.single[PersonColumnRole.Id] = i;
            used.Add(i);
        }

        var explicitAddress = map.addressLines.Count > 0;
        for (var i = 0; i < names.Length; i++)
        {
            if (used.Contains(i) || !KnownNames.TryGetValue(names[i], out var role))
            {
                continue;
            }

            if (role == PersonColumnRole.AddressLine)
            {
                if (!explicitAddress)
                {
                    map.addressLines.Add(i);
                }
            }
            else
            {
                map.single.TryAdd(role, i);
            }
        }

        return map;
    }

    /// <summary>What was mapped, for a log line: "given_name=first_name, …".</summary>
    public string Describe(IReadOnlyList<string> header)
    {
        var parts = single.OrderBy(kv => kv.Key).Select(kv => $"{RoleName(kv.Key)}={header[kv.Value].Trim()}").ToList();
        if (addressLines.Count > 0)
        {
            parts.Add($"address={string.Join('+', addressLines.Select(i => header[i].Trim()))}");
        }

        return string.Join(", ", parts);
    }

    internal static string NormaliseHeader(string name) =>
        name.Trim().Trim('\uFEFF').ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
}

/// <summary>Reads person records from CSV with a header row.</summary>
public static class PersonCsv
{
    public sealed record ReadResult(IReadOnlyList<PersonRecord> Records, IReadOnlyList<CsvProblem> Problems, PersonColumnMap Map, IReadOnlyList<string> Header);

    /// <summary>
    /// Reads every well-formed row. A malformed row (bad quoting, wrong number of fields, no id) is reported
    /// through <paramref name="onProblem"/> with its line number and skipped; reading goes on. Values are
    /// trimmed (Febrl files pad them with a space). Records without an id column are numbered by data row.
    /// </summary>
    public static ReadResult Read(TextReader input, IEnumerable<KeyValuePair<PersonColumnRole, string>>? explicitMap = null,
        string? idColumn = null, Action<CsvProblem>? onProblem = null)
    {
        using var csv = new CsvReader(input);
        var problems = new List<CsvProblem>();
        void Report(CsvProblem p)
        {
            problems.Add(p);
            onProblem?.Invoke(p);
        }

        var header = csv.Read() ?? throw new InvalidDataException("the file is empty: a header row is needed");
        if (header.IsMalformed)
        {
            throw new InvalidDataException($"line {header.LineNumber}: malformed header: {header.Error}");
        }

        var map = PersonColumnMap.FromHeader(header.Fields, explicitMap, idColumn);
        var records = new List<PersonRecord>();
        var rowNumber = 0;
        while (csv.Read() is { } row)
        {
            rowNumber++;
            if (row.IsMalformed)
            {
                Report(new CsvProblem(row.LineNumber, $"{row.Error}; row skipped"));
                continue;
            }

            if (row.Fields.Count != map.ColumnCount)
            {
                Report(new CsvProblem(row.LineNumber, $"expected {map.ColumnCount} fields, found {row.Fields.Count}; row skipped"));
                continue;
            }

            string? Get(PersonColumnRole role)
            {
                var c = map.Column(role);
                if (c is null)
                {
                    return null;
                }

                var v = row.Fields[c.Value].Trim();
                return v.Length == 0 ? null : v;
            }

            var id = map.Column(PersonColumnRole.Id) is null ? rowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : Get(PersonColumnRole.Id);
            if (id is null)
            {
                Report(new CsvProblem(row.LineNumber, "the id is empty; row skipped"));
                continue;
            }

            BirthDate? dob = null;
            var dobText = Get(PersonColumnRole.DateOfBirth);
            if (dobText is not null)
            {
                if (BirthDate.TryParse(dobText, out var parsed))
                {
                    dob = parsed;
                }
                else
                {
                    Report(new CsvProblem(row.LineNumber, $"date of birth '{dobText}' not understood; compared as missing"));
                }
            }

            var lines = map.AddressLineColumns.Count == 0
                ? null
                : map.AddressLineColumns.Select(c => row.Fields[c].Trim()).Where(s => s.Length > 0).ToArray();
            records.Add(new PersonRecord
            {
                Id = id,
                GivenNames = Get(PersonColumnRole.GivenName),
                FamilyName = Get(PersonColumnRole.FamilyName),
                DateOfBirth = dob,
                Sex = Get(PersonColumnRole.Sex),
                Postcode = Get(PersonColumnRole.Postcode),
                HouseNumber = Get(PersonColumnRole.HouseNumber),
                AddressLines = lines,
                Town = Get(PersonColumnRole.Town),
                Region = Get(PersonColumnRole.Region),
                NhsNumber = Get(PersonColumnRole.NhsNumber),
                OtherIdentifier = Get(PersonColumnRole.OtherIdentifier),
                Phone = Get(PersonColumnRole.Phone),
                Email = Get(PersonColumnRole.Email),
            });
        }

        return new ReadResult(records, problems, map, header.Fields);
    }
}
