using System.Globalization;
using System.Text;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Http;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Physics.Features;

public sealed record BeamDto(Guid Id, Guid MachineId, string Machine, string Energy, string Modality)
{
    public static BeamDto From(TreatmentBeam b) => new(b.Id, b.MachineId, b.Machine?.Name ?? string.Empty, b.Energy, b.Modality);
}

public sealed record MachineDto(Guid Id, string Name, string Description, BeamDto[] Beams)
{
    public static MachineDto From(LinacMachine m) => new(m.Id, m.Name, m.Description,
        [.. m.Beams.OrderBy(b => b.Energy, StringComparer.Ordinal).Select(b => new BeamDto(b.Id, m.Id, m.Name, b.Energy, b.Modality))]);
}

public sealed record BeamDataDto(
    Guid Id, int Version, Guid BeamId, int DataVersion, string Status, string FileName, string Sha256, string Summary,
    string PerformedBy, DateTime PerformedAt, string? CheckedBy, DateTime? CheckedAt)
{
    public static BeamDataDto From(BeamDataSet d) => new(d.Id, d.Version, d.BeamId, d.Number, d.IsFinal ? "final" : "awaiting-check", d.FileName,
        d.Sha256, d.Summary, d.PerformedByName, d.PerformedAt, d.CheckedByName, d.CheckedAt);
}

public sealed record QaResultDto(string Check, string Name, string? BeamEnergy, double? Measured, double? Baseline, double? Value, string Unit, double? Tolerance, bool Passed);

public sealed record QaSessionDto(
    Guid Id, int Version, Guid MachineId, string Frequency, string Status, bool AllPassed, string Notes, QaResultDto[] Results,
    string PerformedBy, DateTime PerformedAt, string? CheckedBy, DateTime? CheckedAt)
{
    public static QaSessionDto From(LinacQaSession s) => new(s.Id, s.Version, s.MachineId, s.Frequency, s.IsFinal ? "final" : "awaiting-check",
        s.AllPassed, s.Notes,
        [.. s.Results.Select(r => new QaResultDto(r.Check, Tg142.Find(r.Check)?.Name ?? r.Check, r.BeamEnergy.Length == 0 ? null : r.BeamEnergy,
            r.Measured, r.Baseline, r.Value, r.Unit, r.Tolerance, r.Passed))],
        s.PerformedByName, s.PerformedAt, s.CheckedByName, s.CheckedAt);
}

public sealed record QaDueDto(Guid MachineId, string Machine, string Check, string Name, string Frequency, string? BeamEnergy, DateOnly? LastDone, DateOnly? NextDue, string State);

public sealed record GammaDto(
    Guid Id, int Version, Guid PatientId, string Plan, string Status, string Criteria, double DosePercent, double DistanceMm, bool Local,
    double CutoffPercent, double TolerancePassRatePercent, double PassRatePercent, int EvaluatedPoints, int PassedPoints, bool Pass,
    string Shape, string ReferenceSha256, string EvaluatedSha256, string MapSlice, string EngineVersion,
    string PerformedBy, DateTime PerformedAt, string? CheckedBy, DateTime? CheckedAt)
{
    public static GammaDto From(GammaAnalysis a) => new(a.Id, a.Version, a.PatientId, a.Plan, a.IsFinal ? "final" : "awaiting-check", a.Criteria,
        a.DosePercent, a.DistanceMm, a.Local, a.CutoffPercent, a.TolerancePassRatePercent, a.PassRatePercent, a.EvaluatedPoints, a.PassedPoints,
        a.Pass, a.Shape, a.ReferenceSha256, a.EvaluatedSha256, a.MapSlice, a.EngineVersion, a.PerformedByName, a.PerformedAt, a.CheckedByName, a.CheckedAt);
}

