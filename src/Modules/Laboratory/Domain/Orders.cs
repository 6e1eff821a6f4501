using System.Security.Cryptography;

namespace Infirmary.Laboratory.Domain;

public static class Priorities
{
    public const string Routine = "routine";
    public const string Urgent = "urgent";

    public static readonly string[] All = [Routine, Urgent];
}

/// <summary>A clinician's request for tests on one patient. Its specimens (one per container) carry the barcodes.</summary>
public sealed class LabOrder
{
    public const int MaxClinicalDetails = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Placer order number, shown on the request and sent to analysers with each specimen.</summary>
    public required string Number { get; init; }

    public Guid PatientId { get; init; }

    /// <summary>
    /// The patient's sex, date of birth and NHS number as the requester saw them when requesting: what reference
    /// ranges and the NHS-number check at filing use, so the interface never needs access to the patient record.
    /// </summary>
    public string? PatientSex { get; init; }

    public DateOnly? PatientBirthDate { get; init; }

    public string? PatientNhsNumber { get; init; }

    /// <summary>The signed-in user or system client that placed the request (whose "my requests" it is on).</summary>
    public required string RequestedById { get; init; }

    /// <summary>The requesting clinician, as named on the request.</summary>
    public required string RequestedByName { get; init; }

    public required string Location { get; init; }

    public required string Priority { get; init; }

    public string? ClinicalDetails { get; init; }

    public DateTime RequestedAt { get; init; }

    public List<OrderedTest> Tests { get; init; } = [];

    public List<Specimen> Specimens { get; init; } = [];
}

/// <summary>One test asked for on an order (through a panel or on its own), and the specimen it is done on.</summary>
public sealed class OrderedTest
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OrderId { get; init; }

    public required string TestCode { get; init; }

    /// <summary>The panel or test code the requester chose (FBC for HB).</summary>
    public required string OrderedAs { get; init; }

    public Guid SpecimenId { get; init; }

    /// <summary>Where the test came in the request (1-based), so it is always listed in the order asked.</summary>
    public int Position { get; init; }
}

public static class SpecimenStatus
{
    public const string AwaitingCollection = "awaiting-collection";
    public const string Collected = "collected";
    public const string Received = "received";
    public const string Rejected = "rejected";
}

public static class RejectionReasons
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["unlabelled"] = "Unlabelled",
        ["mislabelled"] = "Mislabelled (details do not match the request)",
        ["haemolysed"] = "Haemolysed",
        ["insufficient"] = "Insufficient volume",
        ["wrong-container"] = "Wrong container",
    };
}

/// <summary>
/// One tube or pot: a container for the tests that share it, identified by its accession number (printed as a
/// Code 128 barcode, unique in the database). Collected by someone at a time, then received or rejected at the bench.
/// </summary>
public sealed class Specimen
{
    public const int AccessionLength = 11;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OrderId { get; init; }

    public Guid PatientId { get; init; }

    public required string Accession { get; set; }

    public required string SpecimenType { get; init; }

    public required string Container { get; init; }

    public decimal VolumeMl { get; init; }

    public string Status { get; private set; } = SpecimenStatus.AwaitingCollection;

    public DateTime? CollectedAt { get; private set; }

    public string? CollectedBy { get; private set; }

    public DateTime? ReceivedAt { get; private set; }

    public string? ReceivedBy { get; private set; }

    public DateTime? RejectedAt { get; private set; }

    public string? RejectedBy { get; private set; }

    public string? RejectionReason { get; private set; }

    public string? RejectionNote { get; private set; }

    public int Version { get; set; }

    /// <summary>A new accession number: L, two digits of the year, eight random digits (11 characters, Code 128 set C friendly).</summary>
    public static string NewAccession(DateTime at) =>
        $"L{at.Year % 100:D2}{RandomNumberGenerator.GetInt32(0, 100_000_000):D8}";

    public SpecimenRefusal? Collect(DateTime at, string by, DateTime now, DateTime orderedAt)
    {
        if (Status != SpecimenStatus.AwaitingCollection)
        {
            return SpecimenRefusal.Conflict($"Specimen {Accession} is already {Describe(Status).ToLowerInvariant()}.");
        }

        if (at > now.AddMinutes(5))
        {
            return SpecimenRefusal.Invalid("The collection time cannot be in the future.");
        }

        if (at < orderedAt.AddMinutes(-5))
        {
            return SpecimenRefusal.Invalid("The collection time cannot be before the request was made.");
        }

        Status = SpecimenStatus.Collected;
        CollectedAt = at;
        CollectedBy = by;
        Version++;
        return null;
    }

    public SpecimenRefusal? Receive(DateTime at, string by)
    {
        if (Status != SpecimenStatus.Collected)
        {
            return SpecimenRefusal.Conflict(Status == SpecimenStatus.AwaitingCollection
                ? $"Specimen {Accession} has no collection recorded: record who collected it and when first."
                : $"Specimen {Accession} is already {Describe(Status).ToLowerInvariant()}.");
        }

        Status = SpecimenStatus.Received;
        ReceivedAt = at;
        ReceivedBy = by;
        Version++;
        return null;
    }

    /// <summary>A specimen can be rejected on arrival or after (haemolysis is often seen only once spun).</summary>
    public SpecimenRefusal? Reject(string reason, string? note, DateTime at, string by)
    {
        if (!RejectionReasons.All.ContainsKey(reason))
        {
            return SpecimenRefusal.Invalid($"Choose a rejection reason: {string.Join(", ", RejectionReasons.All.Keys)}.");
        }

        if (Status == SpecimenStatus.Rejected)
        {
            return SpecimenRefusal.Conflict($"Specimen {Accession} is already rejected.");
        }

        Status = SpecimenStatus.Rejected;
        RejectionReason = reason;
        RejectionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        RejectedAt = at;
        RejectedBy = by;
        Version++;
        return null;
    }

    public static string Describe(string status) => status switch
    {
        SpecimenStatus.AwaitingCollection => "Awaiting collection",
        SpecimenStatus.Collected => "Collected",
        SpecimenStatus.Received => "Received",
        SpecimenStatus.Rejected => "Rejected",
        _ => status,
    };
}

/// <summary>Why a specimen step was refused: bad input (Invalid) or the tube is in the wrong state (Conflict).</summary>
public sealed record SpecimenRefusal(string Message, bool IsConflict)
{
    public static SpecimenRefusal Invalid(string message) => new(message, false);

    public static SpecimenRefusal Conflict(string message) => new(message, true);
}
