using Infirmary.Matching;

namespace Infirmary.Matching.Benchmarks;

/// <summary>
/// Deterministic generator of UK-like people with injected duplicates, for scale benchmarks and tests.
/// The same (count, seed) always gives the same records, on every platform (SplitMix64, no System.Random).
/// Names follow a Zipf-like frequency (a few very common names, a long tail), surnames mix common British
/// surnames with compound toponymic forms for the tail, postcodes are well-formed UK postcodes over real area
/// letters, NHS numbers pass the modulus-11 check. A duplicate copies an earlier person and suffers one to
/// four of: keying slips in names, nicknames or initials, a married name, given/family swap, date-of-birth
/// transposition or slip, a house move or postcode slip, address abbreviation, lost or mistyped NHS number,
/// lost phone, email or sex.
/// </summary>
public static class SyntheticPeople
{
    public sealed record Population(IReadOnlyList<PersonRecord> Records, int[] EntityOf)
    {
        public IReadOnlyList<string> EntityIds => EntityOf.Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    private static readonly string[] MaleNames =
    [
        "OLIVER", "JACK", "HARRY", "GEORGE", "NOAH", "CHARLIE", "JACOB", "ALFIE", "FREDDIE", "OSCAR", "LEO", "LOGAN",
        "ARCHIE", "THEO", "THOMAS", "JAMES", "JOSHUA", "HENRY", "WILLIAM", "MAX", "LUCAS", "ETHAN", "ARTHUR", "MASON",
        "ISAAC", "HARRISON", "TEDDY", "FINLEY", "DANIEL", "RILEY", "EDWARD", "JOSEPH", "ALEXANDER", "ADAM", "REGGIE",
        "SAMUEL", "JAXON", "SEBASTIAN", "ELIJAH", "HARLEY", "TOBY", "ARLO", "DYLAN", "JUDE", "BENJAMIN", "RORY",
        "TOMMY", "JAKE", "LOUIE", "CARTER", "JENSON", "HUGO", "BOBBY", "FRANKIE", "OLLIE", "ZACHARY", "DAVID",
        "ALBIE", "LEWIS", "LUCA", "RONNIE", "JASPER", "MICHAEL", "JOHN", "ROBERT", "RICHARD", "PAUL", "MARK",
        "ANDREW", "PETER", "STEPHEN", "CHRISTOPHER", "ANTHONY", "KEVIN", "GARY", "IAN", "SIMON", "MATTHEW", "NEIL",
        "GRAHAM", "KEITH", "COLIN", "BRIAN", "ALAN", "KENNETH", "DEREK", "TREVOR", "NIGEL", "PHILIP", "MARTIN",
        "STUART", "CRAIG", "DARREN", "LEE", "WAYNE", "CARL", "DEAN", "JASON", "ROSS", "SCOTT", "GORDON", "ROY",
        "RAYMOND", "DENNIS", "FRANK", "ERIC", "ALBERT", "STANLEY", "LEONARD", "HAROLD", "ERNEST", "MOHAMMED",
        "MUHAMMAD", "ALI", "OMAR", "HAMZA", "YUSUF", "IBRAHIM", "AARAV", "ARJUN", "RAVI", "SANJAY", "PRIYESH",
    ];

