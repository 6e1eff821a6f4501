using System.Text.RegularExpressions;

namespace Infirmary.Patients.Domain;

/// <summary>
/// Demographics as entered — by a clerk on a form, a system over REST, or a FHIR Patient. One validator serves all
/// three channels, so the same mistake gets the same answer wherever it is made. Error keys are the field names.
/// </summary>
public sealed partial class PatientDetails
{
    public string? NhsNumber { get; set; }

    public string? Title { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public DateOnly? BirthDate { get; set; }

    public Sex Sex { get; set; }

    public string? AddressLine1 { get; set; }

    public string? AddressLine2 { get; set; }

    public string? Town { get; set; }

    public string? Postcode { get; set; }

    public string? Phone { get; set; }

    public string? GpPracticeOds { get; set; }

    public bool Sensitive { get; set; }

    public static readonly DateOnly EarliestBirthDate = new(1880, 1, 1);

    [GeneratedRegex(@"^\+?[0-9 ()-]{6,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[A-Za-z][0-9]{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex GpOdsPattern();

    public Dictionary<string, string[]> Validate(DateOnly today)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors[field] = [message];

        if (Domain.NhsNumber.Problem(NhsNumber) is { } nhs)
        {
            Add("nhsNumber", nhs);
        }

        Text("title", Title, 20, required: false);
        Text("givenName", GivenName, 100, required: true);
        Text("familyName", FamilyName, 100, required: true);
        Text("addressLine1", AddressLine1, 100, required: false);
        Text("addressLine2", AddressLine2, 100, required: false);
        Text("town", Town, 60, required: false);

        if (BirthDate is not { } dob)
        {
            Add("birthDate", "Enter the date of birth.");
        }
        else if (dob > today)
        {
            Add("birthDate", "The date of birth cannot be in the future.");
        }
        else if (dob < EarliestBirthDate)
        {
            Add("birthDate", "The date of birth must be after 01-Jan-1880.");
        }

        if (!Enum.IsDefined(Sex))
        {
            Add("sex", "Sex must be male, female, other or unknown.");
        }

        if (!string.IsNullOrWhiteSpace(Postcode) && UkPostcode.Normalise(Postcode) is null)
        {
            Add("postcode", "Enter a UK postcode, for example LS1 4AP.");
        }

        if (!string.IsNullOrWhiteSpace(Phone) && !PhonePattern().IsMatch(Phone.Trim()))
        {
            Add("phone", "A phone number has 6 to 20 digits, spaces, brackets or hyphens, and may start with +.");
        }

        if (!string.IsNullOrWhiteSpace(GpPracticeOds) && !GpOdsPattern().IsMatch(GpPracticeOds.Trim()))
        {
            Add("gpPracticeOds", "A GP practice ODS code is a letter and five digits, for example A81001.");
        }

        return errors;

        void Text(string field, string? value, int max, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    Add(field, $"Enter the {Words(field)}.");
                }

                return;
            }

            if (value.Length > max)
            {
                Add(field, $"The {Words(field)} must be {max} characters or fewer.");
            }
            else if (value.Any(char.IsControl))
            {
                Add(field, $"The {Words(field)} contains characters that cannot be stored.");
            }
        }
    }

    private static string Words(string field) => field switch
    {
        "givenName" => "given name",
        "familyName" => "family name",
        "addressLine1" => "first address line",
        "addressLine2" => "second address line",
        _ => field,
    };
}
