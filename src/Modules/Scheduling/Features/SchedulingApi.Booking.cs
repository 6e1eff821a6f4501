using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Infirmary.Scheduling.Features;

public static partial class SchedulingApi
{
    private static void MapBooking(RouteGroupBuilder group)
    {
        group.MapPost("/appointments", Book).RequirePermission(Permissions.SchedulingBook)
            .WithSummary("Book a patient into a slot (slotId, or clinicId and start); 409 when someone else booked it first");
        group.MapGet("/appointments/{id:guid}", ReadAppointment).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("Read an appointment");
        group.MapGet("/slots", SearchFree).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("Free slots, soonest first: by clinicianId, specialty, site, type (new, follow-up, urgent, telephone, video), clinicId, from and to (local dates)");
        group.MapGet("/slots/first-available", FirstAvailable).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The first free slot matching the same filters (404 when none)");
        group.MapPost("/appointments/{id:guid}/rebook", Rebook).RequirePermission(Permissions.SchedulingBook)
            .WithSummary("Move a booked appointment to another slot, with a reason and who asked; 409 when the new slot is taken");
        group.MapPost("/appointments/{id:guid}/check-in", (Guid id, Reception r, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct) => StepAsync(id, ArrivalStep.CheckIn, r, db, http, ct))
            .RequirePermission(Permissions.SchedulingBook).WithSummary("Check a patient in: arrival time now (on the day only)");
        group.MapPost("/appointments/{id:guid}/seen", (Guid id, Reception r, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct) => StepAsync(id, ArrivalStep.Seen, r, db, http, ct))
            .RequirePermission(Permissions.SchedulingBook).WithSummary("Record that an arrived patient was seen");
        group.MapPost("/appointments/{id:guid}/did-not-attend", (Guid id, Reception r, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct) => StepAsync(id, ArrivalStep.DidNotAttend, r, db, http, ct))
            .RequirePermission(Permissions.SchedulingBook).WithSummary("Record did not attend (after the appointment time)");
        group.MapPost("/appointments/{id:guid}/left", (Guid id, Reception r, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct) => StepAsync(id, ArrivalStep.Left, r, db, http, ct))
            .RequirePermission(Permissions.SchedulingBook).WithSummary("Record that an arrived patient left before being seen");
        group.MapPost("/clinics/{id:guid}/walk-in", WalkIn).RequirePermission(Permissions.SchedulingBook)
            .WithSummary("Book a walk-in patient into today's next free slot and check them in");
        group.MapGet("/clinics/{id:guid}/day", Day).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("A clinic's appointments on one day (default today): the arrivals list");
        group.MapGet("/clinics/{id:guid}/days/{date}/board-stamp", BoardStamp).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("A stamp that changes whenever the clinic's arrivals board for the day would, and the server's time: for the board's live update");
        group.MapGet("/slots/{id:guid}/availability", SlotAvailability).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("Whether a slot can be booked now and, if not, every reason why (booked, session cancelled, outside the session, in the past, clinic closed)");
        group.MapPost("/appointments/{id:guid}/transport", RequestTransport).RequirePermission(Permissions.SchedulingBook)
            .WithSummary("Request non-emergency patient transport for a booked appointment (eligibility answers, mobility, escort, pickup, return)");
        group.MapGet("/transport", TransportList).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The daily transport list (date, default today)");
        group.MapPost("/appointments/{id:guid}/cancel", Cancel).RequirePermission(Permissions.SchedulingBook)
            .WithSummary("Cancel a booked appointment with a reason, by the patient or the hospital (If-Match optional)");
    }

    private static async Task<IResult> Book(BookingInput input, BookAppointment handler, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct)
    {
        var (result, clinic) = await handler.HandleWithClinicAsync(input, ct);
        return await AppointmentResultAsync(result, db, http, created: true, ct, clinic);
    }

    private static async Task<IResult> SearchFree([AsParameters] SlotQuery query, SearchSlots handler, CancellationToken ct) =>
        ToHttp(await handler.HandleAsync(query, ct), slots => TypedResults.Ok(slots));

    private static async Task<IResult> FirstAvailable([AsParameters] SlotQuery query, SearchSlots handler, CancellationToken ct)
    {
        var result = await handler.HandleAsync(query with { Limit = 1 }, ct);
        return result.Value is { Count: 0 }
            ? TypedResults.Problem("No free slot matches. Widen the dates, or try another clinician, site or type.", statusCode: 404, title: "No free slot")
            : ToHttp(result, slots => TypedResults.Ok(slots[0]));
    }

    private static async Task<IResult> Rebook(Guid id, RebookInput input, RebookAppointment handler, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct) =>
        await AppointmentResultAsync(await handler.HandleAsync(id, input, ct), db, http, created: true, ct);

