using System.Globalization;
using System.Text;
using Infirmary.Dosimetry;

namespace Infirmary.Physics.Domain;

/// <summary>A one-column table: field size (equivalent square, cm) against a factor.</summary>
public sealed record FactorTable(IReadOnlyList<double> Fields, IReadOnlyList<double> Values)
{
    /// <summary>The MU check's text form: one "field value" line per row.</summary>
    public string ToText() => string.Join('\n', Fields.Select((f, i) => $"{Num(f)} {Num(Values[i])}"));

    internal static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A grid: depth (cm, rows) against a column axis (field size or off-axis distance, cm).</summary>
public sealed record GridTable(IReadOnlyList<double> Depths, IReadOnlyList<double> Columns, double[,] Values)
{
    /// <summary>The MU check's text form: the column axis on the first line, then "depth value value ..." per row.</summary>
    public string ToText()
    {
        var sb = new StringBuilder(string.Join(' ', Columns.Select(FactorTable.Num)));
        for (var i = 0; i < Depths.Count; i++)
        {
            sb.Append('\n').Append(FactorTable.Num(Depths[i]));
            for (var j = 0; j < Columns.Count; j++)
            {
                sb.Append(' ').Append(FactorTable.Num(Values[i, j]));
            }
        }

        return sb.ToString();
    }

    public Table2D ToTable(string name) => new(name, Depths, Columns, Values);
}

/// <summary>One beam's commissioning data, as read from the CSV layout of ADR 0090.</summary>
public sealed record CommissioningData(
    double ReferenceDoseRateCGyPerMu,
    double ReferenceDepthCm,
    double ReferenceSsdCm,
    double SadCm,
    FactorTable Sc,
    FactorTable Sp,
    GridTable? Pdd,
    GridTable? Tmr,
    GridTable? OffAxisRatio,
    IReadOnlyDictionary<string, double> Wedges,
    IReadOnlyDictionary<string, double> Trays)
{
    public string Summary
    {
        get
        {
            var parts = new List<string> { $"Sc {Sc.Fields.Count}", $"Sp {Sp.Fields.Count}" };
            if (Pdd is { } p)
            {
                parts.Add($"PDD {p.Depths.Count}×{p.Columns.Count}");
            }

            if (Tmr is { } t)
            {
                parts.Add($"TMR {t.Depths.Count}×{t.Columns.Count}");
            }

            if (OffAxisRatio is { } o)
            {
                parts.Add($"OAR {o.Depths.Count}×{o.Columns.Count}");
            }

            parts.Add(Wedges.Count == 1 ? "1 wedge" : $"{Wedges.Count} wedges");
            parts.Add(Trays.Count == 1 ? "1 tray" : $"{Trays.Count} trays");
            return string.Join(", ", parts);
        }
    }
}

/// <summary>A refusal of an imported file, naming where: line and column are 1-based; 0 means the file as a whole.</summary>
public sealed record CsvError(int Line, int Column, string Message)
{
    public override string ToString() => Line == 0 ? Message : $"Line {Line}, column {Column}: {Message}";
}

/// <summary>
/// Reads a beam's commissioning data from the CSV layout of ADR 0090. Every row starts with its record type:
/// <c>reference,&lt;key&gt;,&lt;value&gt;</c> (keys dose_rate_cgy_per_mu, depth_cm, ssd_cm, sad_cm);
/// <c>sc,&lt;field cm&gt;,&lt;Sc&gt;</c> and <c>sp,&lt;field cm&gt;,&lt;Sp&gt;</c>;
/// <c>pdd</c>, <c>tmr</c> and <c>oar</c> tables, each a header row <c>pdd,depth_cm,&lt;field&gt;,&lt;field&gt;...</c>
/// (for oar, off-axis distances in cm) then one row per depth <c>pdd,&lt;depth&gt;,&lt;value&gt;...</c>;
/// <c>wedge,&lt;name&gt;,&lt;factor&gt;</c> and <c>tray,&lt;name&gt;,&lt;factor&gt;</c>. Blank lines and lines starting with # are
/// skipped; the decimal point is a full stop. A file with any error is refused as a whole.
/// </summary>
public static class CommissioningCsv
{
    public const int MaxBytes = 1024 * 1024;