    private static readonly string[] FemaleNames =
    [
        "OLIVIA", "AMELIA", "ISLA", "AVA", "MIA", "IVY", "LILY", "ISABELLA", "ROSIE", "SOPHIA", "GRACE", "WILLOW",
        "FREYA", "FLORENCE", "EMILY", "ELLA", "POPPY", "EVIE", "ELSIE", "CHARLOTTE", "EVELYN", "SIENNA", "SOPHIE",
        "DAISY", "PHOEBE", "SOFIA", "ALICE", "MATILDA", "HARPER", "RUBY", "EMILIA", "MAYA", "ISABELLE", "ELIZABETH",
        "ERIN", "ELEANOR", "ESME", "LUNA", "HOLLY", "LUCY", "JESSICA", "HANNAH", "CHLOE", "SARAH", "LAURA", "REBECCA",
        "KATIE", "AMY", "LAUREN", "GEMMA", "EMMA", "RACHEL", "NICOLA", "CLAIRE", "LISA", "MICHELLE", "KELLY",
        "JOANNE", "HELEN", "JULIE", "KAREN", "SUSAN", "TRACY", "DONNA", "JACQUELINE", "AMANDA", "ANGELA", "DAWN",
        "DEBORAH", "ALISON", "CAROLINE", "JANE", "ELAINE", "PATRICIA", "MARGARET", "CHRISTINE", "LINDA", "BARBARA",
        "JEAN", "MARY", "ANNE", "SANDRA", "CAROL", "BRENDA", "PAULINE", "MAUREEN", "SHEILA", "DOREEN", "IRENE",
        "JOAN", "BETTY", "DOROTHY", "JOYCE", "EILEEN", "VALERIE", "GILLIAN", "WENDY", "YVONNE", "JANET",
        "VICTORIA", "CATHERINE", "KATHERINE", "SAMANTHA", "FATIMA", "AISHA", "MARYAM", "ZARA", "PRIYA", "ANJALI",
        "NEHA", "SHREYA", "AMIRA", "LEILA", "NIAMH", "SIOBHAN", "CERYS", "SEREN", "CAITLIN", "MORVEN",
    ];

    private static readonly string[] CommonSurnames =
    [
        "SMITH", "JONES", "WILLIAMS", "TAYLOR", "BROWN", "DAVIES", "EVANS", "WILSON", "THOMAS", "JOHNSON", "ROBERTS",
        "ROBINSON", "THOMPSON", "WRIGHT", "WALKER", "WHITE", "EDWARDS", "HUGHES", "GREEN", "HALL", "LEWIS", "HARRIS",
        "CLARKE", "PATEL", "JACKSON", "WOOD", "TURNER", "MARTIN", "COOPER", "HILL", "WARD", "MORRIS", "MOORE", "CLARK",
        "LEE", "KING", "BAKER", "HARRISON", "MORGAN", "ALLEN", "JAMES", "SCOTT", "PHILLIPS", "WATSON", "DAVIS",
        "PARKER", "PRICE", "BENNETT", "YOUNG", "GRIFFITHS", "MITCHELL", "KELLY", "COOK", "CARTER", "RICHARDSON",
        "BAILEY", "COLLINS", "BELL", "SHAW", "MURPHY", "MILLER", "COX", "RICHARDS", "KHAN", "MARSHALL", "ANDERSON",
        "SIMPSON", "ELLIS", "ADAMS", "SINGH", "BEGUM", "WILKINSON", "FOSTER", "CHAPMAN", "POWELL", "WEBB", "ROGERS",
        "GRAY", "MASON", "ALI", "HUNT", "HUSSAIN", "CAMPBELL", "MATTHEWS", "OWEN", "PALMER", "HOLMES", "MILLS",
        "BARNES", "KNIGHT", "LLOYD", "BUTLER", "RUSSELL", "BARKER", "FISHER", "STEVENS", "JENKINS", "MURRAY", "DIXON",
        "HARVEY", "GRAHAM", "PEARSON", "AHMED", "FLETCHER", "WALSH", "KAUR", "GIBSON", "HOWARD", "ANDREWS", "STEWART",
        "ELLIOTT", "REYNOLDS", "SAUNDERS", "PAYNE", "FOX", "FORD", "PEARCE", "DAY", "BROOKS", "WEST", "LAWRENCE",
        "COLE", "ATKINSON", "BRADLEY", "SPENCER", "GILL", "DAWSON", "BALL", "BURTON", "O'BRIEN", "WATTS", "ROSE",
        "BOOTH", "PERRY", "RYAN", "GRANT", "WELLS", "ARMSTRONG", "FRANCIS", "REES", "HAYES", "HART", "HUDSON",
        "NEWMAN", "BARRETT", "WEBSTER", "HUNTER", "GREGORY", "CARR", "LOWE", "PAGE", "MARSH", "RILEY", "DUNN",
        "WOODS", "PARSONS", "BERRY", "STONE", "REID", "HOLLAND", "HAWKINS", "HARDING", "PORTER", "ROBERTSON",
        "NEWTON", "OLIVER", "REED", "KENNEDY", "WILLIAMSON", "BIRD", "GARDNER", "SHAH", "DEAN", "LANE", "COLEMAN",
        "BOND", "MCDONALD", "MACDONALD", "MORRISON", "FERGUSON", "PATERSON", "MCKENZIE", "OCONNOR", "DOHERTY",
        "NGUYEN", "CHEN", "WANG", "NOWAK", "KOWALSKI", "DA SILVA", "SANTOS", "OKAFOR", "ADEYEMI", "MENSAH",
    ];

