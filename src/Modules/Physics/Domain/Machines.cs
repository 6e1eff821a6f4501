namespace Infirmary.Physics.Domain;

/// <summary>A treatment machine (linac) as the department names it, with its beams.</summary>
public sealed class LinacMachine
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string Name { get; set; } = string.Empty;

    /// <summary>Make, model and anything else that identifies it, e.g. "Varian TrueBeam, serial 1234".</summary>
    public string Description { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public List<TreatmentBeam> Beams { get; set; } = [];
}

/// <summary>One beam of a machine: its nominal energy and modality. Its commissioning data are versioned <see cref="BeamDataSet"/>s.</summary>
public sealed class TreatmentBeam
{
    public const string Photon = "photon";

    public const string Electron = "electron";

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid MachineId { get; set; }

    public LinacMachine? Machine { get; set; }

    /// <summary>Nominal energy as the department writes it, e.g. "6 MV", "10 MV FFF", "9 MeV".</summary>
    public string Energy { get; set; } = string.Empty;

    /// <summary><see cref="Photon"/> or <see cref="Electron"/>.</summary>
    public string Modality { get; set; } = Photon;

    public string Label => Machine is null ? Energy : $"{Machine.Name} {Energy}";
}

/// <summary>
/// One imported version of a beam's commissioning data (ADR 0090): the CSV as it was imported, numbered per beam
/// (1, 2, ...), never edited; a new import makes a new version. A version is used by MU checks only once a second
/// physicist has checked it; an MU check records which version it used.
/// </summary>
public sealed class BeamDataSet : CheckedResult
{
    public Guid BeamId { get; set; }

    public TreatmentBeam? Beam { get; set; }

    /// <summary>The data version of this beam: 1 for the first import, then 2, 3, ...</summary>
    public int Number { get; set; }

    public string FileName { get; set; } = string.Empty;

    /// <summary>The CSV as imported (the stored tables are always re-read from it with <see cref="CommissioningCsv"/>).</summary>
    public string Csv { get; set; } = string.Empty;

    /// <summary>SHA-256 of the CSV text (UTF-8), hex, so a printed copy can be matched to what was used.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>What the file holds, e.g. "Sc 9, Sp 9, PDD 12×8, TMR 12×8, 2 wedges, 1 tray".</summary>
    public string Summary { get; set; } = string.Empty;

    /// <summary>The tables, read again from the stored CSV (which was valid when imported).</summary>
    public CommissioningData Data => CommissioningCsv.Parse(Csv).Data
        ?? throw new InvalidOperationException($"Stored beam data {Id} no longer parses.");
}