    private static async Task<IResult> StepAsync(Guid id, ArrivalStep step, Reception reception, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct) =>
        await AppointmentResultAsync(await reception.RecordAsync(id, step, ct), db, http, created: false, ct);

    public sealed record WalkInInput(Guid? PatientId);

    private static async Task<IResult> WalkIn(Guid id, WalkInInput input, Reception reception, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct) =>
        await AppointmentResultAsync(await reception.WalkInAsync(id, input.PatientId, ct), db, http, created: true, ct);

    private static async Task<IResult> Day(Guid id, DateOnly? date, Reception reception, Infirmary.Platform.Data.InfirmaryDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is not { } clinic)
        {
            return TypedResults.NotFound(NoClinic(id));
        }

        var lines = await reception.BoardAsync(id, date ?? LondonTime.Today(clock), ct);
        return TypedResults.Ok(lines.Select(l => AppointmentDto.From(l.Appointment, clinic)).ToArray());
    }

    public sealed record BoardStampDto(string Stamp, DateTime Now);

    private static async Task<IResult> BoardStamp(Guid id, string date, Reception reception, Infirmary.Platform.Data.InfirmaryDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["Give the date as yyyy-MM-dd, for example 2026-11-26."] });
        }

        if (!await db.Set<Clinic>().AsNoTracking().AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound(NoClinic(id));
        }

        return TypedResults.Ok(new BoardStampDto(await reception.StampAsync(id, day, ct), clock.GetUtcNow().UtcDateTime));
    }

    public sealed record ReasonDto(string Code, string Reason);

    public sealed record SlotAvailabilityDto(Guid SlotId, string State, bool Bookable, ReasonDto[] Reasons, Guid[] Appointments);

    private static async Task<IResult> SlotAvailability(Guid id, CalendarQueries calendar, CancellationToken ct)
    {
        if (await calendar.SlotAsync(id, ct) is not { } found)
        {
            return TypedResults.Problem($"There is no slot {id}.", statusCode: StatusCodes.Status404NotFound, title: "No such slot");
        }

        var s = found.Slot;
        return TypedResults.Ok(new SlotAvailabilityDto(id, Codes.Of(s.State), s.Problems.Count == 0,
            [.. s.Problems.Select(p => new ReasonDto(Codes.Of(p.Why), p.Reason))], [.. s.Bookings.Select(b => b.Id)]));
    }

    private static async Task<IResult> RequestTransport(Guid id, TransportInput input, PatientTransport transport, CancellationToken ct) =>
        ToHttp(await transport.RequestAsync(id, input, ct), t => TypedResults.Created($"{Root}/transport?date={LondonTime.LocalDate(t.AppointmentStartsAt):yyyy-MM-dd}", TransportDto.From(t)));

    private static async Task<IResult> TransportList(DateOnly? date, PatientTransport transport, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((await transport.DayAsync(date ?? LondonTime.Today(clock), ct)).Select(l => TransportDto.From(l.Request)).ToArray());

    private static async Task<IResult> ReadAppointment(Guid id, GetAppointment handler, HttpContext http, CancellationToken ct)
    {
        if (await handler.HandleAsync(id, ct) is not { } found)
        {
            return TypedResults.Problem($"There is no appointment {id}.", statusCode: StatusCodes.Status404NotFound, title: "No such appointment");
        }

        FhirETag.Set(http.Response, found.Appointment.Version);
        return TypedResults.Ok(AppointmentDto.From(found.Appointment, found.Clinic));
    }

    private static async Task<IResult> Cancel(Guid id, CancelInput input, CancelAppointment handler, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct)
    {
        if (!FhirETag.TryReadIfMatch(http.Request, out var expected))
        {
            return TypedResults.Problem("If-Match must be the ETag you read, for example W/\"1\".", statusCode: 400, title: "Bad If-Match");
        }

        return await AppointmentResultAsync(await handler.HandleAsync(id, input, expected, ct), db, http, created: false, ct);
    }

    private static async Task<IResult> AppointmentResultAsync(Result<Appointment> result, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, bool created, CancellationToken ct,
        Clinic? known = null)
    {
        if (result.Value is not { } a)
        {
            return ToHttp(result, _ => TypedResults.Ok());
        }

        var clinic = known is not null && known.Id == a.ClinicId ? known : await db.Set<Clinic>().AsNoTracking().FirstAsync(c => c.Id == a.ClinicId, ct);
        FhirETag.Set(http.Response, a.Version);
        var dto = AppointmentDto.From(a, clinic);
        return created ? TypedResults.Created($"{Root}/appointments/{a.Id}", dto) : TypedResults.Ok(dto);
    }
}
