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

    public static readonly IReadOnlyList<string> All =
        [PatientsRead, PatientsWrite, PatientsSensitive, AuditRead, BreakGlassReview, StaffManage, PhysicsRead, PhysicsWrite, PhysicsCheck];

    private static readonly string[] PatientFacing = [PatientsRead];
    private static readonly string[] PatientRegistering = [PatientsRead, PatientsWrite];

    public static readonly IReadOnlyDictionary<string, string[]> ByRole = new Dictionary<string, string[]>
    {
        [Roles.Administrator] = [StaffManage, AuditRead],
        [Roles.HealthRecordsClerk] = PatientRegistering,
        [Roles.MedicalSecretary] = PatientRegistering,
        [Roles.Receptionist] = PatientRegistering,
        [Roles.PracticeManager] = PatientFacing,
        [Roles.ServiceManager] = PatientFacing,
        [Roles.Pharmacist] = PatientFacing,
        [Roles.PharmacyTechnician] = PatientFacing,
        [Roles.BiomedicalScientist] = PatientFacing,
        [Roles.LabAssistant] = PatientFacing,
        [Roles.ClinicalEngineer] = [],
        // Either may be the second person on a physics result (never the one who performed it).
        [Roles.ClinicalTechnologist] = [PatientsRead, PhysicsRead, PhysicsWrite, PhysicsCheck],
        [Roles.MedicalPhysicist] = [PatientsRead, PhysicsRead, PhysicsWrite, PhysicsCheck],
        [Roles.Clinician] = PatientRegistering,
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
    };
}