    private static readonly string[] SurnameStems =
    [
        "ASH", "BLACK", "BRAD", "BRIGH", "BROOK", "CALD", "CHURCH", "CLIF", "COLD", "CRAN", "DALE", "EAST", "ELMS",
        "FAIR", "FARN", "FIELD", "GLAD", "GOLD", "GREAT", "HADD", "HAMP", "HART", "HAWK", "HAZEL", "HEATH", "HIGH",
        "HOLL", "HOLM", "HORN", "KING", "KIRK", "LANG", "LEIGH", "LIN", "LONG", "MARL", "MEAD", "MID", "MILL", "MOOR",
        "NEW", "NORTH", "OAK", "OLD", "PEN", "RAD", "RAVEN", "RED", "ROCK", "ROTH", "RUS", "SAND", "SHER", "SOUTH",
        "STAN", "STOCK", "STAN", "THORN", "TOWN", "WAL", "WARR", "WEST", "WHIT", "WICK", "WIN", "WOOD", "WORTH", "YARD",
        "BARN", "BEL", "BIRCH", "BRAM", "BROMS", "CAR", "COL", "DEN", "DUN", "FOX", "GARD", "GREEN", "HAL", "HAY",
    ];

    private static readonly string[] SurnameEndings =
    [
        "WORTH", "TON", "LEY", "FIELD", "FORD", "HAM", "WOOD", "BURY", "BY", "DALE", "WELL", "COTT", "STEAD", "HURST",
        "MORE", "SHAW", "LOW", "BRIDGE", "WICK", "THORPE", "COMBE", "DEN", "ING", "MAN", "ER", "SON", "INGTON", "STONE",
        "BROOK", "WAY", "HILL", "GATE", "LAND", "HOLME",
    ];

    private static readonly (string Area, string Town)[] Areas =
    [
        ("AB", "ABERDEEN"), ("B", "BIRMINGHAM"), ("BA", "BATH"), ("BB", "BLACKBURN"), ("BD", "BRADFORD"), ("BH", "BOURNEMOUTH"),
        ("BL", "BOLTON"), ("BN", "BRIGHTON"), ("BR", "BROMLEY"), ("BS", "BRISTOL"), ("CA", "CARLISLE"), ("CB", "CAMBRIDGE"),
        ("CF", "CARDIFF"), ("CH", "CHESTER"), ("CM", "CHELMSFORD"), ("CO", "COLCHESTER"), ("CR", "CROYDON"), ("CT", "CANTERBURY"),
        ("CV", "COVENTRY"), ("CW", "CREWE"), ("DA", "DARTFORD"), ("DE", "DERBY"), ("DH", "DURHAM"), ("DN", "DONCASTER"),
        ("DT", "DORCHESTER"), ("DY", "DUDLEY"), ("E", "LONDON"), ("EC", "LONDON"), ("EH", "EDINBURGH"), ("EN", "ENFIELD"),
        ("EX", "EXETER"), ("FY", "BLACKPOOL"), ("G", "GLASGOW"), ("GL", "GLOUCESTER"), ("GU", "GUILDFORD"), ("HA", "HARROW"),
        ("HD", "HUDDERSFIELD"), ("HG", "HARROGATE"), ("HP", "HEMEL HEMPSTEAD"), ("HR", "HEREFORD"), ("HU", "HULL"), ("HX", "HALIFAX"),
        ("IG", "ILFORD"), ("IP", "IPSWICH"), ("KT", "KINGSTON UPON THAMES"), ("L", "LIVERPOOL"), ("LA", "LANCASTER"), ("LE", "LEICESTER"),
        ("LN", "LINCOLN"), ("LS", "LEEDS"), ("LU", "LUTON"), ("M", "MANCHESTER"), ("ME", "ROCHESTER"), ("MK", "MILTON KEYNES"),
        ("N", "LONDON"), ("NE", "NEWCASTLE UPON TYNE"), ("NG", "NOTTINGHAM"), ("NN", "NORTHAMPTON"), ("NP", "NEWPORT"), ("NR", "NORWICH"),
        ("NW", "LONDON"), ("OL", "OLDHAM"), ("OX", "OXFORD"), ("PE", "PETERBOROUGH"), ("PL", "PLYMOUTH"), ("PO", "PORTSMOUTH"),
        ("PR", "PRESTON"), ("RG", "READING"), ("RM", "ROMFORD"), ("S", "SHEFFIELD"), ("SE", "LONDON"), ("SG", "STEVENAGE"),
        ("SK", "STOCKPORT"), ("SL", "SLOUGH"), ("SM", "SUTTON"), ("SN", "SWINDON"), ("SO", "SOUTHAMPTON"), ("SR", "SUNDERLAND"),
        ("SS", "SOUTHEND-ON-SEA"), ("ST", "STOKE-ON-TRENT"), ("SW", "LONDON"), ("SY", "SHREWSBURY"), ("TA", "TAUNTON"), ("TF", "TELFORD"),
        ("TN", "TONBRIDGE"), ("TQ", "TORQUAY"), ("TR", "TRURO"), ("TS", "MIDDLESBROUGH"), ("TW", "TWICKENHAM"), ("UB", "SOUTHALL"),
        ("W", "LONDON"), ("WA", "WARRINGTON"), ("WC", "LONDON"), ("WD", "WATFORD"), ("WF", "WAKEFIELD"), ("WN", "WIGAN"),
        ("WR", "WORCESTER"), ("WS", "WALSALL"), ("WV", "WOLVERHAMPTON"), ("YO", "YORK"),
    ];

