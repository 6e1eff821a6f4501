using System.Globalization;
using Infirmary.Patients.Domain;

namespace Infirmary.Web.Tests.Infrastructure;

public static class TestData
{
    private static int _serial = 500_000 + Random.Shared.Next(0, 100_000);

    /// <summary>A valid NHS number from the 999 test range, different every call in this process.</summary>
    public static string NhsNumber()
    {
        while (true)
        {
            var nine = $"999{Interlocked.Increment(ref _serial):D6}";
            var check = Infirmary.Patients.Domain.NhsNumber.CheckDigit(nine);
            if (check >= 0)
            {
                return nine + check.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    public static string Family() => "Test" + Guid.NewGuid().ToString("N")[..10];

    public static object PatientJson(string? nhs = null, string? family = null, string birthDate = "1984-03-27", object? extra = null) => new
    {
        nhsNumber = nhs ?? NhsNumber(),
        givenName = "Jane",
        familyName = family ?? Family(),
        birthDate,
        sex = "Female",
        addressLine1 = "1 Park Row",
        town = "Leeds",
        postcode = "ls1 5hd",
        phone = "0113 243 2799",
        gpPracticeOds = "B86001",
    };

    public static string FhirPatient(string? nhs = null, string? family = null, string birthDate = "1984-03-27") => $$"""
        {
          "resourceType": "Patient",
          "identifier": [{ "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "{{nhs ?? NhsNumber()}}" }],
          "name": [{ "use": "official", "family": "{{family ?? Family()}}", "given": ["Amelia"] }],
          "gender": "female",
          "birthDate": "{{birthDate}}",
          "address": [{ "line": ["2 Beckett Street"], "city": "Leeds", "postalCode": "LS9 7TF" }]
        }
        """;

    public static Sex AnySex => Sex.Female;
}
