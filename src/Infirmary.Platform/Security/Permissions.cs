namespace Infirmary.Platform.Security;

/// <summary>
/// What a caller may do. Endpoints and pages require a permission, never a role, so the role-to-permission table
/// below is the single place access is decided. Anything not granted is denied.
/// </summary>
public static class Permissions
{
    public const string ClaimType = "permission";

    public const string PatientsRead = "patients.read";
    public const string PatientsWrite = "patients.write";
    public const string PatientsSensitive = "patients.sensitive";
    public const string AuditRead = "audit.read";
    public const string BreakGlassReview = "breakglass.review";
    public const string StaffManage = "staff.manage";
    public const string PhysicsRead = "physics.read";
    public const string PhysicsWrite = "physics.write";
    public const string PhysicsCheck = "physics.check";

    /// <summary>Send HL7 v2 messages to the laboratory's analyser interface and read its log.</summary>
    public const string LabInterface = "lab.interface";

    /// <summary>Look up the formulary (reference data: products, brands, classes).</summary>
    public const string FormularyRead = "formulary.read";

    /// <summary>Screen medicines for a patient (interactions, allergies, duplicates, doses) — CDS Hooks and FHIR.</summary>
    public const string MedicinesScreen = "medicines.screen";

    /// <summary>See clinics, free slots, clinic lists, the arrivals board and the transport list.</summary>
    public const string SchedulingRead = "scheduling.read";

    /// <summary>Book, rebook and cancel appointments; check patients in and record outcomes; request transport.</summary>
    public const string SchedulingBook = "scheduling.book";

    /// <summary>Set clinics up: templates, slot generation, cancelled sessions.</summary>
    public const string SchedulingManage = "scheduling.manage";

    /// <summary>Deliberately book a patient into a slot that is already taken, giving a reason.</summary>
    public const string SchedulingOverbook = "scheduling.overbook";

    public static readonly IReadOnlyList<string> All =
        [PatientsRead, PatientsWrite, PatientsSensitive, AuditRead, BreakGlassReview, StaffManage, LabInterface, FormularyRead, MedicinesScreen,
         PhysicsRead, PhysicsWrite, PhysicsCheck, SchedulingRead, SchedulingBook, SchedulingManage, SchedulingOverbook];

    private static readonly string[] PatientFacing = [PatientsRead];
    private static readonly string[] PatientRegistering = [PatientsRead, PatientsWrite];
    private static readonly string[] Booking = [SchedulingRead, SchedulingBook];

    public static readonly IReadOnlyDictionary<string, string[]> ByRole = new Dictionary<string, string[]>
    {
        [Roles.Administrator] = [StaffManage, AuditRead],
        [Roles.HealthRecordsClerk] = [.. PatientRegistering, .. Booking],
        // A secretary arranges the consultant's clinics, so may squeeze a patient in (overbook) with a reason.
        [Roles.MedicalSecretary] = [.. PatientRegistering, .. Booking, SchedulingOverbook],
        [Roles.Receptionist] = [.. PatientRegistering, .. Booking],
        [Roles.PracticeManager] = [.. PatientFacing, .. Booking, SchedulingManage, SchedulingOverbook],
        [Roles.ServiceManager] = [.. PatientFacing, SchedulingRead, SchedulingManage],
        [Roles.Pharmacist] = [PatientsRead, FormularyRead, MedicinesScreen],
        [Roles.PharmacyTechnician] = [PatientsRead, FormularyRead],
        [Roles.BiomedicalScientist] = [PatientsRead, LabInterface],
        [Roles.LabAssistant] = PatientFacing,
        [Roles.ClinicalEngineer] = [],
        // Either may be the second person on a physics result (never the one who performed it).
        [Roles.ClinicalTechnologist] = [PatientsRead, PhysicsRead, PhysicsWrite, PhysicsCheck],
        [Roles.MedicalPhysicist] = [PatientsRead, PhysicsRead, PhysicsWrite, PhysicsCheck],
        [Roles.Clinician] = [PatientsRead, PatientsWrite, FormularyRead, MedicinesScreen, SchedulingRead],
        [Roles.CaldicottGuardian] = [PatientsRead, AuditRead, BreakGlassReview],
    };

    public static IEnumerable<string> ForRoles(IEnumerable<string> roles) =>
        roles.SelectMany(r => ByRole.TryGetValue(r, out var p) ? p : []).Distinct(StringComparer.Ordinal);

    /// <summary>OAuth scopes a system client may ask for, and the permissions each carries.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ByScope = new Dictionary<string, string[]>
    {
        ["system/Patient.read"] = [PatientsRead],
        ["system/Patient.write"] = [PatientsRead, PatientsWrite],
        ["system/Patient.sensitive"] = [PatientsSensitive],
        ["system/AuditEvent.read"] = [AuditRead],
        ["system/Hl7v2.write"] = [LabInterface],
        // A prescribing system calling the CDS Hooks screening service reads medication requests it sends.
        ["system/MedicationRequest.read"] = [MedicinesScreen, FormularyRead],
        ["system/Schedule.read"] = [SchedulingRead],
        ["system/Slot.read"] = [SchedulingRead],
        ["system/Appointment.read"] = [SchedulingRead, PatientsRead],
        ["system/Appointment.write"] = [SchedulingRead, SchedulingBook, PatientsRead],
    };
}
