using System.Security.Cryptography;
using Infirmary.Dosimetry;
using Infirmary.Patients;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Platform.Ui;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Physics.Features;

/// <summary>The criteria and plan of a gamma QA upload; the two grids come as files beside it.</summary>
public sealed record GammaInputs
{
    public Guid? PatientId { get; init; }

    public string? Plan { get; init; }

    public double? DosePercent { get; init; }

    public double? DistanceMm { get; init; }

    public bool? Local { get; init; }

    public double? CutoffPercent { get; init; }

    /// <summary>The pass rate the plan must reach (default 95 %, TG-218's universal tolerance limit).</summary>
    public double? TolerancePassRatePercent { get; init; }
}

/// <summary>An uploaded dose grid: its file name and bytes (the CLI's dose-grid JSON).</summary>
public sealed record UploadedGrid(string? FileName, ReadOnlyMemory<byte> Bytes);

public sealed record RecordGammaResult(GammaAnalysis? Analysis, IDictionary<string, string[]> Errors);

/// <summary>
/// Patient-specific gamma QA (ADR 0091): reads the reference and evaluated grids, runs the engine's gamma, stores the
/// pass rate, criteria and an SVG map against the patient's plan; final once a second physicist checks it.
/// </summary>
public sealed class GammaQa(InfirmaryDbContext db, AuditTrail audit, ActorAccessor actors, IPatientDirectory patients, TimeProvider clock)
{
    /// <summary>Largest grid file accepted (a 128³ grid is some 20 MB of JSON).</summary>
    public const int MaxGridBytes = 24 * 1024 * 1024;

    /// <summary>Largest request (two grids and the form) the upload endpoint and page accept.</summary>
    public const long MaxRequestBytes = (2L * MaxGridBytes) + (64 * 1024);

    /// <summary>Largest number of points in a grid (keeps one comparison to seconds on the server).</summary>
    public const int MaxGridPoints = 128 * 128 * 128;

