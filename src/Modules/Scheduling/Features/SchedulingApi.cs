using System.Globalization;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public sealed record TemplateDto(
    Guid Id, Guid ClinicId, string Recurrence, string DayOfWeek, string StartTime, string EndTime, int SlotMinutes,
    string SlotType, int Capacity, DateOnly ValidFrom, DateOnly? ValidTo)
{
    public static TemplateDto From(ClinicTemplate t) => new(t.Id, t.ClinicId, Codes.Of(t.Recurrence), t.DayOfWeek.ToString(),
        Hhmm(t.StartTime), Hhmm(t.EndTime), t.SlotMinutes, Codes.Of(t.SlotType), t.Capacity, t.ValidFrom, t.ValidTo);

    internal static string Hhmm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}

public sealed record ClinicDto(
    Guid Id, string Name, string Specialty, string Site, string Room, Guid ClinicianId, string ClinicianName, bool Active,
    TemplateDto[] Templates)
{
    public static ClinicDto From(Clinic c, IEnumerable<ClinicTemplate> templates) => new(c.Id, c.Name, c.Specialty, c.Site, c.Room,
        c.ClinicianId, c.ClinicianName, c.Active, [.. templates.Select(TemplateDto.From)]);
}

/// <summary>A session as the API shows it: its local date and times (Europe/London) and its UTC instants.</summary>
public sealed record SessionDto(
    Guid Id, Guid ClinicId, Guid TemplateId, DateOnly Date, string LocalStart, string LocalEnd, DateTime StartsAt, DateTime EndsAt,
    string Status, string? CancelReason, int Slots, int Free)
{
    public static SessionDto From(SessionSummary s) => new(s.Session.Id, s.Session.ClinicId, s.Session.TemplateId, s.Session.Date,
        TemplateDto.Hhmm(LondonTime.LocalTime(s.Session.StartsAt)), TemplateDto.Hhmm(LondonTime.LocalTime(s.Session.EndsAt)),
        s.Session.StartsAt, s.Session.EndsAt, Codes.Of(s.Session.Status), s.Session.CancelReason, s.Slots, s.Free);
}

/// <summary>
/// REST surface: <c>/api/v1/scheduling</c>. Clinics and templates (set-up), slot generation, free-slot search,
/// and appointments (book, rebook, cancel, reception). Errors are RFC 9457 problem details; a slot someone else
/// booked first is 409.
/// </summary>
public static partial class SchedulingApi
{
    public const string Root = $"{KnownRoutes.Api}/scheduling";