    private static readonly string[] StreetNames =
    [
        "HIGH", "STATION", "MAIN", "PARK", "CHURCH", "LONDON", "VICTORIA", "GREEN", "MANOR", "QUEENS", "KINGS", "GROVE",
        "MILL", "NEW", "SCHOOL", "ALEXANDRA", "YORK", "NORTH", "SOUTH", "WEST", "EAST", "GEORGE", "ALBERT", "CHESTER",
        "WINDSOR", "PRIORY", "OAK", "ELM", "BEECH", "ASH", "WILLOW", "CEDAR", "BIRCH", "MAPLE", "HAWTHORN", "LIME",
        "MEADOW", "ORCHARD", "BROOK", "RIVER", "HILL", "VALLEY", "FOREST", "SPRING", "WOODLAND", "HEATH", "MOOR",
        "CASTLE", "ABBEY", "BRIDGE", "MARKET", "WELLINGTON", "NELSON", "CROMWELL", "BYRON", "SHELLEY", "KEATS",
        "MILTON", "CHAUCER", "DICKENS", "TENNYSON", "WORDSWORTH", "RAILWAY", "CANAL", "COMMERCIAL", "FARM", "COLLEGE",
        "HOLLY", "IVY", "ROSE", "LAUREL", "HAZEL", "POPLAR", "ROWAN", "SYCAMORE", "CHERRY", "PINE", "HEATHER", "FERN",
    ];

    private static readonly string[] StreetTypes = ["ROAD", "STREET", "LANE", "AVENUE", "CLOSE", "DRIVE", "WAY", "CRESCENT", "GARDENS", "PLACE", "TERRACE", "COURT"];

    private static readonly Dictionary<string, string> Abbreviations = new()
    {
        ["ROAD"] = "RD", ["STREET"] = "ST", ["LANE"] = "LN", ["AVENUE"] = "AVE", ["CLOSE"] = "CL", ["DRIVE"] = "DR",
        ["CRESCENT"] = "CRES", ["GARDENS"] = "GDNS", ["PLACE"] = "PL", ["TERRACE"] = "TER", ["COURT"] = "CT",
    };