    public const int MaxErrors = 20;

    private static readonly string[] ReferenceKeys = ["dose_rate_cgy_per_mu", "depth_cm", "ssd_cm", "sad_cm"];

    /// <summary>An example file, as offered on the import page and in ADR 0090.</summary>
    public const string Example = """
        # 6 MV, Linac 3, commissioned 2026
        reference,dose_rate_cgy_per_mu,1.000
        reference,depth_cm,1.5
        reference,ssd_cm,100
        reference,sad_cm,100
        sc,4,0.950
        sc,10,1.000
        sc,20,1.030
        sc,30,1.045
        sp,4,0.970
        sp,10,1.000
        sp,20,1.020
        sp,30,1.030
        pdd,depth_cm,4,10,20,30
        pdd,1.5,100,100,100,100
        pdd,5,84.0,86.5,88.0,88.5
        pdd,10,60.0,66.8,70.5,72.0
        pdd,15,43.0,50.0,54.5,56.5
        tmr,depth_cm,4,10,20,30
        tmr,1.5,1.000,1.000,1.000,1.000
        tmr,5,0.905,0.925,0.936,0.940
        tmr,10,0.700,0.760,0.790,0.800
        tmr,15,0.540,0.610,0.650,0.665
        oar,depth_cm,0,5,10
        oar,1.5,1.000,1.010,1.020
        oar,10,1.000,1.005,1.015
        wedge,EDW60,0.720
        tray,Block tray,0.970
        """;

    public static (CommissioningData? Data, IReadOnlyList<CsvError> Errors) Parse(string? text)
    {
        var errors = new List<CsvError>();
        void Error(int line, int column, string message)
        {
            if (errors.Count < MaxErrors)
            {
                errors.Add(new CsvError(line, column, message));
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, [new CsvError(0, 0, "The file is empty")]);
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            return (null, [new CsvError(0, 0, $"The file is larger than {MaxBytes / 1024} KB; a beam's commissioning data fit in far less")]);
        }

        var reference = new Dictionary<string, double>(StringComparer.Ordinal);
        var sc = new List<(double Field, double Value, int Line)>();
        var sp = new List<(double Field, double Value, int Line)>();
        var grids = new Dictionary<string, GridBuilder>(StringComparer.Ordinal);
        var wedges = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var trays = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.Contains('"', StringComparison.Ordinal))
            {
                Error(lineNumber, CellAt(line, line.IndexOf('"', StringComparison.Ordinal) + 1), "quoted cells are not part of the layout; names must not contain commas or quotes");
                continue;
            }

