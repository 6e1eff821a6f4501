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
    public const int MaxRack = 20;
    public const int MaxPosition = 10;

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

    /// <summary>The specimen this one was poured from (an aliquot), if any.</summary>
    public Guid? ParentSpecimenId { get; init; }

    /// <summary>When the requester saw (acknowledged) the rejection notice on "My requests".</summary>
    public DateTime? RejectionSeenAt { get; private set; }

    /// <summary>Where the tube is kept after testing: rack and position (both or neither; one tube per position).</summary>
    public string? StorageRack { get; private set; }

    public string? StoragePosition { get; private set; }

    public DateTime? StoredAt { get; private set; }

    public string? StoredBy { get; private set; }

    public DateTime? RetrievedAt { get; private set; }

    public string? RetrievedBy { get; private set; }

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

    /// <summary>The requester has seen that this specimen was rejected (the notice leaves their list).</summary>
    public void AcknowledgeRejection(DateTime at)
    {
        RejectionSeenAt ??= at;
        Version++;
    }

    /// <summary>Puts a received specimen in a rack position (the database keeps one tube per position).</summary>
    public SpecimenRefusal? Store(string rack, string position, DateTime at, string by)
    {
        if (Status != SpecimenStatus.Received)
        {
            return SpecimenRefusal.Conflict($"Specimen {Accession} is {Describe(Status).ToLowerInvariant()}: only a received specimen is stored.");
        }

        StorageRack = rack;
        StoragePosition = position;
        StoredAt = at;
        StoredBy = by;
        RetrievedAt = null;
        RetrievedBy = null;
        Version++;
        return null;
    }

    /// <summary>Takes a stored specimen out of its rack (for re-testing or disposal); the position becomes free.</summary>
    public SpecimenRefusal? Retrieve(DateTime at, string by)
    {
        if (StorageRack is null)
        {
            return SpecimenRefusal.Conflict($"Specimen {Accession} is not in storage.");
        }

        StorageRack = null;
        StoragePosition = null;
        RetrievedAt = at;
        RetrievedBy = by;
        Version++;
        return null;
    }

    /// <summary>
    /// A child specimen poured from this received one: its own accession number, the same request and patient, already
    /// received (it exists only in the laboratory), collected when the parent was.
    /// </summary>
    public Specimen Aliquot(string accession, decimal volumeMl, DateTime at, string by)
    {
        var child = new Specimen
        {
            Accession = accession, OrderId = OrderId, PatientId = PatientId, SpecimenType = SpecimenType, Container = "Aliquot tube",
            VolumeMl = volumeMl, ParentSpecimenId = Id,
        };
        child.Status = SpecimenStatus.Received;
        child.CollectedAt = CollectedAt;
        child.CollectedBy = CollectedBy;
        child.ReceivedAt = at;
        child.ReceivedBy = by;
        return child;
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
