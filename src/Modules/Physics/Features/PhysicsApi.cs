using System.Globalization;
using Infirmary.Physics.Domain;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Physics.Features;

public sealed record CalibrationDto(
    Guid Id,
    int Version,
    string Status,
    Tg51Inputs Inputs,
    Tg51Figures Results,
    string PerformedBy,
    DateTime PerformedAt,
    string? CheckedBy,
    DateTime? CheckedAt)
{
    public static CalibrationDto From(Tg51Calibration c) => new(c.Id, c.Version, c.IsFinal ? "final" : "awaiting-check", c.ToInputs(), c.Figures,
        c.PerformedByName, c.PerformedAt, c.CheckedByName, c.CheckedAt);
}

/// <summary>A TRS-398 calibration as the API returns it (ADR 0056).</summary>
public sealed record Trs398CalibrationDto(
    Guid Id,
    int Version,
    string Protocol,
    string Status,
    Trs398Inputs Inputs,
    Trs398Figures Results,
    string PerformedBy,
    DateTime PerformedAt,
    string? CheckedBy,
    DateTime? CheckedAt)
{
    public static Trs398CalibrationDto From(Tg51Calibration c) => new(c.Id, c.Version, c.Protocol, c.IsFinal ? "final" : "awaiting-check",
        c.ToTrs398Inputs(), c.Trs398Figures, c.PerformedByName, c.PerformedAt, c.CheckedByName, c.CheckedAt);
}

/// <summary>A TG-51 electron calibration as the API returns it (ADR 0093).</summary>
public sealed record ElectronCalibrationDto(
    Guid Id,
    int Version,
    string Protocol,
    string Modality,
    string Status,
    ElectronInputs Inputs,
    ElectronFigures Results,
    string PerformedBy,
    DateTime PerformedAt,
    string? CheckedBy,
    DateTime? CheckedAt)
{
    public static ElectronCalibrationDto From(Tg51Calibration c) => new(c.Id, c.Version, c.Protocol, c.Modality, c.IsFinal ? "final" : "awaiting-check",
        c.ToElectronInputs(), c.ElectronFigures, c.PerformedByName, c.PerformedAt, c.CheckedByName, c.CheckedAt);
}

public sealed record MuCheckDto(
    Guid Id,
    int Version,
    string Status,
    MuCheckInputs Inputs,
    MuFigures Results,
    string PerformedBy,
    DateTime PerformedAt,
    string? CheckedBy,
    DateTime? CheckedAt,
    Guid? BeamDataSetId,
    int? BeamDataVersion)
{
    public static MuCheckDto From(MuCheck c) => new(c.Id, c.Version, c.IsFinal ? "final" : "awaiting-check", c.ToInputs(), c.Figures,
        c.PerformedByName, c.PerformedAt, c.CheckedByName, c.CheckedAt, c.BeamDataSetId, c.BeamDataNumber);
}