/// <summary>
/// REST surface of machines and commissioning data (ADR 0090), gamma QA (ADR 0091) and linac QA (ADR 0092). Bad input is
/// an RFC 9457 validation problem naming the field (for a CSV, the line and column); over-large uploads are 413.
/// </summary>
public static class PhysicsRecordsApi
{
    public static IEndpointRouteBuilder MapPhysicsRecordsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup($"{KnownRoutes.Api}/physics").WithTags("Physics");
        api.MapGet("/machines", Machines).RequirePermission(Permissions.PhysicsRead).WithSummary("Machines and their beams");
        api.MapPost("/machines", AddMachine).RequirePermission(Permissions.PhysicsMachines).WithSummary("Add a treatment machine");
        api.MapPost("/machines/{id:guid}/beams", AddBeam).RequirePermission(Permissions.PhysicsMachines).WithSummary("Add a beam to a machine");
        api.MapPost("/beams/{id:guid}/data", Import).RequirePermission(Permissions.PhysicsMachines).DisableAntiforgery()
            .WithSummary("Import a beam's commissioning data from CSV (text/csv body; ?fileName= names it) as its next data version")
            .Accepts<string>("text/csv");
        api.MapGet("/beams/{id:guid}/data", DataVersions).RequirePermission(Permissions.PhysicsRead).WithSummary("A beam's data versions, newest first");
        api.MapGet("/beam-data/{id:guid}", ReadData).RequirePermission(Permissions.PhysicsRead).WithSummary("One data version");
        api.MapPost("/beam-data/{id:guid}/check", CheckData).RequirePermission(Permissions.PhysicsCheck)
            .WithSummary("Check a data version as the second physicist; only checked data are used by MU checks");

        api.MapPost("/qa-sessions", RecordQa).RequirePermission(Permissions.PhysicsWrite).WithSummary("Record a daily, monthly or annual linac QA session (TG-142)");
        api.MapGet("/qa-sessions/{id:guid}", ReadQa).RequirePermission(Permissions.PhysicsRead).WithSummary("One QA session");
        api.MapPost("/qa-sessions/{id:guid}/check", CheckQa).RequirePermission(Permissions.PhysicsCheck).WithSummary("Check a QA session as the second person");
        api.MapGet("/qa/worklist", Worklist).RequirePermission(Permissions.PhysicsRead).WithSummary("TG-142 checks overdue or due today (all=true for every check)");