    private static readonly Dictionary<string, string> Diminutives = new()
    {
        ["WILLIAM"] = "BILL", ["ROBERT"] = "BOB", ["RICHARD"] = "RICK", ["JAMES"] = "JIM", ["JOHN"] = "JACK",
        ["EDWARD"] = "TED", ["THOMAS"] = "TOM", ["MICHAEL"] = "MIKE", ["CHRISTOPHER"] = "CHRIS", ["ANTHONY"] = "TONY",
        ["ANDREW"] = "ANDY", ["DANIEL"] = "DAN", ["DAVID"] = "DAVE", ["STEPHEN"] = "STEVE", ["JOSEPH"] = "JOE",
        ["BENJAMIN"] = "BEN", ["SAMUEL"] = "SAM", ["ALEXANDER"] = "ALEX", ["MATTHEW"] = "MATT", ["PETER"] = "PETE",
        ["ELIZABETH"] = "LIZ", ["MARGARET"] = "MAGGIE", ["KATHERINE"] = "KATE", ["REBECCA"] = "BECKY", ["SUSAN"] = "SUE",
        ["DEBORAH"] = "DEBBIE", ["PATRICIA"] = "TRISH", ["VICTORIA"] = "VICKY", ["JACQUELINE"] = "JACKIE",
        ["CHRISTINE"] = "CHRISSIE", ["SAMANTHA"] = "SAM", ["DOROTHY"] = "DOT", ["ELEANOR"] = "ELLIE", ["CATHERINE"] = "CATH",
        ["AMANDA"] = "MANDY", ["KENNETH"] = "KEN", ["PHILIP"] = "PHIL", ["LEONARD"] = "LEN", ["ALBERT"] = "ALBIE",
        ["OLIVER"] = "OLLIE", ["FREDDIE"] = "FRED", ["HARRY"] = "HAL",
    };

    private static readonly string[] Localities = ["", "", "", "", "FLAT 1", "FLAT 2", "FLAT 3", "FLAT 4", "THE COTTAGE", "ROSE COTTAGE", "1ST FLOOR", "GROUND FLOOR"];

    /// <summary>
    /// Makes <paramref name="count"/> records of which about <paramref name="duplicateShare"/> are duplicates of
    /// earlier ones. Record ids are "P" + index; <see cref="Population.EntityOf"/> holds the true person.
    /// </summary>
    public static Population Generate(int count, int seed = 1, double duplicateShare = 0.2)
    {
        var rng = new Rng((ulong)seed);
        var records = new PersonRecord[count];
        var entityOf = new int[count];
        var originals = new List<int>(count);
        var surnames = BuildSurnames();
        var maleWeights = Zipf(MaleNames.Length, 1.0);
        var femaleWeights = Zipf(FemaleNames.Length, 1.0);
        var commonWeights = Zipf(CommonSurnames.Length, 0.9);
        var entities = 0;
        for (var i = 0; i < count; i++)
        {
            var id = "P" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            if (originals.Count > 10 && rng.Chance(duplicateShare))
            {
                var source = originals[rng.Next(originals.Count)];
                records[i] = Corrupt(records[source], id, ref rng, surnames, commonWeights);
                entityOf[i] = entityOf[source];
            }
            else
            {
                records[i] = NewPerson(id, ref rng, surnames, commonWeights, maleWeights, femaleWeights);
                entityOf[i] = entities++;
                originals.Add(i);
            }
        }

        return new Population(records, entityOf);
    }

    private static string[] BuildSurnames()
    {
        var list = new List<string>();
        foreach (var stem in SurnameStems.Distinct())
        {
            foreach (var ending in SurnameEndings)
            {
                list.Add(stem + ending);
            }
        }

        return [.. list.Distinct()];
    }

    private static double[] Zipf(int n, double s)
    {
        var w = new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            total += w[i] = 1.0 / Math.Pow(i + 1, s);
        }

        var acc = 0.0;
        for (var i = 0; i < n; i++)
        {
            acc += w[i] / total;
            w[i] = acc;
        }

        return w;
    }

    private static string Surname(ref Rng rng, string[] tail, double[] commonWeights) =>
        rng.Chance(0.45) ? CommonSurnames[rng.Pick(commonWeights)] : tail[rng.Next(tail.Length)];

