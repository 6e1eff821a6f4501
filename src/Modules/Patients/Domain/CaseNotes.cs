using System.ComponentModel.DataAnnotations;

namespace Infirmary.Patients.Domain;

public enum CaseNoteLocationKind
{
    Library = 0,
    Clinic = 1,
    Ward = 2,
    SecretaryOffice = 3,
    OffSiteStore = 4,
}

/// <summary>Somewhere a paper case-note volume can be: the library, a clinic, a ward, a secretary's office, the off-site store.</summary>
public sealed class CaseNoteLocation
{
    public int Id { get; set; }

    /// <summary>Short code printed on shelves and typed at the scan box, e.g. LIB, CLIN-A.</summary>
    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public CaseNoteLocationKind Kind { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>The library and the off-site store are where volumes live; anywhere else, a volume is "out".</summary>
    public bool IsHome => Kind is CaseNoteLocationKind.Library or CaseNoteLocationKind.OffSiteStore;

    public static string KindName(CaseNoteLocationKind kind) => kind switch
    {
        CaseNoteLocationKind.Library => "Library",
        CaseNoteLocationKind.Clinic => "Clinic",
        CaseNoteLocationKind.Ward => "Ward",
        CaseNoteLocationKind.SecretaryOffice => "Secretary's office",
        CaseNoteLocationKind.OffSiteStore => "Off-site store",
        _ => kind.ToString(),
    };

    /// <summary>The seeded list; a trust edits names and adds its own through the database.</summary>
    public static readonly CaseNoteLocation[] Seed =
    [
        new() { Id = 1, Code = "LIB", Name = "Health records library", Kind = CaseNoteLocationKind.Library },
        new() { Id = 2, Code = "OFFSITE", Name = "Off-site records store", Kind = CaseNoteLocationKind.OffSiteStore },
        new() { Id = 3, Code = "CLIN-OPD-A", Name = "Outpatients clinic A", Kind = CaseNoteLocationKind.Clinic },
        new() { Id = 4, Code = "CLIN-CARD", Name = "Cardiology clinic", Kind = CaseNoteLocationKind.Clinic },
        new() { Id = 5, Code = "CLIN-ORTH", Name = "Fracture and orthopaedic clinic", Kind = CaseNoteLocationKind.Clinic },
        new() { Id = 6, Code = "WARD-7", Name = "Ward 7 (general medicine)", Kind = CaseNoteLocationKind.Ward },
        new() { Id = 7, Code = "WARD-12", Name = "Ward 12 (surgery)", Kind = CaseNoteLocationKind.Ward },
        new() { Id = 8, Code = "SEC-CARD", Name = "Cardiology secretaries' office", Kind = CaseNoteLocationKind.SecretaryOffice },
        new() { Id = 9, Code = "SEC-ORTH", Name = "Orthopaedic secretaries' office", Kind = CaseNoteLocationKind.SecretaryOffice },
    ];

    public const int LibraryId = 1;
}

/// <summary>
/// One physical folder of a patient's paper record. Its barcode is printed on the label once and never changes, even
/// when a merge carries the volume to another patient (it then still reads the old record's number).
/// </summary>
public sealed class CaseNoteVolume
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid PatientId { get; set; }

    /// <summary>1, 2, 3 … in the order the volumes were opened for the record they were opened for.</summary>
    public int VolumeNumber { get; set; }

    public string Barcode { get; set; } = string.Empty;

    public int LocationId { get; set; }

    /// <summary>The person who has it (a named secretary, the clinic nurse), when it is with someone rather than on a shelf.</summary>
    public string? Holder { get; set; }

    /// <summary>When it arrived where it is now: the overdue-return worklist counts from here.</summary>
    public DateTime LocationSince { get; set; }

    /// <summary>Flagged as missing: not where it was recorded and not found. Cleared by the next scan.</summary>
    public bool Missing { get; set; }

    public DateTime? MissingSince { get; set; }

    public string? MissingNote { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public int Version { get; set; } = 1;

    /// <summary>CN + the NHS number (or the record's id when there is none) + V + the volume number, e.g. CN9434765919V01.</summary>
    public static string BarcodeFor(Patient p, int volume) =>
        "CN" + (p.NhsNumber ?? "X" + p.Id.ToString("N")[..9].ToUpperInvariant()) + "V" + volume.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One movement of a volume, by scan or by click: an append-only history.</summary>
public sealed class CaseNoteMovement
{
    public long Id { get; set; }

    public Guid VolumeId { get; set; }

    public int? FromLocationId { get; set; }

    public int ToLocationId { get; set; }

    public string? Holder { get; set; }

    public DateTime MovedAt { get; set; }

    public string MovedById { get; set; } = string.Empty;

    public string MovedByName { get; set; } = string.Empty;

    /// <summary>"scan", "click", "created", or "missing" (flagged, not moved).</summary>
    public string Method { get; set; } = "click";

    public string? Note { get; set; }
}

public sealed class CaseNoteOptions
{
    public const string Section = "Infirmary:CaseNotes";

    /// <summary>A volume away from the library or off-site store for longer than this is on the overdue-return worklist.</summary>
    [Range(1, 365)]
    public int OverdueAfterDays { get; set; } = 14;
}
