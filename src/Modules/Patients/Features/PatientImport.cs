using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Patients.Domain;
using FhirPatient = Hl7.Fhir.Model.Patient;

namespace Infirmary.Patients.Features;

/// <summary>
/// What an import does differently from registration (ADR 0045): a patient from abroad (Synthea's are American) has no
/// UK postcode, so the foreign postcode, region and country are kept in the second address line instead of being
/// refused or silently dropped; a date of death is taken from <c>deceasedDateTime</c>.
/// </summary>
public static class PatientImport
{
    public static void AdaptForeignAddress(FhirPatient source, PatientDetails details)
    {
        if (string.IsNullOrWhiteSpace(details.Postcode) || UkPostcode.Normalise(details.Postcode) is not null)
        {
            return;
        }

        var address = source.Address.FirstOrDefault(a => a.Use == Address.AddressUse.Home) ?? source.Address.FirstOrDefault();
        var foreign = string.Join(" ", new[] { address?.State, details.Postcode, address?.Country }.Where(s => !string.IsNullOrWhiteSpace(s)));
        details.AddressLine2 = string.IsNullOrWhiteSpace(details.AddressLine2) ? foreign : $"{details.AddressLine2}, {foreign}";
        details.Postcode = null;
    }

    public static DateOnly? DateOfDeath(FhirPatient source) =>
        source.Deceased is FhirDateTime dt && dt.Value is { Length: >= 10 } s
            && DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : null;
}
