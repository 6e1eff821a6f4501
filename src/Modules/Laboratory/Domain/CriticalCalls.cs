namespace Infirmary.Laboratory.Domain;

/// <summary>
/// A telephone call that passed on a critical result (LL/HH): who phoned, whom they spoke to, that the person read the
/// result back, and when. One call per result row (the database refuses a second); an amended critical result is a new
/// row and needs its own call. A call is logged only once the result has been read back correctly.
/// </summary>
public sealed class CriticalCall
{
    public const int MaxPhonedTo = 200;
    public const int MaxNote = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ResultId { get; init; }

    public Guid ReportId { get; init; }

    public Guid PatientId { get; init; }

    public required string PhonedById { get; init; }

    public required string PhonedBy { get; init; }

    /// <summary>Whom the result was given to, with their role and where ("Dr A Shah, FY2, Ward 7").</summary>
    public required string PhonedTo { get; init; }

    public bool ReadBackConfirmed { get; init; }

    public DateTime CalledAt { get; init; }

    public DateTime LoggedAt { get; init; }

    public string? Note { get; init; }
}