        api.MapPost("/gamma", RecordGamma).RequirePermission(Permissions.PhysicsWrite).DisableAntiforgery()
            .WithSummary("Upload reference and evaluated dose grids (multipart: reference, evaluated files; patientId, plan, criteria fields) and record the gamma comparison");
        api.MapGet("/gamma/{id:guid}", ReadGamma).RequirePermission(Permissions.PhysicsRead).WithSummary("One gamma QA result");
        api.MapGet("/gamma/{id:guid}/map.svg", GammaMap).RequirePermission(Permissions.PhysicsRead).WithSummary("The gamma map picture (SVG)");
        api.MapPost("/gamma/{id:guid}/check", CheckGamma).RequirePermission(Permissions.PhysicsCheck).WithSummary("Check a gamma QA result as the second physicist");
        return app;
    }

    private static async Task<Ok<MachineDto[]>> Machines(MachineRegistry registry, CancellationToken ct) =>
        TypedResults.Ok((await registry.MachinesAsync(ct)).Select(MachineDto.From).ToArray());

    private static async Task<Results<Created<MachineDto>, ValidationProblem>> AddMachine(MachineInputs inputs, MachineRegistry registry, CancellationToken ct)
    {
        var (machine, errors) = await registry.AddMachineAsync(inputs, ct);
        return machine is null
            ? TypedResults.ValidationProblem(errors, title: "The machine needs correcting")
            : TypedResults.Created($"{KnownRoutes.Api}/physics/machines/{machine.Id}", MachineDto.From(machine));
    }

    private static async Task<Results<Created<BeamDto>, ValidationProblem, NotFound<ProblemDetails>>> AddBeam(
        Guid id, BeamInputs inputs, MachineRegistry registry, CancellationToken ct)
    {
        var (beam, errors) = await registry.AddBeamAsync(id, inputs, ct);
        if (beam is not null)
        {
            return TypedResults.Created($"{KnownRoutes.Api}/physics/beams/{beam.Id}/data", BeamDto.From(beam));
        }

        return errors.ContainsKey("machineId")
            ? TypedResults.NotFound(new ProblemDetails { Title = "No such machine", Status = 404 })
            : TypedResults.ValidationProblem(errors, title: "The beam needs correcting");
    }

    private static async Task<Results<Created<BeamDataDto>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> Import(
        Guid id, string? fileName, HttpContext http, MachineRegistry registry, CancellationToken ct)
    {
        var body = await RequestBodies.ReadLimitedAsync(http, CommissioningCsv.MaxBytes, ct);
        if (body is null)
        {
            return TooLarge($"A commissioning CSV may be at most {CommissioningCsv.MaxBytes / 1024} KB.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["csv"] = ["The file is not UTF-8 text"] }, title: "The CSV needs correcting");
        }

        var result = await registry.ImportAsync(id, fileName, text.TrimStart('\uFEFF'), ct);
        if (result.BeamMissing)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such beam", Status = 404 });
        }

        if (result.DataSet is not { } set)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The CSV was refused; nothing was imported");
        }

        PhysicsApi.SetETag(http, set);
        return TypedResults.Created($"{KnownRoutes.Api}/physics/beam-data/{set.Id}", BeamDataDto.From(set));
    }

    private static async Task<Ok<BeamDataDto[]>> DataVersions(Guid id, MachineRegistry registry, CancellationToken ct) =>
        TypedResults.Ok((await registry.DataSetsAsync(id, ct)).Select(BeamDataDto.From).ToArray());

    private static async Task<Results<Ok<BeamDataDto>, NotFound<ProblemDetails>>> ReadData(Guid id, MachineRegistry registry, HttpContext http, CancellationToken ct)
    {
        if (await registry.FindDataSetAsync(id, ct) is not { } set)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such beam data version", Status = 404 });
        }

        PhysicsApi.SetETag(http, set);
        return TypedResults.Ok(BeamDataDto.From(set));
    }

    private static Task<Results<Ok<BeamDataDto>, NotFound<ProblemDetails>, ProblemHttpResult>> CheckData(Guid id, SecondCheck handler, HttpContext http, CancellationToken ct) =>
        PhysicsApi.CheckAsync<BeamDataSet, BeamDataDto>(id, handler, http, _ => null, BeamDataDto.From, ct);

    private static async Task<Results<Created<QaSessionDto>, ValidationProblem>> RecordQa(QaSessionInputs inputs, LinacQaService qa, HttpContext http, CancellationToken ct)
    {
        var result = await qa.RecordAsync(inputs, ct);
        if (result.Session is not { } s)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The QA session needs correcting");
        }

        PhysicsApi.SetETag(http, s);
        return TypedResults.Created($"{KnownRoutes.Api}/physics/qa-sessions/{s.Id}", QaSessionDto.From(s));
    }

    private static async Task<Results<Ok<QaSessionDto>, NotFound<ProblemDetails>>> ReadQa(Guid id, LinacQaService qa, HttpContext http, CancellationToken ct)
    {
        if (await qa.FindAsync(id, ct) is not { } s)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such QA session", Status = 404 });
        }

        PhysicsApi.SetETag(http, s);
        return TypedResults.Ok(QaSessionDto.From(s));
    }

    private static Task<Results<Ok<QaSessionDto>, NotFound<ProblemDetails>, ProblemHttpResult>> CheckQa(Guid id, SecondCheck handler, HttpContext http, CancellationToken ct) =>
        PhysicsApi.CheckAsync<LinacQaSession, QaSessionDto>(id, handler, http, _ => null, s => QaSessionDto.From(s), ct);

    private static async Task<Ok<QaDueDto[]>> Worklist(bool? all, LinacQaService qa, CancellationToken ct) =>
        TypedResults.Ok((await qa.WorklistAsync(ct)).Where(i => all == true || i.State != QaDueState.UpToDate)
            .Select(i => new QaDueDto(i.MachineId, i.Machine, i.Check.Code, i.Check.Name, i.Check.Frequency, i.BeamEnergy.Length == 0 ? null : i.BeamEnergy,
                i.LastDone, i.NextDue, i.State switch { QaDueState.Overdue => "overdue", QaDueState.DueToday => "due-today", _ => "up-to-date" }))
            .ToArray());

    private static async Task<Results<Created<GammaDto>, ValidationProblem, ProblemHttpResult>> RecordGamma(HttpContext http, GammaQa gamma, CancellationToken ct)
    {
        if (http.Request.ContentLength > GammaQa.MaxRequestBytes)
        {
            return TooLarge(GammaTooLarge);
        }

        if (!http.Request.HasFormContentType)
        {
            return TypedResults.Problem("Send multipart/form-data with the files 'reference' and 'evaluated' and the fields patientId and plan.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = GammaQa.MaxRequestBytes;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = GammaQa.MaxRequestBytes }, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(GammaTooLarge);
        }
        catch (InvalidDataException)
        {
            return TooLarge(GammaTooLarge);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var inputs = GammaForm.Inputs(form, errors);
        var (reference, evaluated) = await GammaForm.GridsAsync(form, errors, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The gamma QA upload needs correcting");
        }

        var result = await gamma.HandleAsync(inputs, reference, evaluated, ct);
        if (result.Analysis is not { } a)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The gamma QA upload needs correcting");
        }

        PhysicsApi.SetETag(http, a);
        return TypedResults.Created($"{KnownRoutes.Api}/physics/gamma/{a.Id}", GammaDto.From(a));
    }

    private const string GammaTooLarge = "Each dose grid may be at most 24 MB (two grids per request).";

    private static async Task<Results<Ok<GammaDto>, NotFound<ProblemDetails>>> ReadGamma(Guid id, GammaQa gamma, HttpContext http, CancellationToken ct)
    {
        if (await gamma.GetAsync(id, ct) is not { } found)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such gamma QA result", Status = 404 });
        }

        PhysicsApi.SetETag(http, found.Analysis);
        return TypedResults.Ok(GammaDto.From(found.Analysis));
    }

    private static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>>> GammaMap(Guid id, GammaQa gamma, CancellationToken ct) =>
        await gamma.GetAsync(id, ct) is { } found
            ? TypedResults.Content(found.Analysis.MapSvg, "image/svg+xml", Encoding.UTF8)
            : TypedResults.NotFound(new ProblemDetails { Title = "No such gamma QA result", Status = 404 });

    private static Task<Results<Ok<GammaDto>, NotFound<ProblemDetails>, ProblemHttpResult>> CheckGamma(Guid id, SecondCheck handler, HttpContext http, CancellationToken ct) =>
        PhysicsApi.CheckAsync<GammaAnalysis, GammaDto>(id, handler, http, a => a.PatientId, GammaDto.From, ct);

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large");
}

