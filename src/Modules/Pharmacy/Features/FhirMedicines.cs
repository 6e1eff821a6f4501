using Hl7.Fhir.Model;
using Infirmary.Medicines;
using Infirmary.Platform.Ui;

namespace Infirmary.Pharmacy.Features;

/// <summary>Reads FHIR R4 MedicationRequest, AllergyIntolerance and Patient into what the screening engine needs.</summary>
public static class FhirMedicines
{
    public const string Snomed = "http://snomed.info/sct";

    private static readonly string[] DmdSystems = [Snomed, "https://dmd.nhs.uk", "http://dmd.nhs.uk", "https://fhir.nhs.uk/Id/dmd-code"];

    /// <summary>The medication of a request: a dm+d/SNOMED code and/or text; null with a reason when neither is given.</summary>
    public static (MedicineOrder? Order, string? Error) ToOrder(MedicationRequest request)
    {
        string? code = null;
        string? text = null;
        switch (request.Medication)
        {
            case CodeableConcept cc:
                (code, text) = FromConcept(cc);
                break;
            case ResourceReference reference:
                text = reference.Display;
                if (reference.Reference is { } r && r.StartsWith('#') &&
                    request.Contained.OfType<Medication>().FirstOrDefault(m => m.Id == r[1..]) is { Code: { } mc })
                {
                    (code, text) = FromConcept(mc);
                    text ??= reference.Display;
                }

                break;
        }

        if (string.IsNullOrWhiteSpace(code) && string.IsNullOrWhiteSpace(text))
        {
            return (null, "has no medication: give medicationCodeableConcept with a dm+d/SNOMED coding or text");
        }

        var order = new MedicineOrder(FreeText.Clean(code), FreeText.Clean(text));
        if (request.DosageInstruction.FirstOrDefault() is { } dosage)
        {
            var dose = dosage.DoseAndRate.FirstOrDefault()?.Dose as Quantity;
            order = order with { DoseMg = Milligrams(dose), DosesPerDay = PerDay(dosage.Timing?.Repeat) };
            if ((dosage.Route?.Text ?? dosage.Route?.Coding.FirstOrDefault()?.Display) is { } route)
            {
                order = order with { Route = route.ToLowerInvariant() };
            }
        }

        return (order, null);
    }

    /// <summary>Whether a current medication still counts (stopped, completed or mistaken ones do not).</summary>
    public static bool IsCurrent(MedicationRequest request) => request.Status is not (
        MedicationRequest.MedicationrequestStatus.Cancelled or MedicationRequest.MedicationrequestStatus.Completed or
        MedicationRequest.MedicationrequestStatus.EnteredInError or MedicationRequest.MedicationrequestStatus.Stopped);

    /// <summary>The allergen of an allergy record as text; null when it is refuted, resolved or has no substance.</summary>
    public static string? Allergen(AllergyIntolerance allergy)
    {
        var verification = allergy.VerificationStatus?.Coding.FirstOrDefault()?.Code;
        var clinical = allergy.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        if (verification is "refuted" or "entered-in-error" || clinical is "inactive" or "resolved")
        {
            return null;
        }

        var text = allergy.Code?.Text ?? allergy.Code?.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display))?.Display
            ?? allergy.Reaction.SelectMany(r => r.Substance?.Coding ?? []).FirstOrDefault()?.Display;
        return FreeText.Clean(text);
    }

    /// <summary>Age in whole years on <paramref name="today"/>, when the patient's birth date is known.</summary>
    public static double? AgeYears(Patient patient, DateOnly today)
    {
        if (patient.BirthDate is not { Length: >= 10 } b || !DateOnly.TryParseExact(b[..10], "yyyy-MM-dd", out var born) || born > today)
        {
            return null;
        }

        var age = today.Year - born.Year;
        if (today < born.AddYears(age))
        {
            age--;
        }

        return age;
    }

    private static (string? Code, string? Text) FromConcept(CodeableConcept cc)
    {
        var coding = cc.Coding.FirstOrDefault(c => c.System is { } s && DmdSystems.Contains(s.TrimEnd('/'), StringComparer.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(c.Code))
            ?? cc.Coding.FirstOrDefault(c => c.System is null && !string.IsNullOrWhiteSpace(c.Code));
        var text = cc.Text ?? cc.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display))?.Display;
        return (coding?.Code, text);
    }

    private static double? Milligrams(Quantity? q)
    {
        if (q?.Value is not { } v || v <= 0)
        {
            return null;
        }

        var unit = (q.Code ?? q.Unit ?? string.Empty).ToLowerInvariant();
        return unit switch
        {
            "mg" => (double)v,
            "g" => (double)v * 1000,
            "ug" or "mcg" or "microgram" or "micrograms" or "µg" => (double)v / 1000,
            _ => null,
        };
    }

    private static double? PerDay(Timing.RepeatComponent? repeat)
    {
        if (repeat?.Frequency is not { } f || f <= 0)
        {
            return null;
        }

        var period = (double)(repeat.Period ?? 1m);
        if (period <= 0)
        {
            return null;
        }

        return repeat.PeriodUnit switch
        {
            Timing.UnitsOfTime.D => f / period,
            Timing.UnitsOfTime.H => f * 24 / period,
            _ => null,
        };
    }
}
