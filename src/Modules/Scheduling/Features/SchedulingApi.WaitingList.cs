using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Infirmary.Scheduling.Features;

/// <summary>A waiting-list line as the API shows it: the referral, its clock today and its current appointment.</summary>
public sealed record ReferralDto(
    Guid Id, int Version, Guid PatientId, string Specialty, DateOnly ReceivedOn, string Priority, string Referrer, string? Notes, string State,
    int WeeksWaited, int DaysWaited, DateOnly BreachesOn, bool Breached, DateOnly? ClockStoppedOn, string? StopReason, string? StopNote,
    string? StoppedBy, Guid? AppointmentId, DateTime? AppointmentStartsAt, string? AppointmentStatus, DateTime AddedAt, string AddedBy)
{
    public static ReferralDto From(WaitingLine l)
    {
        var r = l.Referral;
        return new(r.Id, r.Version, r.PatientId, r.Specialty, r.ReceivedOn, Codes.Of(r.Priority), r.Referrer, r.Notes, Codes.Of(l.State),
            l.WeeksWaited, l.DaysWaited, l.BreachesOn, l.Breached, r.ClockStoppedOn, r.StopReason is { } s ? Codes.Of(s) : null, r.StopNote,
            r.StoppedByName, l.Appointment?.Id, l.Appointment?.StartsAt, l.Appointment is { } a ? Codes.Of(a.Status) : null, r.AddedAt, r.AddedByName);
    }
}

public static partial class SchedulingApi
{
    public sealed record WaitingListBookInput(Guid? SlotId);

    private static void MapWaitingList(RouteGroupBuilder group)
    {
        group.MapGet("/waiting-list", WaitingListRead).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("Referrals waiting for a first appointment with their 18-week RTT clocks: by specialty, priority (routine, urgent, two-week-wait); stopped=true adds stopped clocks");
        group.MapGet("/waiting-list/breaches", Breaches).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("The breach worklist: running clocks over 18 weeks, or breaching within `weeks` weeks (default 0: breached only)");
        group.MapPost("/waiting-list", AddReferral).RequirePermission(Permissions.SchedulingWaitingList)
            .WithSummary("Add a referral: patientId, specialty, receivedOn (yyyy-mm-dd, the clock's start), priority, referrer");
        group.MapGet("/waiting-list/{id:guid}", ReadReferral).RequirePermission(Permissions.SchedulingRead)
            .WithSummary("A referral and its clock");
        group.MapPost("/waiting-list/{id:guid}/book", BookFromList).RequirePermission(Permissions.SchedulingBook)
            .WithSummary("Book the referral's first appointment into a slot of its specialty; 409 when the slot or the referral was taken first");
        group.MapPost("/waiting-list/{id:guid}/stop", StopClock).RequirePermission(Permissions.SchedulingWaitingList)
            .WithSummary("Stop the RTT clock with a reason (treated, not-treating, active-monitoring, patient-declined, did-not-attend, no-longer-needed, deceased, transferred); If-Match optional");
    }

    private static async Task<IResult> WaitingListRead(string? specialty, string? priority, bool? stopped, WaitingList list, CancellationToken ct)
    {
        ReferralPriority? p = null;
        if (!string.IsNullOrWhiteSpace(priority))
        {
            if (!Codes.TryParse<ReferralPriority>(priority, out var parsed))
            {
                return TypedResults.Problem("priority is routine, urgent or two-week-wait.", statusCode: 400, title: "Bad priority");
            }

            p = parsed;
        }

        var lines = await list.ListAsync(new WaitingFilter(specialty, p, IncludeStopped: stopped == true), ct);
        return TypedResults.Ok(lines.Select(ReferralDto.From).ToArray());
    }

    private static async Task<IResult> Breaches(int? weeks, string? specialty, WaitingList list, CancellationToken ct)
    {
        if (weeks is < 0 or > WaitingList.MaxBreachWeeks)
        {
            return TypedResults.Problem($"weeks is a whole number from 0 (breached already) to {WaitingList.MaxBreachWeeks}.", statusCode: 400, title: "Bad weeks");
        }

        var lines = await list.ListAsync(new WaitingFilter(specialty, BreachWithinWeeks: weeks ?? 0), ct);
        return TypedResults.Ok(lines.Select(ReferralDto.From).ToArray());
    }

    private static async Task<IResult> AddReferral(ReferralInput input, WaitingList list, HttpContext http, CancellationToken ct)
    {
        var result = await list.AddAsync(input, ct);
        if (result.Value is not { } r)
        {
            return ToHttp(result, _ => TypedResults.Ok());
        }

        FhirETag.Set(http.Response, r.Version);
        return TypedResults.Created($"{Root}/waiting-list/{r.Id}", ReferralDto.From((await list.GetAsync(r.Id, ct))!));
    }

    private static async Task<IResult> ReadReferral(Guid id, WaitingList list, HttpContext http, CancellationToken ct)
    {
        if (await list.GetAsync(id, ct) is not { } line)
        {
            return TypedResults.Problem($"There is no referral {id} on the waiting list.", statusCode: 404, title: "No such referral");
        }

        FhirETag.Set(http.Response, line.Referral.Version);
        return TypedResults.Ok(ReferralDto.From(line));
    }

    private static async Task<IResult> BookFromList(Guid id, WaitingListBookInput input, WaitingList list, Infirmary.Platform.Data.InfirmaryDbContext db, HttpContext http, CancellationToken ct) =>
        await AppointmentResultAsync(await list.BookAsync(id, input.SlotId, ct), db, http, created: true, ct);

    private static async Task<IResult> StopClock(Guid id, ClockStopInput input, WaitingList list, HttpContext http, CancellationToken ct)
    {
        if (!FhirETag.TryReadIfMatch(http.Request, out var expected))
        {
            return TypedResults.Problem("If-Match must be the ETag you read, for example W/\"1\".", statusCode: 400, title: "Bad If-Match");
        }

        var result = await list.StopClockAsync(id, input, expected, ct);
        if (result.Value is not { } r)
        {
            return ToHttp(result, _ => TypedResults.Ok());
        }

        FhirETag.Set(http.Response, r.Version);
        return TypedResults.Ok(ReferralDto.From((await list.GetAsync(r.Id, ct))!));
    }
}