            var cells = line.Split(',').Select(c => c.Trim()).ToArray();
            var kind = cells[0].ToLowerInvariant();
            switch (kind)
            {
                case "reference":
                    if (!Count(cells, 3, lineNumber, "reference,<key>,<value>", Error))
                    {
                        break;
                    }

                    var key = cells[1].ToLowerInvariant();
                    if (!ReferenceKeys.Contains(key))
                    {
                        Error(lineNumber, 2, $"'{cells[1]}' is not a reference key; use one of {string.Join(", ", ReferenceKeys)}");
                    }
                    else if (reference.ContainsKey(key))
                    {
                        Error(lineNumber, 2, $"{key} is given twice");
                    }
                    else if (Number(cells, 2, lineNumber, Error) is { } v)
                    {
                        if (v <= 0)
                        {
                            Error(lineNumber, 3, $"{key} must be greater than zero");
                        }
                        else
                        {
                            reference[key] = v;
                        }
                    }

                    break;
                case "sc" or "sp":
                    if (!Count(cells, 3, lineNumber, $"{kind},<field cm>,<factor>", Error))
                    {
                        break;
                    }

                    var rows = kind == "sc" ? sc : sp;
                    if (Number(cells, 1, lineNumber, Error) is { } field && Number(cells, 2, lineNumber, Error) is { } factor)
                    {
                        if (field <= 0 || field > 100)
                        {
                            Error(lineNumber, 2, $"the field size must be between 0 and 100 cm, not {cells[1]}");
                        }
                        else if (rows.Count > 0 && field <= rows[^1].Field)
                        {
                            Error(lineNumber, 2, $"field sizes of {kind} must increase; {cells[1]} follows {FactorTable.Num(rows[^1].Field)} (line {rows[^1].Line})");
                        }
                        else if (factor <= 0 || factor > 2)
                        {
                            Error(lineNumber, 3, $"{kind} must be between 0 and 2, not {cells[2]}");
                        }
                        else
                        {
                            rows.Add((field, factor, lineNumber));
                        }
                    }

                    break;
                case "pdd" or "tmr" or "oar":
                    if (!grids.TryGetValue(kind, out var grid))
                    {
                        grids[kind] = grid = new GridBuilder(kind);
                    }

                    grid.Add(cells, lineNumber, Error);
                    break;
                case "wedge" or "tray":
                    if (!Count(cells, 3, lineNumber, $"{kind},<name>,<factor>", Error))
                    {
                        break;
                    }

                    var named = kind == "wedge" ? wedges : trays;
                    if (cells[1].Length is 0 or > 40)
                    {
                        Error(lineNumber, 2, $"the {kind} needs a name of 1 to 40 characters");
                    }
                    else if (named.ContainsKey(cells[1]))
                    {
                        Error(lineNumber, 2, $"{kind} '{cells[1]}' is given twice");
                    }
                    else if (Number(cells, 2, lineNumber, Error) is { } f)
                    {
                        if (f <= 0 || f > 1)
                        {
                            Error(lineNumber, 3, $"a {kind} factor must be greater than 0 and at most 1, not {cells[2]}");
                        }
                        else
                        {
                            named[cells[1]] = f;
                        }
                    }

                    break;
                default:
                    Error(lineNumber, 1, $"'{cells[0]}' is not a record type; use reference, sc, sp, pdd, tmr, oar, wedge or tray");
                    break;
            }
        }

        foreach (var key in ReferenceKeys.Where(k => !reference.ContainsKey(k)))
        {
            Error(0, 0, $"The file has no 'reference,{key},<value>' row");
        }

        if (sc.Count < 2)
        {
            Error(0, 0, "The file needs at least two sc rows");
        }

        if (sp.Count < 2)
        {
            Error(0, 0, "The file needs at least two sp rows");
        }

        if (!grids.ContainsKey("pdd") && !grids.ContainsKey("tmr"))
        {
            Error(0, 0, "The file needs a pdd or a tmr table (or both)");
        }

