using Infirmary.Patients.Domain;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Patients.Features;

public sealed record MergeProposal(Guid SourcePatientId, Guid TargetPatientId, string? Reason);

public sealed record MergeDecision(string? Note);

public sealed record UnmergeRequest(string? Reason);

public sealed record MergeRecordDto(
    Guid Id,
    string Status,
    Guid SourcePatientId,
    string SourceName,
    Guid TargetPatientId,
    string TargetName,
    string Reason,
    string ProposedBy,
    DateTime ProposedAt,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DecisionNote,
    string? UnmergedBy,
    DateTime? UnmergedAt,
    string? UnmergeReason,
    int RowsMoved)
{
    public static MergeRecordDto From(MergeView v) => new(v.Merge.Id, v.Merge.Status, v.Source.Id, v.Source.DisplayName,
        v.Target.Id, v.Target.DisplayName, v.Merge.Reason, v.Merge.ProposedByName, v.Merge.ProposedAt, v.Merge.DecidedByName,
        v.Merge.DecidedAt, v.Merge.DecisionNote, v.Merge.UnmergedByName, v.Merge.UnmergedAt, v.Merge.UnmergeReason, v.RowsMoved);
}

/// <summary>
/// REST surface for merges: <c>/api/v1/patients/merges</c>. Propose, then a different person confirms (or rejects);
/// a completed merge can be undone. Refusals are problem details whose <c>reasons</c> name what stands in the way.
/// </summary>
public static class PatientMergesApi
{
    public static RouteGroupBuilder MapPatientMergesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{KnownRoutes.Api}/patients/merges").WithTags("Patient merges");
        group.MapPost("/", Propose).RequirePermission(Permissions.PatientsMerge)
            .WithSummary("Propose merging a duplicate record (source) into the record to keep (target)");
        group.MapGet("/", Pending).RequirePermission(Permissions.PatientsMerge)
            .WithSummary("Merges waiting for a second person's confirmation");
        group.MapGet("/{id:guid}", Read).RequirePermission(Permissions.PatientsMerge)
            .WithSummary("Read a merge");
        group.MapPost("/{id:guid}/confirm", Confirm).RequirePermission(Permissions.PatientsMerge)
            .WithSummary("Confirm a proposed merge and carry it out (not by the person who proposed it)");
        group.MapPost("/{id:guid}/reject", Reject).RequirePermission(Permissions.PatientsMerge)
            .WithSummary("Reject a proposed merge (not by the person who proposed it)");
        group.MapPost("/{id:guid}/unmerge", Unmerge).RequirePermission(Permissions.PatientsMerge)
            .WithSummary("Undo a completed merge, exactly, or be told why it cannot be");
        return group;
    }

    private static async Task<IResult> Propose(MergeProposal body, PatientMerges merges, CancellationToken ct)
    {
        var result = await merges.ProposeAsync(body.SourcePatientId, body.TargetPatientId, body.Reason, ct);
        return result.Succeeded
            ? TypedResults.Created($"{KnownRoutes.Api}/patients/merges/{result.Merge!.Id}", MergeRecordDto.From((await merges.GetAsync(result.Merge.Id, ct))!))
            : Problem(result);
    }

    private static async Task<Ok<MergeRecordDto[]>> Pending(PatientMerges merges, CancellationToken ct) =>
        TypedResults.Ok((await merges.PendingAsync(ct)).Select(MergeRecordDto.From).ToArray());

    private static async Task<Results<Ok<MergeRecordDto>, NotFound<ProblemDetails>>> Read(Guid id, PatientMerges merges, CancellationToken ct) =>
        await merges.GetAsync(id, ct) is { } v
            ? TypedResults.Ok(MergeRecordDto.From(v))
            : TypedResults.NotFound(new ProblemDetails { Title = "No such merge", Status = 404 });

    private static async Task<IResult> Confirm(Guid id, MergeDecision? body, PatientMerges merges, CancellationToken ct) =>
        await Outcome(await merges.ConfirmAsync(id, body?.Note, ct), merges, ct);

    private static async Task<IResult> Reject(Guid id, MergeDecision? body, PatientMerges merges, CancellationToken ct) =>
        await Outcome(await merges.RejectAsync(id, body?.Note, ct), merges, ct);

    private static async Task<IResult> Unmerge(Guid id, UnmergeRequest? body, PatientMerges merges, CancellationToken ct) =>
        await Outcome(await merges.UnmergeAsync(id, body?.Reason, ct), merges, ct);

    private static async Task<IResult> Outcome(MergeResult result, PatientMerges merges, CancellationToken ct) =>
        result.Succeeded ? TypedResults.Ok(MergeRecordDto.From((await merges.GetAsync(result.Merge!.Id, ct))!)) : Problem(result);

    public static IResult Problem(MergeResult result)
    {
        var (status, title) = result.Outcome switch
        {
            MergeOutcome.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            MergeOutcome.Invalid => (StatusCodes.Status400BadRequest, "The merge request needs correcting"),
            MergeOutcome.Refused => (StatusCodes.Status422UnprocessableEntity, "The merge cannot be done"),
            MergeOutcome.Conflict => (StatusCodes.Status409Conflict, "Someone else acted first"),
            _ => (StatusCodes.Status403Forbidden, "Forbidden"),
        };
        var extensions = new Dictionary<string, object?>();
        if (result.Reasons is { Count: > 0 } reasons)
        {
            extensions["reasons"] = reasons;
        }

        return TypedResults.Problem(result.Problem, statusCode: status, title: title, extensions: extensions);
    }
}
