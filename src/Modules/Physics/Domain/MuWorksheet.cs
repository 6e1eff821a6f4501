using System.Globalization;
using Infirmary.Dosimetry;

namespace Infirmary.Physics.Domain;

/// <summary>
/// An independent MU check of one photon beam of a patient's plan, with the beam's machine data given inline.
/// Tables are text: a one-column table is "field value" per line (e.g. "10 1.000"); a two-column table has the
/// field sizes on its first line and then one line per depth: "depth value value ...". Commas or spaces separate.
/// </summary>
public sealed record MuCheckInputs
{
    public Guid? PatientId { get; init; }

    public string? Machine { get; init; }

    public string? BeamEnergy { get; init; }

    /// <summary>"SSD" (PDD-based) or "SAD" (isocentric, TMR-based).</summary>
    public string? SetUp { get; init; }

    public double? ReferenceDoseRateCGyPerMu { get; init; }

    public double? ReferenceDepthCm { get; init; }

    public double? ReferenceSsdCm { get; init; }

    public double? SadCm { get; init; }

    public string? ScTable { get; init; }

    public string? SpTable { get; init; }

    /// <summary>PDD in percent (SSD set-up) or TMR (SAD set-up) against depth and equivalent square.</summary>
    public string? DepthTable { get; init; }

    public double? DoseCGy { get; init; }

    public double? FieldXCm { get; init; }

    public double? FieldYCm { get; init; }

    public double? DepthCm { get; init; }

    public double? SsdCm { get; init; }

    public double? PlanningSystemMu { get; init; }

    public double? WedgeFactor { get; init; }

    public double? TrayFactor { get; init; }

    public double? ActionLevelPercent { get; init; }

    /// <summary>Distance of the calculation point from the central axis (cm) at its depth; blank or 0 on the axis.</summary>
    public double? OffAxisCm { get; init; }

    /// <summary>Off-axis ratio against depth (rows) and off-axis distance (columns), laid out as the depth table; needed off the axis.</summary>
    public string? OffAxisTable { get; init; }

    /// <summary>
    /// A stored beam (ADR 0090): when given, the machine data (reference conditions, Sc, Sp, PDD/TMR, wedge and tray
    /// factors) come from the beam's newest checked data version instead of being typed in.
    /// </summary>
    public Guid? BeamId { get; init; }

    /// <summary>A wedge of the stored beam by name (its factor comes from the beam data); only with <see cref="BeamId"/>.</summary>
    public string? Wedge { get; init; }

    /// <summary>A tray of the stored beam by name; only with <see cref="BeamId"/>.</summary>
    public string? Tray { get; init; }

    /// <summary>True when any of the machine-data fields is filled in.</summary>
    public bool HasInlineMachineData => ReferenceDoseRateCGyPerMu is not null || ReferenceDepthCm is not null || ReferenceSsdCm is not null
        || SadCm is not null || !string.IsNullOrWhiteSpace(ScTable) || !string.IsNullOrWhiteSpace(SpTable) || !string.IsNullOrWhiteSpace(DepthTable)
        || !string.IsNullOrWhiteSpace(OffAxisTable);
}

public sealed record MuFigures(
    double Mu,
    double PercentDifference,
    bool WithinActionLevel,
    double CollimatorEquivalentSquareCm,
    double PhantomEquivalentSquareCm,
    double Sc,
    double Sp,
    double DepthFactor,
    double InverseSquareFactor,
    string EngineVersion,
    double OffAxisRatio = 1.0);

/// <summary>Checks an MU check's inputs and computes it with <see cref="MonitorUnits.Check"/> (TG-71).</summary>
public static class MuWorksheet
{
    public const double DefaultActionLevelPercent = 3.0;

    /// <summary>
    /// The inputs with a stored beam's machine data filled in from one of its data versions; refusals (a table the
    /// set-up needs is missing, an unknown wedge) are added against their fields.
    /// </summary>
    public static MuCheckInputs WithBeamData(MuCheckInputs input, TreatmentBeam beam, BeamDataSet set, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(beam);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(errors);
        void Error(string field, string message) => errors.TryAdd(field, [message]);
        var label = $"{beam.Label} data version {set.Number}";
        if (beam.Modality != TreatmentBeam.Photon)
        {
            Error("beamId", $"{beam.Label} is an electron beam; an independent MU check here is for photon beams");
            return input;
        }

        if (input.HasInlineMachineData)
        {
            Error("beamId", "Choose a stored beam or type in the beam's machine data, not both");
        }

        var data = set.Data;
        var setUp = (input.SetUp ?? string.Empty).Trim().ToUpperInvariant();
        var depth = setUp == "SAD" ? data.Tmr : data.Pdd;
        if (depth is null && setUp is "SSD" or "SAD")
        {
            Error("setUp", $"{label} has no {(setUp == "SAD" ? "TMR" : "PDD")} table, so it cannot check an {setUp} set-up");
        }

        double? Named(string? name, double? factor, IReadOnlyDictionary<string, double> table, string field, string kind)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return factor;
            }

