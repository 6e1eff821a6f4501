using System.Globalization;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Fhir;
using Hl7.Fhir.Model;
using FhirPatient = Hl7.Fhir.Model.Patient;
using Patient = Infirmary.Patients.Domain.Patient;

namespace Infirmary.Patients.Features;

/// <summary>Maps between our patient record and FHIR R4 Patient with UK Core identifiers.</summary>
public static class PatientFhirMapper
{
    private const string ConfidentialitySystem = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    /// <param name="p">The record.</param>
    /// <param name="replaces">Records merged into this one (each shown as a <c>replaces</c> link).</param>
    /// <param name="others">Identifiers other than the NHS number (hospital number, imported ids).</param>
    public static FhirPatient ToFhir(Patient p, IEnumerable<Guid>? replaces = null, IEnumerable<PatientIdentifier>? others = null)
    {
        var r = new FhirPatient
        {
            Id = p.Id.ToString(),
            Meta = new Meta
            {
                VersionId = p.Version.ToString(CultureInfo.InvariantCulture),
                LastUpdated = new DateTimeOffset(DateTime.SpecifyKind(p.UpdatedAt, DateTimeKind.Utc)),
                Profile = ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"],
            },
            Active = p.Active,
            Gender = p.Sex switch
            {
                Sex.Male => AdministrativeGender.Male,
                Sex.Female => AdministrativeGender.Female,
                Sex.Other => AdministrativeGender.Other,
                _ => AdministrativeGender.Unknown,
            },
            BirthDate = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (p.Sensitive)
        {
            r.Meta.Security = [new Coding(ConfidentialitySystem, "R", "restricted")];
        }

        if (p.NhsNumber is not null)
        {
            r.Identifier.Add(new Identifier(KnownIdentifierSystems.NhsNumber, p.NhsNumber));
        }

        if (p.HospitalNumber is not null)
        {
            r.Identifier.Add(new Identifier(PatientIdentifiers.HospitalNumberSystem, p.HospitalNumber)
            {
                Use = Identifier.IdentifierUse.Usual,
                Type = new CodeableConcept { Text = PatientIdentifiers.HospitalNumberText },
            });
        }

        foreach (var other in (others ?? []).Where(o => o.System != PatientIdentifiers.HospitalNumberSystem || o.Value != p.HospitalNumber))
        {
            r.Identifier.Add(new Identifier(other.System, other.Value) { Type = other.TypeText is null ? null : new CodeableConcept { Text = other.TypeText } });
        }

        var name = new HumanName { Use = HumanName.NameUse.Official, Family = p.FamilyName, Given = [p.GivenName] };
        if (p.Title is not null)
        {
            name.Prefix = [p.Title];
        }

        r.Name.Add(name);
        if (p.AddressLine1 is not null || p.Town is not null || p.Postcode is not null)
        {
            r.Address.Add(new Address
            {
                Use = Address.AddressUse.Home,
                Line = new[] { p.AddressLine1, p.AddressLine2 }.OfType<string>().ToList(),
                City = p.Town,
                PostalCode = p.Postcode,
                Country = "GB",
            });
        }

        if (p.Phone is not null)
        {
            r.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Home, p.Phone));
        }

        if (p.GpPracticeOds is not null)
        {
            r.GeneralPractitioner.Add(new ResourceReference
            {
                Type = "Organization",
                Identifier = new Identifier(KnownIdentifierSystems.OdsOrganisationCode, p.GpPracticeOds),
            });
        }

        // A merged record points at its survivor, and the survivor back at what it replaced (ADR 0031).
        if (p.ReplacedById is { } survivor)
        {
            r.Link.Add(new FhirPatient.LinkComponent { Other = new ResourceReference($"Patient/{survivor}"), Type = FhirPatient.LinkType.ReplacedBy });
        }

        foreach (var old in replaces ?? [])
        {
            r.Link.Add(new FhirPatient.LinkComponent { Other = new ResourceReference($"Patient/{old}"), Type = FhirPatient.LinkType.Replaces });
        }

        return r;
    }

    /// <summary>Reads the details we keep from a FHIR Patient; what we cannot keep is reported, not dropped silently.</summary>
    public static (PatientDetails Details, List<string> Problems) FromFhir(FhirPatient r)
    {
        var problems = new List<string>();
        var d = new PatientDetails();
        var nhs = r.Identifier.Where(i => i.System == KnownIdentifierSystems.NhsNumber).ToList();
        if (nhs.Count > 1)
        {
            problems.Add("Patient.identifier: only one NHS number may be given.");
        }

        d.NhsNumber = nhs.FirstOrDefault()?.Value;
        var name = r.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? r.Name.FirstOrDefault();
        d.FamilyName = name?.Family;
        d.GivenName = name?.Given.FirstOrDefault();
        d.Title = name?.Prefix.FirstOrDefault();
        d.Sex = r.Gender switch
        {
            AdministrativeGender.Male => Sex.Male,
            AdministrativeGender.Female => Sex.Female,
            AdministrativeGender.Other => Sex.Other,
            _ => Sex.Unknown,
        };
        if (!string.IsNullOrEmpty(r.BirthDate))
        {
            if (DateOnly.TryParseExact(r.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob))
            {
                d.BirthDate = dob;
            }
            else
            {
                problems.Add("Patient.birthDate: a full date (YYYY-MM-DD) is needed to register a patient.");
            }
        }

        var address = r.Address.FirstOrDefault(a => a.Use == Address.AddressUse.Home) ?? r.Address.FirstOrDefault();
        if (address is not null)
        {
            var lines = address.Line.ToList();
            d.AddressLine1 = lines.ElementAtOrDefault(0);
            d.AddressLine2 = lines.Count > 2 ? string.Join(", ", lines.Skip(1)) : lines.ElementAtOrDefault(1);
            d.Town = address.City;
            d.Postcode = address.PostalCode;
        }

        d.Phone = r.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value;
        d.GpPracticeOds = r.GeneralPractitioner.Select(g => g.Identifier)
            .FirstOrDefault(i => i?.System == KnownIdentifierSystems.OdsOrganisationCode)?.Value;
        d.Sensitive = r.Meta?.Security.Any(s => s.System == ConfidentialitySystem && s.Code == "R") == true;
        return (d, problems);
    }

    /// <summary>Our validator speaks of fields; FHIR clients want the element path.</summary>
    public static string ElementFor(string field) => field switch
    {
        "nhsNumber" => "Patient.identifier",
        "givenName" => "Patient.name.given",
        "familyName" => "Patient.name.family",
        "title" => "Patient.name.prefix",
        "birthDate" => "Patient.birthDate",
        "sex" => "Patient.gender",
        "addressLine1" or "addressLine2" => "Patient.address.line",
        "town" => "Patient.address.city",
        "postcode" => "Patient.address.postalCode",
        "phone" => "Patient.telecom",
        "gpPracticeOds" => "Patient.generalPractitioner.identifier",
        _ => "Patient",
    };
}
