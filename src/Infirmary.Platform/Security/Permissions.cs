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

    /// <summary>Propose, confirm (a different person from the proposer) and undo merges of duplicate records.</summary>
    public const string PatientsMerge = "patients.merge";
    /// <summary>See where paper case-note volumes are, and record their movements (scan box, worklists).</summary>
    public const string CaseNotesTrack = "casenotes.track";

    /// <summary>Open new case-note volumes, print their labels, flag a volume as missing.</summary>
    public const string CaseNotesManage = "casenotes.manage";

    /// <summary>Log and work subject access requests (deadline, extension, status, disclosure); see overdue ones.</summary>
    public const string AccessRequestsManage = "accessrequests.manage";

    /// <summary>
    /// Export a patient's whole record across modules: <c>Patient/$everything</c> then includes every module's data
    /// (laboratory, pharmacy, appointments) whatever the caller's own module permissions; used for subject access.
    /// </summary>
    public const string PatientsExport = "patients.export";
    public const string AuditRead = "audit.read";
    public const string BreakGlassReview = "breakglass.review";
    public const string StaffManage = "staff.manage";
    public const string PhysicsRead = "physics.read";
    public const string PhysicsWrite = "physics.write";
    public const string PhysicsCheck = "physics.check";

    /// <summary>Add treatment machines and beams and import their commissioning data (Sc, Sp, PDD, TMR, wedge factors) from CSV.</summary>
    public const string PhysicsMachines = "physics.machines";

    /// <summary>Send HL7 v2 messages to the laboratory's analyser interface and read its log.</summary>
    public const string LabInterface = "lab.interface";

    /// <summary>Read the laboratory test catalogue (reference data: tests, panels, ranges).</summary>
    public const string LabCatalogueRead = "lab.catalogue.read";

    /// <summary>Request laboratory tests for a patient (UI, REST, FHIR ServiceRequest) and see one's requests.</summary>
    public const string LabOrder = "lab.order";

    /// <summary>Collect, receive and reject specimens (phlebotomy and the reception bench).</summary>
    public const string LabSpecimens = "lab.specimens";

    /// <summary>Work inside the laboratory on results: file unmatched ones, technical validation, amendments.</summary>
    public const string LabResults = "lab.results";

    /// <summary>Clinically authorise a validated report (always a different person from the one who validated it).</summary>
    public const string LabAuthorise = "lab.authorise";

    /// <summary>Read laboratory reports (authorised ones only, outside the laboratory) — FHIR DiagnosticReport.</summary>
    public const string LabReportsRead = "lab.reports.read";

    /// <summary>Run the laboratory: reagent and consumable stock, QC results (Westgard), analyser maintenance, turnaround times.</summary>
    public const string LabOperations = "lab.operations";

    /// <summary>Look up the formulary (reference data: products, brands, classes).</summary>
    public const string FormularyRead = "formulary.read";

    /// <summary>Screen medicines for a patient (interactions, allergies, duplicates, doses) — CDS Hooks and FHIR.</summary>
    public const string MedicinesScreen = "medicines.screen";

    /// <summary>See medicines stock: locations, batches, the stock ledger.</summary>
    public const string StockRead = "pharmacy.stock.read";

    /// <summary>Receive, issue, transfer and quarantine medicines stock.</summary>
    public const string StockWrite = "pharmacy.stock.write";

    /// <summary>Read prescriptions and the pharmacist's worklist.</summary>
    public const string PrescriptionsRead = "pharmacy.prescriptions.read";

    /// <summary>Write prescriptions (prescribers and prescribing systems).</summary>
    public const string PrescriptionsWrite = "pharmacy.prescriptions.write";

    /// <summary>Record a suspected adverse drug reaction (Yellow Card fields); it joins the patient's allergy list.</summary>
    public const string AdverseReactionsRecord = "pharmacy.adverse-reactions.record";

    /// <summary>Clinically check prescriptions: override alerts with a reason, query, amend, approve.</summary>
    public const string PrescriptionsCheck = "pharmacy.prescriptions.check";

    /// <summary>Dispense approved prescriptions from stock.</summary>
    public const string Dispense = "pharmacy.dispense";

    /// <summary>Do the final accuracy check of someone else's dispensing.</summary>
    public const string DispenseCheck = "pharmacy.dispense.check";

    /// <summary>Sell General Sales List and Pharmacy medicines over the counter at the pharmacy till.</summary>
    public const string OtcSell = "pharmacy.otc.sell";

    /// <summary>As the supervising pharmacist, allow an exceptional over-the-counter sale (more than two packs of painkillers).</summary>
    public const string OtcSupervise = "pharmacy.otc.supervise";

    /// <summary>Prepare extemporaneous medicines on a worksheet, and check someone else's preparation.</summary>
    public const string Compounding = "pharmacy.compounding";

    /// <summary>Build, change and publish rotas; decide leave and shift swaps.</summary>
    public const string RotaManage = "rota.manage";

    /// <summary>See one's own shifts, ask for leave and swaps. Every member of staff has it.</summary>
    public const string RotaSelf = "rota.self";

    /// <summary>See clinics, free slots, clinic lists, the arrivals board and the transport list.</summary>
    public const string SchedulingRead = "scheduling.read";

    /// <summary>Book, rebook and cancel appointments; check patients in and record outcomes; request transport.</summary>
    public const string SchedulingBook = "scheduling.book";

    /// <summary>Set clinics up: templates, slot generation, cancelled sessions.</summary>
    public const string SchedulingManage = "scheduling.manage";

    /// <summary>Deliberately book a patient into a slot that is already taken, giving a reason.</summary>
    public const string SchedulingOverbook = "scheduling.overbook";

    /// <summary>Add referrals to the waiting list and stop their referral-to-treatment clocks.</summary>
    public const string SchedulingWaitingList = "scheduling.waiting-list";

    public static readonly IReadOnlyList<string> All =
        [PatientsRead, PatientsWrite, PatientsSensitive, PatientsMerge, CaseNotesTrack, CaseNotesManage, AccessRequestsManage, PatientsExport, AuditRead, BreakGlassReview, StaffManage, LabInterface, FormularyRead, MedicinesScreen,
         PhysicsRead, PhysicsWrite, PhysicsCheck, PhysicsMachines, RotaManage, RotaSelf, LabCatalogueRead, LabOrder, LabSpecimens, LabResults, LabAuthorise, LabReportsRead, LabOperations,
         StockRead, StockWrite, PrescriptionsRead, PrescriptionsWrite, PrescriptionsCheck, Dispense, DispenseCheck, AdverseReactionsRecord, OtcSell, OtcSupervise, Compounding,
         SchedulingRead, SchedulingBook, SchedulingManage, SchedulingOverbook, SchedulingWaitingList];

    /// <summary>Granted to everyone who holds any job role.</summary>
    public static readonly IReadOnlyList<string> EveryStaffMember = [RotaSelf];

    private static readonly string[] Booking = [SchedulingRead, SchedulingBook];

    public static readonly IReadOnlyDictionary<string, string[]> ByRole = new Dictionary<string, string[]>
    {
        [Roles.Administrator] = [StaffManage, AuditRead],
        [Roles.HealthRecordsClerk] = [PatientsRead, PatientsWrite, PatientsMerge, CaseNotesTrack, CaseNotesManage, AccessRequestsManage, PatientsExport, .. Booking],
        // A secretary arranges the consultant's clinics, so may squeeze a patient in (overbook) with a reason.
        [Roles.MedicalSecretary] = [PatientsRead, PatientsWrite, CaseNotesTrack, .. Booking, SchedulingOverbook, SchedulingWaitingList],
        [Roles.Receptionist] = [PatientsRead, PatientsWrite, CaseNotesTrack, .. Booking],
        [Roles.PracticeManager] = [PatientsRead, AccessRequestsManage, PatientsExport, RotaManage, .. Booking, SchedulingManage, SchedulingOverbook, SchedulingWaitingList],
        [Roles.ServiceManager] = [PatientsRead, AccessRequestsManage, PatientsExport, RotaManage, SchedulingRead, SchedulingManage],
        [Roles.Pharmacist] = [PatientsRead, FormularyRead, MedicinesScreen, StockRead, StockWrite, PrescriptionsRead, PrescriptionsCheck, Dispense, DispenseCheck, AdverseReactionsRecord,
            OtcSell, OtcSupervise, Compounding],
        // An accredited checking technician may do the final accuracy check of a pharmacist's dispensing, and vice versa.
        // A technician sells P medicines under a pharmacist's supervision but cannot authorise an exceptional sale.
        [Roles.PharmacyTechnician] = [PatientsRead, FormularyRead, StockRead, StockWrite, PrescriptionsRead, Dispense, DispenseCheck, OtcSell, Compounding],
        // Clinical authorisation by a (senior) biomedical scientist under the laboratory's authorisation protocol;
        // the two-person rule (validator != authoriser) is enforced by the handler and the database (ADR 0032).
        [Roles.BiomedicalScientist] = [PatientsRead, LabInterface, LabCatalogueRead, LabSpecimens, LabResults, LabAuthorise, LabReportsRead, LabOrder, LabOperations],
        [Roles.LabAssistant] = [PatientsRead, LabCatalogueRead, LabSpecimens, LabOperations],
        [Roles.ClinicalEngineer] = [],
        // Either may be the second person on a physics result (never the one who performed it).
        [Roles.ClinicalTechnologist] = [PatientsRead, PhysicsRead, PhysicsWrite, PhysicsCheck],
        // Commissioning data (what every MU check relies on) are the physicist's to import; a second person still checks them.
        [Roles.MedicalPhysicist] = [PatientsRead, PhysicsRead, PhysicsWrite, PhysicsCheck, PhysicsMachines],
        [Roles.Clinician] = [PatientsRead, PatientsWrite, FormularyRead, MedicinesScreen, LabCatalogueRead, LabOrder, LabReportsRead, PrescriptionsRead, PrescriptionsWrite, SchedulingRead, AdverseReactionsRecord],
        [Roles.CaldicottGuardian] = [PatientsRead, AuditRead, BreakGlassReview],
    };

    public static IEnumerable<string> ForRoles(IEnumerable<string> roles)
    {
        var known = roles.Where(ByRole.ContainsKey).ToList();
        return known.SelectMany(r => ByRole[r]).Concat(known.Count > 0 ? EveryStaffMember : []).Distinct(StringComparer.Ordinal);
    }

    /// <summary>OAuth scopes a system client may ask for, and the permissions each carries.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ByScope = new Dictionary<string, string[]>
    {
        ["system/Patient.read"] = [PatientsRead],
        ["system/Patient.write"] = [PatientsRead, PatientsWrite],
        ["system/Patient.sensitive"] = [PatientsSensitive],
        // A master patient index may propose a merge ($merge); only a person can confirm it.
        ["system/Patient.merge"] = [PatientsRead, PatientsMerge],
        // A whole-record export across modules (Patient/$everything with laboratory, pharmacy and appointments).
        ["system/Patient.export"] = [PatientsRead, PatientsExport],
        ["system/AuditEvent.read"] = [AuditRead],
        ["system/Hl7v2.write"] = [LabInterface],
        // An order-comms system (EPR) requesting tests and reading authorised reports back.
        ["system/ServiceRequest.write"] = [LabOrder, LabCatalogueRead],
        ["system/DiagnosticReport.read"] = [LabReportsRead],
        // A prescribing system calling the CDS Hooks screening service reads medication requests it sends.
        ["system/MedicationRequest.read"] = [MedicinesScreen, FormularyRead, PrescriptionsRead],
        // A prescribing system sending prescriptions to pharmacy.
        ["system/MedicationRequest.write"] = [FormularyRead, PrescriptionsRead, PrescriptionsWrite],
        ["system/Schedule.read"] = [SchedulingRead],
        ["system/Slot.read"] = [SchedulingRead],
        ["system/Appointment.read"] = [SchedulingRead, PatientsRead],
        ["system/Appointment.write"] = [SchedulingRead, SchedulingBook, PatientsRead],
    };
}