/// <summary>Reads a gamma QA upload's fields and files from a multipart form (the API and the page post the same names).</summary>
public static class GammaForm
{
    public static GammaInputs Inputs(IFormCollection form, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        double? Num(string field, string label)
        {
            var text = form[field].ToString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }

            errors[field] = [$"{label} must be a number, for example 3"];
            return null;
        }

        Guid? patient = null;
        var pid = form["patientId"].ToString();
        if (!string.IsNullOrWhiteSpace(pid))
        {
            if (Guid.TryParse(pid.Trim(), out var g))
            {
                patient = g;
            }
            else
            {
                errors["patientId"] = ["The patient id is not a valid id"];
            }
        }

        return new GammaInputs
        {
            PatientId = patient, Plan = form["plan"].ToString(), DosePercent = Num("dosePercent", "The dose-difference criterion"),
            DistanceMm = Num("distanceMm", "The distance-to-agreement criterion"),
            Local = form["local"].ToString().Trim().ToLowerInvariant() is "true" or "on" or "local",
            CutoffPercent = Num("cutoffPercent", "The low-dose cut-off"), TolerancePassRatePercent = Num("tolerancePassRatePercent", "The pass-rate tolerance"),
        };
    }

    public static async Task<(UploadedGrid? Reference, UploadedGrid? Evaluated)> GridsAsync(IFormCollection form, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        async Task<UploadedGrid?> Read(string field, string label)
        {
            var file = form.Files.GetFile(field);
            if (file is null || file.Length == 0)
            {
                return null;
            }

            if (file.Length > GammaQa.MaxGridBytes)
            {
                errors[field] = [$"The {label} is {file.Length / (1024 * 1024)} MB; the largest accepted is {GammaQa.MaxGridBytes / (1024 * 1024)} MB"];
                return null;
            }

            using var ms = new MemoryStream((int)file.Length);
            await file.CopyToAsync(ms, ct);
            return new UploadedGrid(file.FileName, ms.ToArray());
        }

        return (await Read("reference", "reference dose grid"), await Read("evaluated", "evaluated dose grid"));
    }
}
