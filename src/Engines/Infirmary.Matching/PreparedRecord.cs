using Infirmary.Matching.Text;

namespace Infirmary.Matching;

/// <summary>
/// A record with every comparison input computed once: normalised strings (interned, so equal values are
/// usually the same object and compare by reference), phonetic codes, date components and postcode units.
/// Comparisons then only read these fields and allocate nothing.
/// </summary>
internal readonly struct PreparedRecord
{
    public readonly string Given;
    public readonly string GivenFormal;
    public readonly string GivenCode;
    public readonly string Family;
    public readonly string FamilyCode;
    public readonly int BirthYear;
    public readonly int BirthMonth;
    public readonly int BirthDay;
    public readonly byte Sex;
    public readonly bool PostcodeIsUk;
    public readonly string PostcodeUnit;
    public readonly string PostcodeSector;
    public readonly string PostcodeDistrict;
    public readonly string House;
    public readonly string Address1;
    public readonly string Address2;
    public readonly string Town;
    public readonly string Region;
    public readonly string Nhs;
    public readonly string Other;
    public readonly string Phone;
    public readonly string Email;
    public readonly string EmailUser;

    /// <param name="intern">Shares equal strings; applied to the values that repeat across records (names,
    /// codes, towns, postcode sectors), not to the nearly unique ones (identifiers, phone, email).</param>
    public PreparedRecord(PersonRecord r, bool useNicknames, Func<string, string> intern)
    {
        var givenAll = TextNormaliser.Words(r.GivenNames);
        var firstSpace = givenAll.IndexOf(' ', StringComparison.Ordinal);
        var given = TextNormaliser.Letters(firstSpace > 0 ? givenAll[..firstSpace] : givenAll);
        Given = intern(given);
        GivenFormal = useNicknames ? intern(Nicknames.Canonical(given)) : Given;
        GivenCode = intern(Nysiis.Encode(given));
        Family = intern(TextNormaliser.Letters(r.FamilyName));
        FamilyCode = intern(Nysiis.Encode(Family));

        var dob = r.DateOfBirth ?? default;
        BirthYear = dob.Year;
        BirthMonth = dob.Month;
        BirthDay = dob.Day;
        Sex = ParseSex(r.Sex);

        var postcode = UkPostcode.Parse(r.Postcode);
        PostcodeIsUk = postcode.IsUk;
        PostcodeUnit = postcode.Unit;
        PostcodeSector = intern(postcode.Sector);
        PostcodeDistrict = intern(postcode.District);

        // Address lines: the first one that starts with a number ("12 High Street" after "Flat 1") gives the
        // house number when none is held apart.
        var house = TextNormaliser.Alphanumeric(r.HouseNumber);
        string line1 = string.Empty, line2 = string.Empty;
        if (r.AddressLines is { Count: > 0 } lines)
        {
            var kept = 0;
            foreach (var raw in lines)
            {
                var words = TextNormaliser.Words(raw);
                if (words.Length == 0)
                {
                    continue;
                }

                if (house.Length == 0 && char.IsAsciiDigit(words[0]))
                {
                    var sp = words.IndexOf(' ', StringComparison.Ordinal);
                    house = sp > 0 ? words[..sp] : words;
                    words = sp > 0 ? words[(sp + 1)..] : string.Empty;
                    if (words.Length == 0)
                    {
                        continue;
                    }
                }

                var compact = words.Replace(" ", string.Empty, StringComparison.Ordinal);
                if (kept == 0)
                {
                    line1 = compact;
                }
                else if (kept == 1)
                {
                    line2 = compact;
                }
                else
                {
                    line2 = string.Concat(line2, compact);
                }

                kept++;
            }
        }

        House = intern(house);
        Address1 = line1;
        Address2 = intern(line2);
        Town = intern(TextNormaliser.Letters(r.Town));
        Region = intern(TextNormaliser.Letters(r.Region));

        var nhs = TextNormaliser.Digits(r.NhsNumber);
        Nhs = nhs;
        Other = TextNormaliser.Alphanumeric(r.OtherIdentifier);
        Phone = NormalisePhone(r.Phone);
        var email = string.IsNullOrWhiteSpace(r.Email) ? string.Empty : r.Email.Trim().ToLowerInvariant();
        Email = email;
        var at = email.IndexOf('@', StringComparison.Ordinal);
        EmailUser = at > 0 ? email[..at] : string.Empty;
    }

    public bool HasFullBirthDate => BirthYear > 0 && BirthMonth > 0 && BirthDay > 0;

    internal static byte ParseSex(string? value)
    {
        var s = TextNormaliser.Alphanumeric(value);
        return s switch
        {
            "" or "U" or "UNKNOWN" or "0" or "9" or "NOTKNOWN" or "UNK" => 0,
            "M" or "MALE" or "1" or "MAN" or "BOY" => 1,
            "F" or "FEMALE" or "2" or "WOMAN" or "GIRL" => 2,
            _ => 3,
        };
    }

    private static string NormalisePhone(string? value)
    {
        var digits = TextNormaliser.Digits(value);
        if (digits.StartsWith("0044", StringComparison.Ordinal))
        {
            digits = "0" + digits[4..];
        }
        else if (digits.StartsWith("44", StringComparison.Ordinal) && digits.Length == 12)
        {
            digits = "0" + digits[2..];
        }

        return digits.Length >= 6 ? digits : string.Empty;
    }
}

/// <summary>
/// Prepares records in parallel. Each worker interns the strings it makes in its own table (no locks), so
/// equal values share one string object within a worker's share of the records: far less memory for a
/// million records, and equal values usually compare by reference.
/// </summary>
internal static class RecordPreparer
{
    public static PreparedRecord[] Prepare(IReadOnlyList<PersonRecord> records, bool useNicknames)
    {
        var prepared = new PreparedRecord[records.Count];
        if (records.Count == 0)
        {
            return prepared;
        }

        var chunk = Math.Max(1024, records.Count / (Environment.ProcessorCount * 8) + 1);
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(0, records.Count, chunk),
            () => new Interner(),
            (range, _, interner) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    prepared[i] = new PreparedRecord(records[i], useNicknames, interner.Intern);
                }

                return interner;
            },
            _ => { });
        return prepared;
    }

    public static PreparedRecord PrepareOne(PersonRecord record, bool useNicknames) =>
        new(record, useNicknames, s => s);

    private sealed class Interner
    {
        private readonly Dictionary<string, string> pool = new(StringComparer.Ordinal);

        public Interner() => Intern = Add;

        public Func<string, string> Intern { get; }

        private string Add(string s)
        {
            if (s.Length == 0)
            {
                return string.Empty;
            }

            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(pool, s, out var exists);
            if (!exists)
            {
                slot = s;
            }

            return slot!;
        }
    }
}
