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
        group.MapGet("/", List).RequirePermission(Permissions.PhysicsRead)
            .WithSummary("Past calibrations, newest first (filter by machine)");
        group.MapGet("/{id:guid}", Read).RequirePermission(Permissions.PhysicsRead)
            .WithSummary("Read one calibration with its inputs and figures");
        group.MapPost("/{id:guid}/check", Check).RequirePermission(Permissions.PhysicsCheck)
            .WithSummary("Check a calibration as the second physicist (send If-Match with the ETag you read)");
        return group;
    }

    private static async Task<Results<Created<CalibrationDto>, ValidationProblem>> Record(
        Tg51Inputs inputs, RecordCalibration handler, HttpContext http, CancellationToken ct)
    {
        var result = await handler.HandleAsync(inputs, ct);
        if (result.Calibration is not { } c)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The calibration worksheet needs correcting");
        }

        SetETag(http, c);
        return TypedResults.Created($"{KnownRoutes.Api}/physics/calibrations/{c.Id}", CalibrationDto.From(c));
    }

    private static async Task<Ok<CalibrationSummary[]>> List(string? machine, int? limit, ListCalibrations handler, CancellationToken ct) =>
        TypedResults.Ok((await handler.HandleAsync(machine, limit ?? 100, ct)).ToArray());

    private static async Task<Results<Ok<CalibrationDto>, NotFound<ProblemDetails>>> Read(Guid id, ListCalibrations handler, HttpContext http, CancellationToken ct)
    {
        if (await handler.FindAsync(id, ct) is not { } c)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such calibration", Status = 404 });
        }

        SetETag(http, c);
        return TypedResults.Ok(CalibrationDto.From(c));
    }

    private static async Task<Results<Ok<CalibrationDto>, NotFound<ProblemDetails>, ProblemHttpResult>> Check(
        Guid id, CheckCalibration handler, HttpContext http, CancellationToken ct)
    {
        int? expected = null;
        if (FhirETag.ParseVersion(http.Request.Headers.IfMatch.ToString()) is { } ifMatch)
        {
            if (!int.TryParse(ifMatch, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                return TypedResults.Problem("If-Match must be the ETag you read, for example W/\"1\".", statusCode: 400, title: "Bad If-Match");
            }

            expected = v;
        }

        var result = await handler.HandleAsync(id, expected, ct);
        switch (result.Status)
        {
            case CheckStatus.Checked:
                SetETag(http, result.Calibration!);
                return TypedResults.Ok(CalibrationDto.From(result.Calibration!));
            case CheckStatus.NotFound:
                return TypedResults.NotFound(new ProblemDetails { Title = "No such calibration", Status = 404 });
            case CheckStatus.SamePerson:
                return TypedResults.Problem(result.Message, statusCode: 409, title: "The performer cannot check their own calibration",
                    extensions: new Dictionary<string, object?> { ["field"] = "checkedBy" });
            case CheckStatus.AlreadyChecked:
                return TypedResults.Problem(result.Message, statusCode: 409, title: "Already checked");
            case CheckStatus.Stale:
                return TypedResults.Problem(result.Message, statusCode: 412, title: "The calibration has changed");
            default:
                return TypedResults.Problem(result.Message, statusCode: 403, title: "Forbidden");
        }
    }

    private static void SetETag(HttpContext http, Tg51Calibration c) =>
        http.Response.Headers.ETag = FhirETag.Format(c.Version.ToString(CultureInfo.InvariantCulture));
}
