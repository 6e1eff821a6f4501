using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Patients.Features;

public sealed record CaseNoteMoveRequest(string? Barcode, Guid? VolumeId, int? LocationId, string? LocationCode, string? Holder, string? Method, string? Note);

public sealed record MissingRequest(string? Note);

public sealed record CaseNoteWorkItemDto(CaseNoteVolumeView Volume, Guid PatientId, string PatientName, string? NhsNumber, int DaysAway);

/// <summary>
/// REST surface for paper case notes: a patient's volumes under <c>/api/v1/patients/{id}/case-notes</c>, movements,
/// the missing flag and the worklists under <c>/api/v1/case-notes</c>.
/// </summary>
public static class CaseNotesApi
{
    public static void MapCaseNotesApi(this IEndpointRouteBuilder app)
    {
        var patient = app.MapGroup($"{KnownRoutes.Api}/patients/{{id:guid}}/case-notes").WithTags("Case notes");
        patient.MapGet("/", Volumes).RequirePermission(Permissions.CaseNotesTrack).WithSummary("A patient's case-note volumes and where each one is");
        patient.MapPost("/", Open).RequirePermission(Permissions.CaseNotesManage).WithSummary("Open the patient's next case-note volume (in the library)");
        patient.MapGet("/labels", Labels).RequirePermission(Permissions.CaseNotesManage)
            .WithSummary("Barcoded 50 x 25 mm labels as PDF: every volume, or one (?volume=<id>)").Produces(200, contentType: "application/pdf");

        var group = app.MapGroup($"{KnownRoutes.Api}/case-notes").WithTags("Case notes");
        group.MapGet("/locations", Locations).RequirePermission(Permissions.CaseNotesTrack).WithSummary("Where volumes can be");
        group.MapPost("/movements", Move).RequirePermission(Permissions.CaseNotesTrack)
            .WithSummary("Record that a volume (by barcode or id) has moved; If-Match with the volume's version guards a stale click");
        group.MapGet("/volumes/{volumeId:guid}/movements", History).RequirePermission(Permissions.CaseNotesTrack).WithSummary("A volume's movements, newest first");
        group.MapPost("/volumes/{volumeId:guid}/missing", Missing).RequirePermission(Permissions.CaseNotesManage).WithSummary("Flag a volume as missing");
        group.MapGet("/overdue", Overdue).RequirePermission(Permissions.CaseNotesTrack).WithSummary("Volumes away from the library longer than the configured days");
        group.MapGet("/missing", MissingList).RequirePermission(Permissions.CaseNotesTrack).WithSummary("Volumes flagged missing");
    }

    private static async Task<IResult> Volumes(Guid id, GetPatient patients, CaseNoteTracking notes, CancellationToken ct)
    {
        var read = await patients.HandleAsync(id, ct);
        return read.Status switch
        {
            ReadStatus.Found => TypedResults.Ok(await notes.VolumesAsync(id, ct)),
            ReadStatus.NotFound => TypedResults.NotFound(new ProblemDetails { Title = "No such patient", Status = 404 }),
            _ => TypedResults.Problem("This is a restricted record. Break the glass, giving a reason, to open it.", statusCode: 403, title: "Restricted record"),
        };
    }

    private static async Task<IResult> Open(Guid id, GetPatient patients, CaseNoteTracking notes, CancellationToken ct)
    {
        var read = await patients.HandleAsync(id, ct);
        if (read.Status != ReadStatus.Found)
        {
            return read.Status == ReadStatus.NotFound
                ? TypedResults.NotFound(new ProblemDetails { Title = "No such patient", Status = 404 })
                : TypedResults.Problem("This is a restricted record.", statusCode: 403, title: "Restricted record");
        }

        var result = await notes.OpenVolumeAsync(id, ct);
        return result.Succeeded
            ? TypedResults.Created($"{KnownRoutes.Api}/patients/{id}/case-notes", result.Volume)
            : Problem(result);
    }

