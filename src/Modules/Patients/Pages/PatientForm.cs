using System.Globalization;
using Infirmary.Patients.Domain;

namespace Infirmary.Patients.Pages;

/// <summary>
/// What the registration and edit forms post. Dates are typed as day, month and year in separate boxes (the NHS
/// design-system pattern), so a clerk never has to guess a format.
/// </summary>
public sealed class PatientForm
{
    public string? NhsNumber { get; set; }

    public string? Title { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? BirthDay { get; set; }

    public string? BirthMonth { get; set; }

    public string? BirthYear { get; set; }

    public string Sex { get; set; } = "Unknown";

    public string? AddressLine1 { get; set; }

    public string? AddressLine2 { get; set; }

    public string? Town { get; set; }

    public string? Postcode { get; set; }

    public string? Phone { get; set; }

    public string? GpPracticeOds { get; set; }

    public bool Sensitive { get; set; }

    public int Version { get; set; }

    /// <summary>The clerk has looked at the possible duplicates shown and says this is a different person.</summary>
    public bool NotADuplicate { get; set; }

    public (PatientDetails Details, Dictionary<string, string[]> Errors) ToDetails()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DateOnly? dob = null;
        var anyDate = !string.IsNullOrWhiteSpace(BirthDay) || !string.IsNullOrWhiteSpace(BirthMonth) || !string.IsNullOrWhiteSpace(BirthYear);
        if (anyDate)
        {
            if (int.TryParse(BirthDay, NumberStyles.None, CultureInfo.InvariantCulture, out var d) &&
                int.TryParse(BirthMonth, NumberStyles.None, CultureInfo.InvariantCulture, out var m) &&
                int.TryParse(BirthYear, NumberStyles.None, CultureInfo.InvariantCulture, out var y) &&
                y is >= 1000 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
            {
                dob = new DateOnly(y, m, d);
            }
            else
            {
                errors["birthDate"] = ["The date of birth must be a real date, for example 27 3 1984."];
            }
        }

        var details = new PatientDetails
        {
            NhsNumber = NhsNumber,
            Title = Title,
            GivenName = GivenName,
            FamilyName = FamilyName,
            BirthDate = dob,
            Sex = Enum.TryParse<Sex>(Sex, out var s) ? s : (Domain.Sex)(-1),
            AddressLine1 = AddressLine1,
            AddressLine2 = AddressLine2,
            Town = Town,
            Postcode = Postcode,
            Phone = Phone,
            GpPracticeOds = GpPracticeOds,
            Sensitive = Sensitive,
        };
        return (details, errors);
    }

    public static PatientForm From(Patient p) => new()
    {
        NhsNumber = p.NhsNumber,
        Title = p.Title,
        GivenName = p.GivenName,
        FamilyName = p.FamilyName,
        BirthDay = p.BirthDate.Day.ToString(CultureInfo.InvariantCulture),
        BirthMonth = p.BirthDate.Month.ToString(CultureInfo.InvariantCulture),
        BirthYear = p.BirthDate.Year.ToString(CultureInfo.InvariantCulture),
        Sex = p.Sex.ToString(),
        AddressLine1 = p.AddressLine1,
        AddressLine2 = p.AddressLine2,
        Town = p.Town,
        Postcode = p.Postcode,
        Phone = p.Phone,
        GpPracticeOds = p.GpPracticeOds,
        Sensitive = p.Sensitive,
        Version = p.Version,
    };
}