    public static RouteGroupBuilder MapSchedulingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root).WithTags("Scheduling");
        group.MapGet("/clinics", ListClinics).RequirePermission(Permissions.SchedulingRead).WithSummary("Clinics, by specialty and name");
        group.MapPost("/clinics", CreateClinic).RequirePermission(Permissions.SchedulingManage).WithSummary("Set up a clinic");
        group.MapGet("/clinics/{id:guid}", ReadClinic).RequirePermission(Permissions.SchedulingRead).WithSummary("A clinic and its templates");
        group.MapPost("/clinics/{id:guid}/templates", AddTemplate).RequirePermission(Permissions.SchedulingManage)
            .WithSummary("Add a weekly or fortnightly template (local Europe/London times); overlaps for the clinician or room are refused");
        group.MapPost("/clinics/{id:guid}/generate", Generate).RequirePermission(Permissions.SchedulingManage)
            .WithSummary("Generate sessions and slots from the templates for a horizon (from, to or weeks)");
        group.MapGet("/clinics/{id:guid}/sessions", Sessions).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("A clinic's sessions between two dates (default: the next six weeks)");
        group.MapPost("/sessions/{id:guid}/cancel", CancelSessionEndpoint).RequirePermission(Permissions.SchedulingManage)
            .WithSummary("Cancel a session with a reason; booked patients go on the rebooking worklist");
        group.MapGet("/clinics/{id:guid}/to-rebook", ToRebook).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The rebooking worklist: patients still booked into the clinic's cancelled sessions, from today on");
        group.MapGet("/clinics/{id:guid}/days/{date}/clinic-list.pdf", ClinicListPdf).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The clinic list for one day (yyyy-mm-dd) as a printable PDF");
        group.MapGet("/clinics/{id:guid}/days/{date}/pull-list.pdf", PullListPdf).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The case-note pull list for one day (yyyy-mm-dd): where each booked patient's volumes are now");
        MapBooking(group);
        MapWaitingList(group);
        MapReminders(group);
        MapEnquiries(group);
        return group;
    }

    private static Task<IResult> ClinicListPdf(Guid id, string date, ClinicPrints prints, ActorAccessor actors, CancellationToken ct) =>
        PdfAsync(date, d => prints.ClinicListAsync(id, d, actors.Current.Name, ct), "clinic-list");

    private static Task<IResult> PullListPdf(Guid id, string date, ClinicPrints prints, ActorAccessor actors, CancellationToken ct) =>
        PdfAsync(date, d => prints.PullListAsync(id, d, actors.Current.Name, ct), "pull-list");

    private static async Task<IResult> PdfAsync(string date, Func<DateOnly, Task<byte[]?>> render, string name)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return TypedResults.Problem("Give the day as yyyy-mm-dd, for example 2026-11-25.", statusCode: 400, title: "Bad date");
        }

        return await render(day) is { } pdf
            ? TypedResults.File(pdf, "application/pdf", $"{name}-{date}.pdf")
            : TypedResults.Problem("There is no such clinic.", statusCode: 404, title: "Not found");
    }

    private static async Task<Ok<ClinicDto[]>> ListClinics(ClinicQueries queries, CancellationToken ct) =>
        TypedResults.Ok((await queries.ListAsync(ct)).Select(c => ClinicDto.From(c, [])).ToArray());

    private static async Task<Results<Created<ClinicDto>, ValidationProblem>> CreateClinic(ClinicInput input, ClinicSetup setup, CancellationToken ct)
    {
        var result = await setup.CreateClinicAsync(input, ct);
        return result.Value is { } c
            ? TypedResults.Created($"{Root}/clinics/{c.Id}", ClinicDto.From(c, []))
            : TypedResults.ValidationProblem(result.Errors, title: result.Title);
    }

    private static async Task<Results<Ok<ClinicDto>, NotFound<ProblemDetails>>> ReadClinic(Guid id, ClinicQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, null, null, ct) is { } d
            ? TypedResults.Ok(ClinicDto.From(d.Clinic, d.Templates))
            : TypedResults.NotFound(NoClinic(id));

    private static async Task<Results<Created<TemplateDto>, ValidationProblem, NotFound<ProblemDetails>>> AddTemplate(
        Guid id, TemplateInput input, ClinicSetup setup, CancellationToken ct)
    {
        var result = await setup.AddTemplateAsync(id, input, ct);
        return result.Outcome switch
        {
            Outcome.Done => TypedResults.Created($"{Root}/clinics/{id}", TemplateDto.From(result.Value!)),
            Outcome.NotFound => TypedResults.NotFound(NoClinic(id)),
            _ => TypedResults.ValidationProblem(result.Errors, title: result.Title),
        };
    }

    private static async Task<IResult> Generate(Guid id, GenerateInput input, GenerateSlots handler, CancellationToken ct) =>
        ToHttp(await handler.HandleAsync(id, input, ct), TypedResults.Ok);

    private static async Task<IResult> Sessions(Guid id, DateOnly? from, DateOnly? to, ClinicQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, from, to, ct) is { } d
            ? TypedResults.Ok(d.Sessions.Select(SessionDto.From).ToArray())
            : TypedResults.NotFound(NoClinic(id));

    private static async Task<IResult> CancelSessionEndpoint(Guid id, ReasonInput input, CancelSession handler, CancellationToken ct) =>
        ToHttp(await handler.HandleAsync(id, input.Reason, ct), s => TypedResults.Ok(SessionDto.From(new SessionSummary(s, 0, 0, 0))));

    public sealed record ReasonInput(string? Reason);

    private static async Task<IResult> ToRebook(Guid id, Reception reception, Infirmary.Platform.Data.InfirmaryDbContext db, CancellationToken ct)
    {
        if (await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is not { } clinic)
        {
            return TypedResults.NotFound(NoClinic(id));
        }

        return TypedResults.Ok((await reception.ToRebookAsync(id, ct)).Select(l => AppointmentDto.From(l.Appointment, clinic)).ToArray());
    }

    private static ProblemDetails NoClinic(Guid id) => new() { Title = "No such clinic", Detail = $"There is no clinic {id}.", Status = 404 };

    /// <summary>One mapping of handler outcomes to HTTP for every endpoint: 400 by field, 404, 409 and 403 as problem details.</summary>
    internal static IResult ToHttp<T>(Result<T> result, Func<T, IResult> ok) => result.Outcome switch
    {
        Outcome.Done => ok(result.Value!),
        Outcome.Invalid => TypedResults.ValidationProblem(result.Errors, title: result.Title, detail: result.Message),
        Outcome.NotFound => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status404NotFound, title: result.Title),
        Outcome.Conflict => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: result.Title),
        Outcome.Stale => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status412PreconditionFailed, title: result.Title),
        _ => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status403Forbidden, title: result.Title),
    };
}