    private static async Task<IResult> Labels(Guid id, Guid? volume, GetPatient patients, CaseNoteTracking notes, CancellationToken ct)
    {
        var read = await patients.HandleAsync(id, ct);
        if (read.Status != ReadStatus.Found)
        {
            return read.Status == ReadStatus.NotFound
                ? TypedResults.NotFound(new ProblemDetails { Title = "No such patient", Status = 404 })
                : TypedResults.Problem("This is a restricted record.", statusCode: 403, title: "Restricted record");
        }

        var result = await notes.LabelsAsync(read.Patient!, volume, ct);
        return result.Pdf is { } pdf
            ? TypedResults.File(pdf, "application/pdf", $"case-note-labels-{id:N}.pdf")
            : TypedResults.Problem(result.Problem, statusCode: result.Status, title: "No label printed");
    }

    private static async Task<Ok<CaseNoteLocation[]>> Locations(CaseNoteTracking notes, CancellationToken ct) =>
        TypedResults.Ok((await notes.LocationsAsync(ct)).ToArray());

    private static async Task<IResult> Move(CaseNoteMoveRequest body, CaseNoteTracking notes, InfirmaryDbContext db, HttpContext http, CancellationToken ct)
    {
        if (!FhirETag.TryReadIfMatch(http.Request, out var expected))
        {
            return TypedResults.Problem("If-Match must be the volume's version, for example W/\"3\".", statusCode: 400, title: "Bad If-Match");
        }

        var method = body.Method?.Trim().ToLowerInvariant() ?? "click";
        if (method is not ("scan" or "click"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["method"] = ["method is scan or click."] });
        }

        var locationId = body.LocationId;
        if (locationId is null && !string.IsNullOrWhiteSpace(body.LocationCode))
        {
            var code = body.LocationCode.Trim().ToUpperInvariant();
            locationId = await db.Set<CaseNoteLocation>().Where(l => l.Code == code).Select(l => (int?)l.Id).FirstOrDefaultAsync(ct);
        }

        var result = await notes.MoveAsync(body.Barcode, body.VolumeId, locationId, body.Holder, method, expected, body.Note, ct);
        if (result.Succeeded)
        {
            FhirETag.Set(http.Response, result.Volume!.Version);
            return TypedResults.Ok(result.Volume);
        }

        return Problem(result);
    }

    private static async Task<Ok<CaseNoteMovementView[]>> History(Guid volumeId, CaseNoteTracking notes, CancellationToken ct) =>
        TypedResults.Ok((await notes.HistoryAsync(volumeId, ct)).ToArray());

    private static async Task<IResult> Missing(Guid volumeId, MissingRequest? body, CaseNoteTracking notes, CancellationToken ct)
    {
        var result = await notes.MarkMissingAsync(volumeId, body?.Note, ct);
        return result.Succeeded ? TypedResults.Ok(result.Volume) : Problem(result);
    }

    private static async Task<Ok<CaseNoteWorkItemDto[]>> Overdue(CaseNoteTracking notes, CancellationToken ct) =>
        TypedResults.Ok((await notes.OverdueAsync(ct)).Select(Dto).ToArray());

    private static async Task<Ok<CaseNoteWorkItemDto[]>> MissingList(CaseNoteTracking notes, CancellationToken ct) =>
        TypedResults.Ok((await notes.MissingAsync(ct)).Select(Dto).ToArray());

    private static CaseNoteWorkItemDto Dto(CaseNoteWorkItem i) => new(i.Volume, i.Patient.PatientId, i.Patient.DisplayName, i.Patient.NhsNumber, i.DaysAway);

    private static IResult Problem(CaseNoteResult result) => result.Status switch
    {
        CaseNoteStatus.NotFound when result.Errors.ContainsKey("barcode") || result.Errors.ContainsKey("volume") || result.Errors.ContainsKey("patient") =>
            TypedResults.Problem(result.Errors.First().Value[0], statusCode: 404, title: "Not found"),
        CaseNoteStatus.Stale => TypedResults.Problem(result.Errors.First().Value[0], statusCode: 412, title: "The volume has moved"),
        CaseNoteStatus.Denied => TypedResults.Problem("Your role cannot do this.", statusCode: 403, title: "Forbidden"),
        _ => TypedResults.ValidationProblem(result.Errors, title: "The request needs correcting"),
    };
}
