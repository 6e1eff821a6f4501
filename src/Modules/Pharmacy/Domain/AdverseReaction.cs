namespace Infirmary.Pharmacy.Domain;

/// <summary>MHRA Yellow Card seriousness and outcome choices.</summary>
public static class ReactionOutcome
{
    public const string Recovered = "recovered";
    public const string Recovering = "recovering";
    public const string Continuing = "continuing";
    public const string RecoveredWithSequelae = "recovered-with-sequelae";
    public const string Fatal = "fatal";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Recovered, Recovering, Continuing, RecoveredWithSequelae, Fatal, Unknown];
}

/// <summary>
/// A suspected adverse drug reaction, with the fields of an MHRA Yellow Card report (patient, suspect medicine,
/// reaction, onset, seriousness, outcome, reporter). Each one adds its suspect substance to the patient's
/// allergy/intolerance list that prescriptions are screened against (ADR 0063).
/// </summary>
public sealed class AdverseReaction
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    /// <summary>The suspect medicine (formulary VMP).</summary>
    public Guid VmpId { get; set; }

    /// <summary>The substance recorded on the allergy list: the suspect medicine's first ingredient.</summary>
    public required string Substance { get; set; }

    public required string Reaction { get; set; }

    public DateOnly OnsetDate { get; set; }

    public bool Serious { get; set; }

    /// <summary>Why serious (Yellow Card criteria: death, life-threatening, hospitalisation, disability, congenital abnormality, medically significant).</summary>
    public string? SeriousReason { get; set; }

    public required string Outcome { get; set; }

    /// <summary>FHIR AllergyIntolerance.type: "allergy" (immune) or "intolerance".</summary>
    public required string Type { get; set; }

    public required string ReporterId { get; set; }

    public required string ReporterName { get; set; }

    public DateTime RecordedAt { get; set; }
}