    public async Task<RecordGammaResult> HandleAsync(GammaInputs inputs, UploadedGrid? reference, UploadedGrid? evaluated, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        if (inputs.PatientId is not { } patientId || patientId == Guid.Empty)
        {
            Error("patientId", "Give the patient's id");
        }
        else if (await patients.GetBannerAsync(patientId, ct) is null)
        {
            Error("patientId", "There is no patient with this id");
        }

        var plan = inputs.Plan?.Trim() ?? string.Empty;
        if (plan.Length is 0 or > 100)
        {
            Error("plan", "Enter the plan's name as the planning system shows it, up to 100 characters");
        }

        var dose = Range(inputs.DosePercent ?? 3.0, "dosePercent", "The dose-difference criterion", 0.1, 10, "%", Error);
        var dta = Range(inputs.DistanceMm ?? 2.0, "distanceMm", "The distance-to-agreement criterion", 0.1, 10, "mm", Error);
        var cutoff = Range(inputs.CutoffPercent ?? 10.0, "cutoffPercent", "The low-dose cut-off", 0, 90, "%", Error);
        var tolerance = Range(inputs.TolerancePassRatePercent ?? GammaAnalysis.DefaultTolerancePassRate, "tolerancePassRatePercent",
            "The pass-rate tolerance", 50, 100, "%", Error);

        var referenceGrid = Grid(reference, "reference", "reference dose grid", Error);
        var evaluatedGrid = Grid(evaluated, "evaluated", "evaluated dose grid", Error);
        if (referenceGrid is { } r && evaluatedGrid is { } e && r.Dimensions != e.Dimensions)
        {
            Error("evaluated", $"The evaluated grid has {e.Dimensions} dimensions and the reference {r.Dimensions}; they must match");
        }

        if (errors.Count > 0 || referenceGrid is null || evaluatedGrid is null || dose is null || dta is null || cutoff is null || tolerance is null)
        {
            return new RecordGammaResult(null, errors);
        }

        GammaResult result;
        try
        {
            result = GammaIndex.Compute(referenceGrid, evaluatedGrid, new GammaOptions(dose.Value, dta.Value, inputs.Local ?? false, cutoff.Value));
        }
        catch (ArgumentException ex)
        {
            Error("evaluated", $"The grids cannot be compared: {ex.Message.Split(" (Parameter", 2)[0]}");
            return new RecordGammaResult(null, errors);
        }

        if (result.EvaluatedPoints == 0)
        {
            Error("reference", "No point of the reference grid is above the cut-off, so nothing was compared");
            return new RecordGammaResult(null, errors);
        }

        var (svg, slice) = SvgPictures.GammaMap(referenceGrid, result);
        var actor = actors.Current;
        var analysis = new GammaAnalysis
        {
            PatientId = inputs.PatientId!.Value, Plan = plan,
            ReferenceName = Name(reference!.FileName, "reference.json"), EvaluatedName = Name(evaluated!.FileName, "evaluated.json"),
            ReferenceSha256 = Convert.ToHexStringLower(SHA256.HashData(reference.Bytes.Span)),
            EvaluatedSha256 = Convert.ToHexStringLower(SHA256.HashData(evaluated.Bytes.Span)),
            Shape = string.Join(" × ", result.Shape), DosePercent = dose.Value, DistanceMm = dta.Value, Local = inputs.Local ?? false,
            CutoffPercent = cutoff.Value, TolerancePassRatePercent = tolerance.Value, PassRatePercent = result.PassRatePercent,
            EvaluatedPoints = result.EvaluatedPoints, PassedPoints = result.PassedPoints, MaxReferenceDose = result.MaxReferenceDose,
            Pass = result.PassRatePercent >= tolerance.Value, MapSlice = slice, MapSvg = svg, EngineVersion = Tg51Worksheet.EngineVersion,
            PerformedById = actor.Id, PerformedByName = Signature.Of(actor), PerformedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<GammaAnalysis>().Add(analysis);
        audit.Add(AuditAction.Create, $"GammaAnalysis/{analysis.Id}", analysis.PatientId,
            detail: $"{analysis.Plan}: {analysis.PassRatePercent:0.0} % passing at {analysis.Criteria}");
        await db.SaveChangesAsync(ct);
        return new RecordGammaResult(analysis, errors);
    }

    /// <summary>One analysis with its patient's banner; the read of patient data is audited.</summary>
    public async Task<(GammaAnalysis Analysis, PatientBannerModel? Patient)?> GetAsync(Guid id, CancellationToken ct)
    {
        var analysis = await db.Set<GammaAnalysis>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (analysis is null)
        {
            return null;
        }

        await audit.RecordAsync(AuditAction.Read, $"GammaAnalysis/{id}", analysis.PatientId, ct: ct);
        return (analysis, await patients.GetBannerAsync(analysis.PatientId, ct));
    }

    private static string Name(string? fileName, string fallback)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? fallback : Path.GetFileName(fileName.Trim());
        return name.Length > 200 ? name[..200] : name;
    }

    private static DoseGrid? Grid(UploadedGrid? upload, string field, string label, Action<string, string> error)
    {
        if (upload is null || upload.Bytes.Length == 0)
        {
            error(field, $"Choose the {label} file (dose-grid JSON)");
            return null;
        }

        if (upload.Bytes.Length > MaxGridBytes)
        {
            error(field, $"The {label} is {upload.Bytes.Length / (1024 * 1024)} MB; the largest accepted is {MaxGridBytes / (1024 * 1024)} MB");
            return null;
        }

        try
        {
            var grid = DoseGridJson.Read(upload.Bytes.Span, label);
            if (grid.Dose.Length > MaxGridPoints)
            {
                error(field, $"The {label} has {grid.Dose.Length:N0} points; the largest accepted is {MaxGridPoints:N0} (128 × 128 × 128)");
                return null;
            }

            return grid;
        }
        catch (ArgumentException ex)
        {
            error(field, ex.Message.Split(" (Parameter", 2)[0]);
            return null;
        }
    }

    private static double? Range(double value, string field, string label, double min, double max, string unit, Action<string, string> error)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            error(field, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{label} must be between {min} and {max} {unit}"));
            return null;
        }

        return value;
    }
}
