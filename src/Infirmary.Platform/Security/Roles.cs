namespace Infirmary.Platform.Security;

/// <summary>Roles are the jobs people do. Names are stable identifiers stored in the database.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string HealthRecordsClerk = "HealthRecordsClerk";
    public const string MedicalSecretary = "MedicalSecretary";
    public const string Receptionist = "Receptionist";
    public const string PracticeManager = "PracticeManager";
    public const string ServiceManager = "ServiceManager";
    public const string Pharmacist = "Pharmacist";
    public const string PharmacyTechnician = "PharmacyTechnician";
    public const string BiomedicalScientist = "BiomedicalScientist";
    public const string LabAssistant = "LabAssistant";
    public const string ClinicalEngineer = "ClinicalEngineer";
    public const string ClinicalTechnologist = "ClinicalTechnologist";
    public const string MedicalPhysicist = "MedicalPhysicist";
    public const string Clinician = "Clinician";
    public const string CaldicottGuardian = "CaldicottGuardian";

    public static readonly IReadOnlyList<string> All =
    [
        Administrator, HealthRecordsClerk, MedicalSecretary, Receptionist, PracticeManager, ServiceManager,
        Pharmacist, PharmacyTechnician, BiomedicalScientist, LabAssistant, ClinicalEngineer, ClinicalTechnologist,
        MedicalPhysicist, Clinician, CaldicottGuardian,
    ];

    /// <summary>How the job is written for people (British English).</summary>
    public static string DisplayName(string role) => role switch
    {
        HealthRecordsClerk => "Health records clerk",
        MedicalSecretary => "Medical secretary",
        PracticeManager => "Practice manager",
        ServiceManager => "Service manager",
        PharmacyTechnician => "Pharmacy technician",
        BiomedicalScientist => "Biomedical scientist",
        LabAssistant => "Laboratory assistant",
        ClinicalEngineer => "Clinical engineer",
        ClinicalTechnologist => "Clinical technologist",
        MedicalPhysicist => "Medical physicist",
        CaldicottGuardian => "Caldicott Guardian",
        _ => role,
    };
}