    private static PersonRecord NewPerson(string id, ref Rng rng, string[] tail, double[] commonWeights, double[] male, double[] female)
    {
        var isMale = rng.Chance(0.49);
        var given = isMale ? MaleNames[rng.Pick(male)] : FemaleNames[rng.Pick(female)];
        if (rng.Chance(0.3))
        {
            given += " " + (isMale ? MaleNames[rng.Pick(male)] : FemaleNames[rng.Pick(female)]);
        }

        var year = 1925 + (int)(rng.NextDouble() * 99);
        var month = 1 + rng.Next(12);
        var day = 1 + rng.Next(DateTime.DaysInMonth(year, month));
        var (area, town) = Areas[rng.Next(Areas.Length)];
        var district = 1 + rng.Next(area.Length == 1 ? 30 : 20);
        var postcode = $"{area}{district} {rng.Next(10)}{Letter(ref rng)}{Letter(ref rng)}";
        var street = $"{StreetNames[rng.Next(StreetNames.Length)]} {StreetTypes[rng.Next(StreetTypes.Length)]}";
        var house = (1 + rng.Next(rng.Chance(0.8) ? 120 : 400)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var locality = Localities[rng.Next(Localities.Length)];
        var family = Surname(ref rng, tail, commonWeights);
        return new PersonRecord
        {
            Id = id,
            GivenNames = given,
            FamilyName = family,
            DateOfBirth = new BirthDate(year, month, day),
            Sex = isMale ? "M" : "F",
            Postcode = rng.Chance(0.97) ? postcode : null,
            AddressLines = rng.Chance(0.96) ? (locality.Length > 0 ? [locality, $"{house} {street}"] : [$"{house} {street}"]) : null,
            Town = town,
            NhsNumber = rng.Chance(0.85) ? NhsNumber(ref rng) : null,
            Phone = rng.Chance(0.7) ? (rng.Chance(0.7) ? "07" : "01") + Digits(ref rng, 9) : null,
            Email = rng.Chance(0.35) ? $"{given.Split(' ')[0].ToLowerInvariant()}.{family.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal)}{rng.Next(100)}@example.org" : null,
        };
    }

    private static PersonRecord Corrupt(PersonRecord p, string id, ref Rng rng, string[] tail, double[] commonWeights)
    {
        var r = p with { Id = id };
        var errors = 1 + rng.Next(4);
        for (var e = 0; e < errors; e++)
        {
            switch (rng.Next(16))
            {
                case 0:
                case 1:
                    r = r with { GivenNames = Typo(r.GivenNames, ref rng) };
                    break;
                case 2:
                case 3:
                    r = r with { FamilyName = Typo(r.FamilyName, ref rng) };
                    break;
                case 4:
                    var first = r.GivenNames?.Split(' ')[0] ?? string.Empty;
                    r = r with
                    {
                        GivenNames = Diminutives.TryGetValue(first, out var nick) ? nick
                            : rng.Chance(0.5) && first.Length > 0 ? first[..1] : first,
                    };
                    break;
                case 5:
                    if (r.Sex == "F" && rng.Chance(0.7))
                    {
                        r = r with { FamilyName = Surname(ref rng, tail, commonWeights) };
                    }
                    else
                    {
                        r = r with { GivenNames = r.FamilyName, FamilyName = r.GivenNames?.Split(' ')[0] };
                    }

                    break;
                case 6:
                case 7:
                    if (r.DateOfBirth is { } d)
                    {
                        r = r with
                        {
                            DateOfBirth = rng.Next(3) switch
                            {
                                0 when d.Day <= 12 => new BirthDate(d.Year, d.Day, d.Month),
                                1 => new BirthDate(d.Year + (rng.Chance(0.5) ? 1 : -1), d.Month, d.Day),
                                _ => new BirthDate(d.Year, d.Month, Math.Clamp(d.Day + (rng.Chance(0.5) ? 1 : -1) * (1 + rng.Next(9)), 1, 28)),
                            },
                        };
                    }

                    break;
                case 8:
                    // Moved house: new postcode and address in the same town or elsewhere.
                    var (area, town) = Areas[rng.Next(Areas.Length)];
                    r = r with
                    {
                        Postcode = $"{area}{1 + rng.Next(20)} {rng.Next(10)}{Letter(ref rng)}{Letter(ref rng)}",
                        AddressLines = [$"{1 + rng.Next(120)} {StreetNames[rng.Next(StreetNames.Length)]} {StreetTypes[rng.Next(StreetTypes.Length)]}"],
                        Town = town,
                        Phone = rng.Chance(0.5) ? null : r.Phone,
                    };
                    break;
                case 9:
                    if (r.Postcode is { Length: > 3 } pc)
                    {
                        var chars = pc.ToCharArray();
                        var at = chars.Length - 1 - rng.Next(2);
                        chars[at] = Letter(ref rng);
                        r = r with { Postcode = rng.Chance(0.5) ? new string(chars) : new string(chars).Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() };
                    }

                    break;
                case 10:
                    if (r.AddressLines is { Count: > 0 } lines)
                    {
                        var abbreviated = lines.Select(l => string.Join(' ', l.Split(' ').Select(w => Abbreviations.GetValueOrDefault(w, w)))).ToList();
                        if (rng.Chance(0.5))
                        {
                            var k = rng.Next(abbreviated.Count);
                            abbreviated[k] = Typo(abbreviated[k], ref rng) ?? abbreviated[k];
                        }

                        r = r with { AddressLines = abbreviated };
                    }

                    break;
                case 11:
                case 12:
                    r = r with { NhsNumber = rng.Chance(0.7) || r.NhsNumber is null ? null : Typo(r.NhsNumber, ref rng, digits: true) };
                    break;
                case 13:
                    r = r with { Phone = null, Email = rng.Chance(0.5) ? null : r.Email };
                    break;
                case 14:
                    r = r with { Sex = rng.Chance(0.5) ? null : r.Sex?.ToLowerInvariant() };
                    break;
                default:
                    r = r with { Postcode = null, Town = rng.Chance(0.5) ? null : r.Town };
                    break;
            }
        }

        return r;
    }

    private static string? Typo(string? value, ref Rng rng, bool digits = false)
    {
        if (string.IsNullOrEmpty(value) || value.Length < 2)
        {
            return value;
        }

        var chars = new List<char>(value);
        var at = 1 + rng.Next(chars.Count - 1);
        var replacement = digits ? (char)('0' + rng.Next(10)) : Letter(ref rng);
        switch (rng.Next(4))
        {
            case 0:
                chars.Insert(at, replacement);
                break;
            case 1:
                chars.RemoveAt(at);
                break;
            case 2:
                chars[at] = replacement;
                break;
            default:
                if (at < chars.Count - 1)
                {
                    (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                }
                else
                {
                    chars[at] = replacement;
                }

                break;
        }

        return new string([.. chars]);
    }

    private static char Letter(ref Rng rng) => "ABDEFGHJLNPQRSTUWXYZ"[rng.Next(20)];

    private static string Digits(ref Rng rng, int n)
    {
        Span<char> s = stackalloc char[n];
        for (var i = 0; i < n; i++)
        {
            s[i] = (char)('0' + rng.Next(10));
        }

        return new string(s);
    }

    /// <summary>A ten-digit NHS number whose last digit is the modulus-11 check digit.</summary>
    private static string NhsNumber(ref Rng rng)
    {
        while (true)
        {
            Span<int> d = stackalloc int[9];
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                d[i] = i == 0 ? 4 + rng.Next(6) : rng.Next(10);
                sum += d[i] * (10 - i);
            }

            var check = 11 - sum % 11;
            if (check == 10)
            {
                continue;
            }

            if (check == 11)
            {
                check = 0;
            }

            Span<char> s = stackalloc char[10];
            for (var i = 0; i < 9; i++)
            {
                s[i] = (char)('0' + d[i]);
            }

            s[9] = (char)('0' + check);
            return new string(s);
        }
    }

    private struct Rng(ulong seed)
    {
        private ulong state = seed * 0x9E3779B97F4A7C15UL + 1;

        public ulong NextUInt64()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        public int Next(int maxExclusive) => (int)((NextUInt64() >> 33) % (ulong)maxExclusive);

        public bool Chance(double p) => NextDouble() < p;

        /// <summary>Index drawn from a cumulative distribution.</summary>
        public int Pick(double[] cumulative)
        {
            var x = NextDouble();
            var i = Array.BinarySearch(cumulative, x);
            return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
        }
    }
}
