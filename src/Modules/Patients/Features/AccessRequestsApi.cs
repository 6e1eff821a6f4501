using System.Text.Json.Nodes;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Patients.Features;

public sealed record AccessRequestDto(Guid Id, Guid PatientId, string RequesterName, string Relationship, string Scope, DateOnly ReceivedOn,
    DateOnly DueOn, DateOnly EffectiveDueOn, int ExtensionMonths, string? ExtensionReason, string Status, string? StatusNote,
    bool Overdue, string? DisclosureNote, bool HasExport, int Version)
{
    public static AccessRequestDto From(AccessRequest r, DateOnly today) => new(r.Id, r.PatientId, r.RequesterName, r.Relationship, r.Scope,
        r.ReceivedOn, r.DueOn, r.EffectiveDueOn, r.ExtensionMonths, r.ExtensionReason, r.Status.ToString(), r.StatusNote, r.OverdueOn(today),
        r.DisclosureNote, r.DisclosedExport is not null, r.Version);
}

public sealed record AccessRequestStatusChange(string? Status, string? Note, int? Version);

public sealed record AccessRequestExtension(int? Months, string? Reason, int? Version);

public sealed record AccessRequestDisclosure(string? Note, int? Version);

/// <summary>REST for subject access requests under <c>/api/v1/access-requests</c> (ADR 0047).</summary>
public static class AccessRequestsApi
{
    public static void MapAccessRequestsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{KnownRoutes.Api}/access-requests").WithTags("Access requests");
        group.MapGet("/", List).RequirePermission(Permissions.AccessRequestsManage).WithSummary("Requests: all, ?open=true, or ?overdue=true");
        group.MapPost("/", Log).RequirePermission(Permissions.AccessRequestsManage).WithSummary("Log a subject access request; the deadline is worked out");
        group.MapGet("/{id:guid}", Get).RequirePermission(Permissions.AccessRequestsManage).WithSummary("One request");
        group.MapPost("/{id:guid}/status", Move).RequirePermission(Permissions.AccessRequestsManage)
            .WithSummary("Move to IdentityVerified, InProgress, Refused or Withdrawn (the last two need a note)");
        group.MapPost("/{id:guid}/extension", Extend).RequirePermission(Permissions.AccessRequestsManage)
            .WithSummary("Extend the deadline by one or two months for a complex request, with the reason");
        group.MapPost("/{id:guid}/disclosure", Disclose).RequirePermission(Permissions.AccessRequestsManage)
            .WithSummary("Record the disclosure; the patient's $everything export is kept with the request");
        group.MapGet("/{id:guid}/export", Export).RequirePermission(Permissions.AccessRequestsManage)
            .WithSummary("The FHIR export that was disclosed").Produces(200, contentType: FhirJson.MediaType);
    }

    private static async Task<IResult> List(bool? open, bool? overdue, AccessRequests requests, CancellationToken ct) =>
        TypedResults.Ok(await requests.ListAsync(open == true, overdue == true, ct));

    private static async Task<IResult> Log(NewAccessRequest body, AccessRequests requests, CancellationToken ct)
    {
        var result = await requests.LogAsync(body, ct);
        return result.Outcome == AccessRequestOutcome.Done
            ? TypedResults.Created($"{KnownRoutes.Api}/access-requests/{result.Request!.Id}", AccessRequestDto.From(result.Request, requests.Today))
            : TypedResults.ValidationProblem(result.Errors);
    }

    private static async Task<IResult> Get(Guid id, AccessRequests requests, CancellationToken ct) =>
        await requests.GetAsync(id, ct) is { } r ? TypedResults.Ok(AccessRequestDto.From(r, requests.Today)) : NotFound();

    private static async Task<IResult> Move(Guid id, AccessRequestStatusChange body, AccessRequests requests, CancellationToken ct)
    {
        if (!Enum.TryParse<AccessRequestStatus>(body.Status, ignoreCase: false, out var to) || !Enum.IsDefined(to) || int.TryParse(body.Status, out _))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"Status must be one of {string.Join(", ", Enum.GetNames<AccessRequestStatus>())}."],
            });
        }

        return Answer(await requests.MoveAsync(id, body.Version ?? 0, to, body.Note, ct), requests.Today);
    }

    private static async Task<IResult> Extend(Guid id, AccessRequestExtension body, AccessRequests requests, CancellationToken ct) =>
        Answer(await requests.ExtendAsync(id, body.Version ?? 0, body.Months ?? 0, body.Reason, ct), requests.Today);

    private static async Task<IResult> Disclose(Guid id, AccessRequestDisclosure body, HttpContext http, AccessRequests requests, CancellationToken ct) =>
        Answer(await requests.DiscloseAsync(id, body.Version ?? 0, body.Note, $"{http.Request.Scheme}://{http.Request.Host}{KnownRoutes.Fhir}", ct), requests.Today);

    private static async Task<IResult> Export(Guid id, AccessRequests requests, CancellationToken ct) =>
        await requests.GetAsync(id, ct) is { DisclosedExport: { } export }
            ? new RawFhirResult(JsonNode.Parse(export)!, StatusCodes.Status200OK, null)
            : NotFound();

    private static IResult Answer(AccessRequestResult result, DateOnly today) => result.Outcome switch
    {
        AccessRequestOutcome.Done => TypedResults.Ok(AccessRequestDto.From(result.Request!, today)),
        AccessRequestOutcome.NotFound => NotFound(),
        AccessRequestOutcome.Stale => TypedResults.Problem(result.Errors["version"][0], statusCode: 412, title: "Changed by someone else"),
        _ => TypedResults.ValidationProblem(result.Errors),
    };

    private static NotFound<ProblemDetails> NotFound() => TypedResults.NotFound(new ProblemDetails { Title = "No such access request", Status = 404 });
}