            if (factor is not null)
            {
                Error(field, $"Give the {kind} by name or its factor, not both");
                return factor;
            }

            if (table.TryGetValue(name.Trim(), out var f))
            {
                return f;
            }

            Error(field, table.Count == 0
                ? $"{label} has no {kind} factors"
                : $"{label} has no {kind} '{name.Trim()}'; it has {string.Join(", ", table.Keys.Order(StringComparer.OrdinalIgnoreCase))}");
            return null;
        }

        return input with
        {
            Machine = beam.Machine?.Name ?? input.Machine, BeamEnergy = beam.Energy,
            ReferenceDoseRateCGyPerMu = data.ReferenceDoseRateCGyPerMu, ReferenceDepthCm = data.ReferenceDepthCm,
            ReferenceSsdCm = data.ReferenceSsdCm, SadCm = data.SadCm, ScTable = data.Sc.ToText(), SpTable = data.Sp.ToText(),
            DepthTable = depth?.ToText() ?? string.Empty, OffAxisTable = data.OffAxisRatio?.ToText(),
            WedgeFactor = Named(input.Wedge, input.WedgeFactor, data.Wedges, "wedge", "wedge"),
            TrayFactor = Named(input.Tray, input.TrayFactor, data.Trays, "tray", "tray"),
        };
    }

    public static (MuFigures? Figures, Dictionary<string, string[]> Errors) Calculate(MuCheckInputs input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        if (input.PatientId is null || input.PatientId == Guid.Empty)
        {
            Error("patientId", "Give the patient's id");
        }

        if (string.IsNullOrWhiteSpace(input.Machine) || input.Machine.Trim().Length > 100)
        {
            Error("machine", "Enter the machine (linac) name, up to 100 characters");
        }

        if (string.IsNullOrWhiteSpace(input.BeamEnergy) || input.BeamEnergy.Trim().Length > 30)
        {
            Error("beamEnergy", "Enter the beam energy, for example 6 MV");
        }

        SetUp? setUp = (input.SetUp ?? string.Empty).Trim().ToUpperInvariant() switch
        {
            "SSD" => Dosimetry.SetUp.Ssd,
            "SAD" => Dosimetry.SetUp.Sad,
            _ => null,
        };
        if (setUp is null)
        {
            Error("setUp", "The set-up must be SSD or SAD");
        }

        var rate = Positive(input.ReferenceDoseRateCGyPerMu, "referenceDoseRateCGyPerMu", "The reference dose rate", Error);
        var d0 = Positive(input.ReferenceDepthCm, "referenceDepthCm", "The reference depth", Error);
        var ssd0 = Positive(input.ReferenceSsdCm, "referenceSsdCm", "The reference SSD", Error);
        var sad = Positive(input.SadCm, "sadCm", "The SAD", Error);
        var sc = Table1D(input.ScTable, "scTable", Error);
        var sp = Table1D(input.SpTable, "spTable", Error);
        var depth = TableGrid(input.DepthTable, "depthTable", Error);
        var dose = Positive(input.DoseCGy, "doseCGy", "The dose", Error);
        var x = Positive(input.FieldXCm, "fieldXCm", "The field width X", Error);
        var y = Positive(input.FieldYCm, "fieldYCm", "The field length Y", Error);
        var d = Positive(input.DepthCm, "depthCm", "The depth", Error);
        var ssd = Positive(input.SsdCm, "ssdCm", "The SSD", Error);
        var tps = Positive(input.PlanningSystemMu, "planningSystemMu", "The planning system MU", Error);
        var wedge = input.WedgeFactor is null ? 1.0 : Positive(input.WedgeFactor, "wedgeFactor", "The wedge factor", Error);
        var tray = input.TrayFactor is null ? 1.0 : Positive(input.TrayFactor, "trayFactor", "The tray factor", Error);
        var action = input.ActionLevelPercent is null ? DefaultActionLevelPercent : Positive(input.ActionLevelPercent, "actionLevelPercent", "The action level", Error);
        var offAxis = input.OffAxisCm ?? 0.0;
        if (!double.IsFinite(offAxis) || offAxis < 0)
        {
            Error("offAxisCm", "The off-axis distance must be zero or more (cm from the central axis)");
        }

        // Off the axis the OAR table is required (TG-71 eqs. 1a/1b multiply by OAR(d, x)); on the axis it is optional and unused.
        Table2D? oarTable = null;
        if (!string.IsNullOrWhiteSpace(input.OffAxisTable))
        {
            oarTable = TableGrid(input.OffAxisTable, "offAxisTable", Error);
        }
        else if (offAxis > 0)
        {
            Error("offAxisTable", "A point off the central axis needs the beam's off-axis ratio table (by depth and off-axis distance)");
        }

        if (errors.Count > 0 || setUp is null || rate is null || d0 is null || ssd0 is null || sad is null || sc is null || sp is null
            || depth is null || dose is null || x is null || y is null || d is null || ssd is null || tps is null || wedge is null
            || tray is null || action is null)
        {
            return (null, errors);
        }

        // The engine's BeamData always carries a PDD table; an SAD check never reads it, so a placeholder stands in.
        var beam = new BeamData(rate.Value, d0.Value, ssd0.Value, sad.Value, sc, sp,
            setUp == Dosimetry.SetUp.Ssd ? depth : Table2D.OneDimensional("unused", [0.0, 1.0], [1.0, 1.0]),
            setUp == Dosimetry.SetUp.Sad ? depth : null, oarTable);
        try
        {
            var r = MonitorUnits.Check(beam, new MuCheckRequest(setUp.Value, dose.Value, x.Value, y.Value, d.Value, ssd.Value, tps.Value,
                offAxis, wedge.Value, tray.Value, action.Value));
            return (new MuFigures(r.Mu, r.PercentDifference, r.WithinActionLevel, r.CollimatorEquivalentSquareCm, r.PhantomEquivalentSquareCm,
                r.Sc, r.Sp, r.DepthFactor, r.InverseSquareFactor, Tg51Worksheet.EngineVersion, r.OffAxisRatio), errors);
        }
        catch (ArgumentException e)
        {
            // Table look-ups outside the measured data name their table, which is named after its field.
            var message = e.Message.Split(" (Parameter", 2)[0];
            var field = new[] { "scTable", "spTable", "depthTable", "offAxisTable" }.FirstOrDefault(t => message.StartsWith(t + ":", StringComparison.Ordinal)) ?? "fieldXCm";
            Error(field, $"{Label(field)} does not cover this beam: {message[(message.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()}");
            return (null, errors);
        }
    }

    private static string Label(string field) => field switch
    {
        "scTable" => "The Sc table",
        "spTable" => "The Sp table",
        "depthTable" => "The PDD/TMR table",
        "offAxisTable" => "The off-axis ratio table",
        _ => "The field size",
    };

    private static double? Positive(double? value, string field, string label, Action<string, string> error)
    {
        if (value is null)
        {
            error(field, $"Enter {char.ToLowerInvariant(label[0])}{label[1..]}");
            return null;
        }

        if (!double.IsFinite(value.Value) || value.Value <= 0)
        {
            error(field, $"{label} must be a number greater than zero");
            return null;
        }

        return value;
    }

    private static List<double[]>? Rows(string? text, string field, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error(field, $"Enter t{Label(field)[1..]}");
            return null;
        }

        var rows = new List<double[]>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var cells = line.Split([',', ' ', '\t', ';', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length == 0)
            {
                continue;
            }

            var row = new double[cells.Length];
            for (var i = 0; i < cells.Length; i++)
            {
                if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]) || !double.IsFinite(row[i]))
                {
                    error(field, $"{Label(field)}, line {lineNumber}: '{cells[i]}' is not a number");
                    return null;
                }
            }

            rows.Add(row);
        }

        return rows;
    }

    private static Table2D? Table1D(string? text, string field, Action<string, string> error)
    {
        var rows = Rows(text, field, error);
        if (rows is null)
        {
            return null;
        }

        if (rows.Count < 2 || rows.Any(r => r.Length != 2))
        {
            error(field, $"{Label(field)} needs at least two lines of 'field size, value'");
            return null;
        }

        return Build(field, error, () => Table2D.OneDimensional(field, [.. rows.Select(r => r[0])], [.. rows.Select(r => r[1])]));
    }

    private static Table2D? TableGrid(string? text, string field, Action<string, string> error)
    {
        var rows = Rows(text, field, error);
        if (rows is null)
        {
            return null;
        }

        if (rows.Count < 3 || rows[0].Length < 2 || rows.Skip(1).Any(r => r.Length != rows[0].Length + 1))
        {
            error(field, $"{Label(field)} needs a first line of {(field == "offAxisTable" ? "off-axis distances (cm)" : "field sizes")} and then at least two lines of 'depth' followed by one value per column");
            return null;
        }

        var values = new double[rows.Count - 1, rows[0].Length];
        for (var i = 1; i < rows.Count; i++)
        {
            for (var j = 0; j < rows[0].Length; j++)
            {
                values[i - 1, j] = rows[i][j + 1];
            }
        }

        return Build(field, error, () => new Table2D(field, [.. rows.Skip(1).Select(r => r[0])], rows[0], values));
    }

    private static Table2D? Build(string field, Action<string, string> error, Func<Table2D> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            error(field, $"{Label(field)} is not usable: {e.Message.Split(" (Parameter", 2)[0].Replace(field, "it", StringComparison.Ordinal)}");
            return null;
        }
    }
}
