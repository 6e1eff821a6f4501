namespace Infirmary.Laboratory.Domain;

public static class ReportStatus
{
    /// <summary>Results filed; a biomedical scientist has not yet validated them.</summary>
    public const string AwaitingValidation = "awaiting-validation";

    /// <summary>Technically validated; awaiting clinical authorisation by a different person.</summary>
    public const string Validated = "validated";

    /// <summary>Authorised: released to the requester (the only status visible outside the laboratory).</summary>
    public const string Authorised = "authorised";

    public static string Describe(string status) => status switch
    {
        AwaitingValidation => "Awaiting technical validation",
        Validated => "Validated, awaiting authorisation",
        Authorised => "Authorised",
        _ => status,
    };
}

/// <summary>
/// The report on one specimen: its results, technically validated by one biomedical scientist and clinically
/// authorised by another (the database refuses the same person doing both). A new or amended result sends it back to
/// awaiting validation; only an authorised report leaves the laboratory.
/// </summary>
public sealed class LabReport
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid SpecimenId { get; init; }

    public Guid OrderId { get; init; }

    public Guid PatientId { get; init; }

    public string Status { get; private set; } = ReportStatus.AwaitingValidation;

    public DateTime FirstFiledAt { get; init; }

    public DateTime LastFiledAt { get; set; }

    public string? ValidatedById { get; private set; }

    public string? ValidatedBy { get; private set; }

    public DateTime? ValidatedAt { get; private set; }

    public string? AuthorisedById { get; private set; }

    public string? AuthorisedBy { get; private set; }

    public DateTime? AuthorisedAt { get; private set; }

    /// <summary>True once a result on it has been amended (FHIR status <c>amended</c> when authorised again).</summary>
    public bool Amended { get; private set; }

    public int Version { get; set; }

    public List<LabResult> Results { get; init; } = [];

    /// <summary>New results (or corrections) arrived: the report must be validated and authorised again.</summary>
    public void Reopen(DateTime at, bool amended)
    {
        Status = ReportStatus.AwaitingValidation;
        ValidatedById = ValidatedBy = AuthorisedById = AuthorisedBy = null;
        ValidatedAt = AuthorisedAt = null;
        LastFiledAt = at;
        Amended |= amended;
        Version++;
    }

    public string? Validate(string byId, string byName, DateTime at)
    {
        if (Status != ReportStatus.AwaitingValidation)
        {
            return $"This report is {ReportStatus.Describe(Status).ToLowerInvariant()}; it is not waiting for validation.";
        }

        Status = ReportStatus.Validated;
        ValidatedById = byId;
        ValidatedBy = byName;
        ValidatedAt = at;
        Version++;
        return null;
    }

    /// <summary>Clinical authorisation: never by the person who validated the report (two-person rule).</summary>
    public string? Authorise(string byId, string byName, DateTime at)
    {
        if (Status != ReportStatus.Validated)
        {
            return Status == ReportStatus.Authorised ? "This report is already authorised." : "This report must be technically validated before it is authorised.";
        }

        if (string.Equals(byId, ValidatedById, StringComparison.Ordinal))
        {
            return "You validated this report: a different person must authorise it.";
        }

        Status = ReportStatus.Authorised;
        AuthorisedById = byId;
        AuthorisedBy = byName;
        AuthorisedAt = at;
        Version++;
        return null;
    }
}

/// <summary>
/// One result (one OBX) filed on a report. A result is never changed in place: a correction or amendment adds a new
/// row and marks the old one superseded (kept, and shown, with who replaced it and why).
/// </summary>
public sealed class LabResult
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ReportId { get; init; }

    public Guid PatientId { get; init; }

    /// <summary>The catalogue test this result is for; null when the analyser's code is not in the catalogue.</summary>
    public string? TestCode { get; init; }

    /// <summary>OBX-3 as sent (identifier^text^system).</summary>
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required string Value { get; init; }

    public decimal? NumericValue { get; init; }

    public string? Units { get; init; }

    /// <summary>The range the flag was computed from ("130–180"), or the analyser's OBX-7 when none applied.</summary>
    public string? ReferenceRange { get; init; }

    /// <summary>Computed from the catalogue (N, L, H, LL, HH); null when no range or limits applied.</summary>
    public string? Flag { get; init; }

    /// <summary>OBX-8 as sent by the analyser, kept for comparison.</summary>
    public string? AnalyserFlag { get; init; }

    /// <summary>Why no flag was computed (units differ from the catalogue's, not in the catalogue), if so.</summary>
    public string? Note { get; init; }

    public decimal? PreviousValue { get; init; }

    public DateTime? PreviousAt { get; init; }

    public DateTime? ObservedAt { get; init; }

    public DateTime FiledAt { get; init; }

    /// <summary>The stored inbound message it came from (null for a manual amendment).</summary>
    public Guid? InboundMessageId { get; init; }

    public bool Superseded { get; private set; }

    public Guid? SupersededById { get; private set; }

    public string? SupersededBy { get; private set; }

    public DateTime? SupersededAt { get; private set; }

    public string? AmendmentReason { get; private set; }

    public decimal? Delta => NumericValue is { } v && PreviousValue is { } p ? v - p : null;

    public void Supersede(Guid replacement, string by, DateTime at, string reason)
    {
        Superseded = true;
        SupersededById = replacement;
        SupersededBy = by;
        SupersededAt = at;
        AmendmentReason = reason;
    }
}

/// <summary>A result group (OBR) that could not be matched exactly to one received specimen: never filed on a guess.</summary>
public sealed class UnmatchedResult
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid InboundMessageId { get; init; }

    public DateTime ReceivedAt { get; init; }

    public required string PlacerNumber { get; init; }

    public required string FillerNumber { get; init; }

    /// <summary>The patient as the message names them (PID-3 and PID-5), for the scientist to investigate.</summary>
    public required string PatientText { get; init; }

    public required string Service { get; init; }

    public int ObservationCount { get; init; }

    public required string Reason { get; init; }
}