        var tables = grids.ToDictionary(g => g.Key, g => g.Value.Build(Error));
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new CommissioningData(reference["dose_rate_cgy_per_mu"], reference["depth_cm"], reference["ssd_cm"], reference["sad_cm"],
            new FactorTable([.. sc.Select(r => r.Field)], [.. sc.Select(r => r.Value)]),
            new FactorTable([.. sp.Select(r => r.Field)], [.. sp.Select(r => r.Value)]),
            tables.GetValueOrDefault("pdd"), tables.GetValueOrDefault("tmr"), tables.GetValueOrDefault("oar"), wedges, trays), errors);
    }

    private static int CellAt(string line, int position) => line[..Math.Max(0, position - 1)].Count(ch => ch == ',') + 1;

    private static bool Count(string[] cells, int expected, int line, string layout, Action<int, int, string> error)
    {
        if (cells.Length == expected)
        {
            return true;
        }

        // The first missing cell, or the first one too many.
        error(line, cells.Length < expected ? cells.Length + 1 : expected + 1,
            $"expected {expected} cells ({layout}), found {cells.Length}");
        return false;
    }

    private static double? Number(string[] cells, int index, int line, Action<int, int, string> error)
    {
        if (double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            return v;
        }

        error(line, index + 1, cells[index].Length == 0 ? "the cell is empty; a number is needed" : $"'{cells[index]}' is not a number");
        return null;
    }

    /// <summary>Collects one grid table: its header row, then one row per depth.</summary>
    private sealed class GridBuilder(string kind)
    {
        private readonly List<double> depths = [];
        private readonly List<double[]> rows = [];
        private double[]? columns;
        private int headerLine;
        private bool broken;

        private (double Min, double Max, string Unit) ValueRange => kind switch
        {
            "pdd" => (0, 100.5, "%"),
            "tmr" => (0, 1.2, ""),
            _ => (0, 1.5, ""),
        };

        public void Add(string[] cells, int line, Action<int, int, string> error)
        {
            if (cells.Length < 4)
            {
                error(line, cells.Length + 1, $"a {kind} row needs a depth and at least two values ({kind},<depth cm>,<value>,<value>...)");
                broken = true;
                return;
            }

            if (cells[1].Equals("depth_cm", StringComparison.OrdinalIgnoreCase))
            {
                if (columns is not null)
                {
                    error(line, 2, $"the {kind} table already has its header row (line {headerLine})");
                    broken = true;
                    return;
                }

                headerLine = line;
                var axis = new double[cells.Length - 2];
                for (var i = 2; i < cells.Length; i++)
                {
                    if (Number(cells, i, line, error) is not { } v)
                    {
                        broken = true;
                        return;
                    }

                    var min = kind == "oar" ? 0.0 : double.Epsilon;
                    if (v < min || v > 100)
                    {
                        error(line, i + 1, kind == "oar" ? "off-axis distances must be between 0 and 100 cm" : "field sizes must be between 0 and 100 cm");
                        broken = true;
                        return;
                    }

                    if (i > 2 && v <= axis[i - 3])
                    {
                        error(line, i + 1, $"the {kind} header must increase from left to right; {cells[i]} follows {cells[i - 1]}");
                        broken = true;
                        return;
                    }

                    axis[i - 2] = v;
                }

                columns = axis;
                return;
            }

            if (columns is null)
            {
                error(line, 2, $"the {kind} table must start with its header row: {kind},depth_cm,<column>,<column>...");
                broken = true;
                return;
            }

            if (cells.Length != columns.Length + 2)
            {
                error(line, cells.Length < columns.Length + 2 ? cells.Length + 1 : columns.Length + 3,
                    $"the {kind} header (line {headerLine}) has {columns.Length} columns, this row has {cells.Length - 2} values");
                broken = true;
                return;
            }

            if (Number(cells, 1, line, error) is not { } depth)
            {
                broken = true;
                return;
            }

            if (depth < 0 || depth > 50)
            {
                error(line, 2, "the depth must be between 0 and 50 cm");
                broken = true;
                return;
            }

            if (depths.Count > 0 && depth <= depths[^1])
            {
                error(line, 2, $"depths of the {kind} table must increase; {cells[1]} follows {FactorTable.Num(depths[^1])}");
                broken = true;
                return;
            }

            var row = new double[columns.Length];
            var (lo, hi, unit) = ValueRange;
            for (var i = 2; i < cells.Length; i++)
            {
                if (Number(cells, i, line, error) is not { } v)
                {
                    broken = true;
                    return;
                }

                if (v <= lo || v > hi)
                {
                    error(line, i + 1, $"{kind} values must be greater than {FactorTable.Num(lo)} and at most {FactorTable.Num(hi)}{unit}, not {cells[i]}");
                    broken = true;
                    return;
                }

                row[i - 2] = v;
            }

            depths.Add(depth);
            rows.Add(row);
        }

        public GridTable? Build(Action<int, int, string> error)
        {
            if (broken)
            {
                return null;
            }

            if (columns is null || rows.Count < 2)
            {
                error(0, 0, $"The {kind} table needs a header row and at least two depth rows");
                return null;
            }

            var values = new double[rows.Count, columns.Length];
            for (var i = 0; i < rows.Count; i++)
            {
                for (var j = 0; j < columns.Length; j++)
                {
                    values[i, j] = rows[i][j];
                }
            }

            return new GridTable(depths, columns, values);
        }
    }
}
