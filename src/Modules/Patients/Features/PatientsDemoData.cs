using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

/// <summary>
/// Deterministic demo patients (same seed, same people) with valid NHS numbers from the 999 test range, which is
/// reserved for testing and never issued to a real person.
/// </summary>
public sealed class PatientsDemoData(InfirmaryDbContext db, TimeProvider clock, HospitalNumbers hospitalNumbers)
{
    private static readonly string[] Given =
    [
        "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy", "Leo", "Lily", "Arthur",
        "Freya", "Muhammad", "Florence", "Oscar", "Grace", "Charlie", "Sophia", "Jacob", "Evie", "Thomas", "Poppy",
        "Aarav", "Priya", "Siobhan", "Rhys", "Eilidh", "Callum", "Niamh", "Dylan", "Margaret", "Dennis", "Ewan",
        "Zainab", "Kwame", "Ngozi", "Tomasz", "Agnieszka",
    ];

    private static readonly string[] Family =
    [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
        "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
        "Clarke", "Patel", "Jackson", "Khan", "Begum", "O'Brien", "MacDonald", "Ahmed", "Singh", "Kowalski",
        "Okafor", "Mensah", "Fraser", "Llewellyn", "Murphy", "Campbell", "Ali", "Shah",
    ];

    private static readonly (string Street, string Town, string Postcode)[] Addresses =
    [
        ("Park Row", "Leeds", "LS1 5HD"), ("Great George Street", "Leeds", "LS1 3EX"), ("Beckett Street", "Leeds", "LS9 7TF"),
        ("Oxford Road", "Manchester", "M13 9WL"), ("Hills Road", "Cambridge", "CB2 0QQ"), ("Queen Street", "Cardiff", "CF10 2BH"),
        ("Princes Street", "Edinburgh", "EH2 2ER"), ("Royal Avenue", "Belfast", "BT1 1DA"), ("Whitechapel Road", "London", "E1 1FR"),
        ("Headington Road", "Oxford", "OX3 0BP"), ("Kings Road", "Harrogate", "HG1 5JP"), ("High Street", "York", "YO1 8RX"),
    ];

    public static readonly string[] GpPractices = ["B86001", "B86002", "B86003", "P84001", "Y02902", "A81001", "C82001", "L83001"];

    public async Task<int> SeedAsync(int count, CancellationToken ct)
    {
        if (await db.Set<Patient>().AnyAsync(ct))
        {
            return 0;
        }

        var random = new Random(20261125);
        var now = clock.GetUtcNow().UtcDateTime;
        var serial = 100_000;
        IReadOnlyList<string> numbers = count <= 0 ? [] : await hospitalNumbers.IssueAsync(count, ct);
        for (var i = 0; i < count; i++)
        {
            var nhs = NextTestNhsNumber(ref serial);
            var address = Addresses[random.Next(Addresses.Length)];
            var female = random.Next(2) == 0;
            RegisterPatient.Stage(db, new PatientDetails
            {
                NhsNumber = nhs,
                GivenName = Given[random.Next(Given.Length)],
                FamilyName = Family[random.Next(Family.Length)],
                BirthDate = new DateOnly(1930, 1, 1).AddDays(random.Next(0, 34000)),
                Sex = female ? Sex.Female : Sex.Male,
                AddressLine1 = $"{random.Next(1, 200)} {address.Street}",
                Town = address.Town,
                Postcode = address.Postcode,
                Phone = $"0113 {random.Next(200, 999)} {random.Next(1000, 9999)}",
                GpPracticeOds = GpPractices[random.Next(GpPractices.Length)],
                // A handful of restricted records so break-glass can be tried.
                Sensitive = i % 97 == 13,
            }, numbers[i], "demo-data", now);
        }

        await db.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>Next valid number of the form 999nnnnnnC, skipping serials whose check digit would be 10.</summary>
    private static string NextTestNhsNumber(ref int serial)
    {
        while (true)
        {
            var nine = $"999{serial++:D6}";
            var check = NhsNumber.CheckDigit(nine);
            if (check >= 0)
            {
                return nine + check.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