/// <summary>
/// REST surface: <c>/api/v1/physics/calibrations</c>. Bad inputs are RFC 9457 validation problems naming the field;
/// the two-person rule refuses a self-check with 409.
/// </summary>
public static class PhysicsApi
{
    public static RouteGroupBuilder MapPhysicsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{KnownRoutes.Api}/physics/calibrations").WithTags("Physics");
        group.MapPost("/", Record).RequirePermission(Permissions.PhysicsWrite)
            .WithSummary("Compute and record a TG-51 photon output calibration").Accepts<Tg51Inputs>("application/json");
        group.MapPost("/trs398", RecordTrs398).RequirePermission(Permissions.PhysicsWrite)
            .WithSummary("Compute and record an IAEA TRS-398 photon output calibration").Accepts<Trs398Inputs>("application/json");
        group.MapPost("/electron", RecordElectron).RequirePermission(Permissions.PhysicsWrite)
            .WithSummary("Compute and record a TG-51 electron output calibration (cylindrical chamber)").Accepts<ElectronInputs>("application/json");
        group.MapGet("/", List).RequirePermission(Permissions.PhysicsRead)
            .WithSummary("Past calibrations, newest first (filter by machine)");
        group.MapGet("/{id:guid}", Read).RequirePermission(Permissions.PhysicsRead)
            .WithSummary("Read one calibration with its inputs and figures (TRS-398 ones in their own shape)");
        group.MapPost("/{id:guid}/check", Check).RequirePermission(Permissions.PhysicsCheck)
            .WithSummary("Check a calibration as the second physicist (send If-Match with the ETag you read)");
        var mu = app.MapGroup($"{KnownRoutes.Api}/physics/mu-checks").WithTags("Physics");
        mu.MapPost("/", RecordMu).RequirePermission(Permissions.PhysicsWrite)
            .WithSummary("Compute and record an independent MU check (TG-71) of one beam of a patient's plan").Accepts<MuCheckInputs>("application/json");
        mu.MapGet("/{id:guid}", ReadMu).RequirePermission(Permissions.PhysicsRead)
            .WithSummary("Read one MU check");
        mu.MapPost("/{id:guid}/check", CheckMu).RequirePermission(Permissions.PhysicsCheck)
            .WithSummary("Check an MU check as the second physicist (send If-Match with the ETag you read)");
        return group;
    }

    private static async Task<Results<Created<MuCheckDto>, ValidationProblem>> RecordMu(
        MuCheckInputs inputs, RecordMuCheck handler, HttpContext http, CancellationToken ct)
    {
        var result = await handler.HandleAsync(inputs, ct);
        if (result.Check is not { } c)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The MU check needs correcting");
        }

        SetETag(http, c);
        return TypedResults.Created($"{KnownRoutes.Api}/physics/mu-checks/{c.Id}", MuCheckDto.From(c));
    }

    private static async Task<Results<Ok<MuCheckDto>, NotFound<ProblemDetails>>> ReadMu(Guid id, GetMuCheck handler, HttpContext http, CancellationToken ct)
    {
        if (await handler.HandleAsync(id, ct) is not { } found)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such MU check", Status = 404 });
        }

        SetETag(http, found.Check);
        return TypedResults.Ok(MuCheckDto.From(found.Check));
    }

    private static Task<Results<Ok<MuCheckDto>, NotFound<ProblemDetails>, ProblemHttpResult>> CheckMu(
        Guid id, SecondCheck handler, HttpContext http, CancellationToken ct) =>
        CheckAsync<MuCheck, MuCheckDto>(id, handler, http, c => c.PatientId, MuCheckDto.From, ct);

    private static async Task<Results<Created<CalibrationDto>, ValidationProblem>> Record(
        Tg51Inputs inputs, RecordCalibration handler, HttpContext http, CancellationToken ct) =>
        Recorded(await handler.HandleAsync(inputs, ct), http, CalibrationDto.From);

    private static async Task<Results<Created<Trs398CalibrationDto>, ValidationProblem>> RecordTrs398(
        Trs398Inputs inputs, RecordCalibration handler, HttpContext http, CancellationToken ct) =>
        Recorded(await handler.HandleAsync(inputs, ct), http, Trs398CalibrationDto.From);

    private static Results<Created<TDto>, ValidationProblem> Recorded<TDto>(RecordCalibrationResult result, HttpContext http, Func<Tg51Calibration, TDto> toDto)
    {
        if (result.Calibration is not { } c)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The calibration worksheet needs correcting");
        }

        SetETag(http, c);
        return TypedResults.Created($"{KnownRoutes.Api}/physics/calibrations/{c.Id}", toDto(c));
    }

    /// <summary>A calibration in the shape of its code of practice.</summary>
    private static object Dto(Tg51Calibration c) => c.IsTrs398 ? Trs398CalibrationDto.From(c) : c.IsElectron ? ElectronCalibrationDto.From(c) : CalibrationDto.From(c);

    private static async Task<Results<Created<ElectronCalibrationDto>, ValidationProblem>> RecordElectron(
        ElectronInputs inputs, RecordCalibration handler, HttpContext http, CancellationToken ct) =>
        Recorded(await handler.HandleAsync(inputs, ct), http, ElectronCalibrationDto.From);

    private static async Task<Ok<CalibrationSummary[]>> List(string? machine, int? limit, ListCalibrations handler, CancellationToken ct) =>
        TypedResults.Ok((await handler.HandleAsync(machine, limit ?? 100, ct)).ToArray());

    private static async Task<Results<Ok<object>, NotFound<ProblemDetails>>> Read(Guid id, ListCalibrations handler, HttpContext http, CancellationToken ct)
    {
        if (await handler.FindAsync(id, ct) is not { } c)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such calibration", Status = 404 });
        }

        SetETag(http, c);
        return TypedResults.Ok(Dto(c));
    }

    private static Task<Results<Ok<object>, NotFound<ProblemDetails>, ProblemHttpResult>> Check(
        Guid id, SecondCheck handler, HttpContext http, CancellationToken ct) =>
        CheckAsync<Tg51Calibration, object>(id, handler, http, _ => null, Dto, ct);

    internal static async Task<Results<Ok<TDto>, NotFound<ProblemDetails>, ProblemHttpResult>> CheckAsync<T, TDto>(
        Guid id, SecondCheck handler, HttpContext http, Func<T, Guid?> patientId, Func<T, TDto> toDto, CancellationToken ct)
        where T : class, ICheckedResult
    {
        if (!FhirETag.TryReadIfMatch(http.Request, out var expected))
        {
            return TypedResults.Problem("If-Match must be the ETag you read, for example W/\"1\".", statusCode: 400, title: "Bad If-Match");
        }

        var result = await handler.HandleAsync(id, expected, patientId, ct);
        switch (result.Status)
        {
            case CheckStatus.Checked:
                SetETag(http, result.Result!);
                return TypedResults.Ok(toDto(result.Result!));
            case CheckStatus.NotFound:
                return TypedResults.NotFound(new ProblemDetails { Title = "Not found", Status = 404 });
            case CheckStatus.SamePerson:
                return TypedResults.Problem(result.Message, statusCode: 409, title: "The performer cannot check their own result",
                    extensions: new Dictionary<string, object?> { ["field"] = "checkedBy" });
            case CheckStatus.AlreadyChecked:
                return TypedResults.Problem(result.Message, statusCode: 409, title: "Already checked");
            case CheckStatus.Stale:
                return TypedResults.Problem(result.Message, statusCode: 412, title: "The record has changed");
            default:
                return TypedResults.Problem(result.Message, statusCode: 403, title: "Forbidden");
        }
    }

    internal static void SetETag(HttpContext http, ICheckedResult c) => FhirETag.Set(http.Response, c.Version);
}
