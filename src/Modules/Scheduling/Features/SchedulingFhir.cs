using System.Globalization;
using Hl7.Fhir.Model;
using Infirmary.Platform.Data;
using Infirmary.Platform.Fhir;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using FhirAppointment = Hl7.Fhir.Model.Appointment;
using FhirSlot = Hl7.Fhir.Model.Slot;
using Slot = Infirmary.Scheduling.Domain.Slot;
using Task = System.Threading.Tasks.Task;

namespace Infirmary.Scheduling.Features;

/// <summary>
/// FHIR R4 Schedule (a clinic), Slot and Appointment. <c>POST /fhir/Appointment</c> with status <c>booked</c>, one
/// <c>slot</c> and a Patient participant books that slot through the same rules as the REST API: 201 with Location,
/// or 409 with an OperationOutcome when the slot is taken.
/// </summary>
public static class SchedulingFhir
{
    public const string SlotTypeSystem = "https://infirmary.nhs.uk/CodeSystem/slot-type";

    public static readonly FhirResourceCapability ScheduleCapability = new("Schedule", ["read", "search-type"], []);

    public static readonly FhirResourceCapability SlotCapability = new(
        "Slot",
        ["read", "search-type"],
        [
            ("status", "token", "free, busy or busy-unavailable (slots of a cancelled session)"),
            ("start", "date", "Slot start: ge/gt/le/lt/eq prefixes with YYYY-MM-DD (a UK day) or an instant"),
            ("schedule", "reference", "The clinic: Schedule/<id>"),
        ]);

    public static readonly FhirResourceCapability AppointmentCapability = new("Appointment", ["read", "create"], []);

    public static void MapSchedulingFhir(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup(KnownRoutes.Fhir).WithTags("FHIR").ExcludeFromDescription();
        fhir.MapGet("/Schedule/{id}", ReadSchedule).RequirePermission(Permissions.SchedulingRead);
        fhir.MapGet("/Schedule", SearchSchedules).RequirePermission(Permissions.SchedulingRead);
        fhir.MapGet("/Slot/{id}", ReadSlot).RequirePermission(Permissions.SchedulingRead);
        fhir.MapGet("/Slot", SearchSlotsFhir).RequirePermission(Permissions.SchedulingRead);
        fhir.MapGet("/Appointment/{id}", ReadAppointment).RequirePermission(Permissions.SchedulingRead);
        fhir.MapPost("/Appointment", CreateAppointment).RequirePermission(Permissions.SchedulingBook);
    }

    private static string Base(HttpRequest r) => $"{r.Scheme}://{r.Host}{KnownRoutes.Fhir}";

    private static async Task<IResult> ReadSchedule(string id, InfirmaryDbContext db, CancellationToken ct) =>
        Guid.TryParse(id, out var g) && await db.Set<Clinic>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == g, ct) is { } clinic
            ? FhirResults.Ok(ToSchedule(clinic), clinic.Version.ToString(CultureInfo.InvariantCulture))
            : FhirResults.NotFound("Schedule", id);

    private static async Task<IResult> SearchSchedules(HttpContext http, InfirmaryDbContext db, CancellationToken ct)
    {
        var unsupported = http.Request.Query.Keys.Where(k => k is not ("_format" or "_count")).ToList();
        if (unsupported.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                unsupported.Select(k => $"{k}: this search parameter is not supported for Schedule."));
        }

        var clinics = await db.Set<Clinic>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return FhirResults.Ok(Bundle(http, clinics.Select(c => ((Resource)ToSchedule(c), $"Schedule/{c.Id}"))));
    }

    private static async Task<IResult> ReadSlot(string id, InfirmaryDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var g))
        {
            return FhirResults.NotFound("Slot", id);
        }

        var found = await (from s in db.Set<Slot>().AsNoTracking()
                           join session in db.Set<ClinicSession>() on s.SessionId equals session.Id
                           where s.Id == g
                           select new { s, session.Status }).FirstOrDefaultAsync(ct);
        return found is null ? FhirResults.NotFound("Slot", id) : FhirResults.Ok(ToSlot(found.s, found.Status));
    }

    private static async Task<IResult> SearchSlotsFhir(HttpContext http, InfirmaryDbContext db, CancellationToken ct)
    {
        var q = from s in db.Set<Slot>().AsNoTracking()
                join session in db.Set<ClinicSession>() on s.SessionId equals session.Id
                select new { s, Session = session.Status };
        var problems = new List<string>();
        var count = 100;
        var narrowed = false;
        foreach (var (key, values) in http.Request.Query)
        {
            foreach (var value in values.OfType<string>())
            {
                switch (key)
                {
                    case "status":
                        var statuses = value.Split(',', StringSplitOptions.TrimEntries);
                        var free = statuses.Contains("free");
                        var busy = statuses.Contains("busy");
                        var unavailable = statuses.Contains("busy-unavailable");
                        if (statuses.Any(x => x is not ("free" or "busy" or "busy-unavailable")))
                        {
                            problems.Add("status: free, busy or busy-unavailable.");
                        }

                        q = q.Where(x => (free && x.s.Status == SlotStatus.Free && x.Session == SessionStatus.Active)
                                         || (busy && x.s.Status == SlotStatus.Busy && x.Session == SessionStatus.Active)
                                         || (unavailable && x.Session == SessionStatus.Cancelled));
                        break;
                    case "schedule":
                        var raw = value.StartsWith("Schedule/", StringComparison.Ordinal) ? value["Schedule/".Length..] : value;
                        if (Guid.TryParse(raw, out var clinic))
                        {
                            q = q.Where(x => x.s.ClinicId == clinic);
                            narrowed = true;
                        }
                        else
                        {
                            problems.Add("schedule: give Schedule/<id>.");
                        }

                        break;
                    case "start":
                        if (StartFilter(value) is { } filter)
                        {
                            var (op, at, dayEnd) = filter;
                            q = op switch
                            {
                                "ge" => q.Where(x => x.s.StartsAt >= at),
                                "gt" => q.Where(x => x.s.StartsAt >= dayEnd),
                                "le" => q.Where(x => x.s.StartsAt < dayEnd),
                                "lt" => q.Where(x => x.s.StartsAt < at),
                                _ => q.Where(x => x.s.StartsAt >= at && x.s.StartsAt < dayEnd),
                            };
                            narrowed = true;
                        }
                        else
                        {
                            problems.Add("start: a date (YYYY-MM-DD) or instant, optionally prefixed ge, gt, le, lt or eq.");
                        }

                        break;
                    case "_count":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > 500)
                        {
                            problems.Add("_count: a number from 1 to 500.");
                        }

                        break;
                    case "_format":
                        break;
                    default:
                        problems.Add($"{key}: this search parameter is not supported for Slot.");
                        break;
                }
            }
        }

        if (problems.Count > 0)
        {
            return FhirResults.Errors(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, problems);
        }

        if (!narrowed)
        {
            return FhirResults.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.TooCostly,
                "Narrow the search with schedule or start (every slot of every clinic is too many).");
        }

        var found = await q.OrderBy(x => x.s.StartsAt).ThenBy(x => x.s.Place).Take(count).ToListAsync(ct);
        return FhirResults.Ok(Bundle(http, found.Select(x => ((Resource)ToSlot(x.s, x.Session), $"Slot/{x.s.Id}"))));
    }

    /// <summary>A FHIR date search value: the instant it starts and, for a date, the instant the UK day ends.</summary>
    private static (string Op, DateTime At, DateTime DayEnd)? StartFilter(string value)
    {
        var op = value.Length > 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]) ? value[..2] : "eq";
        var text = op == "eq" && !value.StartsWith("eq", StringComparison.Ordinal) ? value : value[2..];
        if (op is not ("eq" or "ge" or "gt" or "le" or "lt"))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var (start, end) = LondonTime.Day(day);
            return (op, start, end);
        }

        if (text.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            var at = instant.UtcDateTime;
            // An instant is its own precision: gt and le compare against the instant itself.
            return (op, at, op is "gt" or "le" ? at.AddTicks(1) : at);
        }

        return null;
    }

    private static async Task<IResult> ReadAppointment(string id, GetAppointment handler, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var g) || await handler.HandleAsync(g, ct) is not { } found)
        {
            return FhirResults.NotFound("Appointment", id);
        }

        return FhirResults.Ok(ToAppointment(found.Appointment, found.Clinic), found.Appointment.Version.ToString(CultureInfo.InvariantCulture),
            new DateTimeOffset(found.Appointment.CancelledAt ?? found.Appointment.BookedAt, TimeSpan.Zero));
    }

    private static async Task<IResult> CreateAppointment(HttpContext http, BookAppointment handler, InfirmaryDbContext db, CancellationToken ct)
    {
        var (fa, error) = await FhirRequest.ReadAsync<FhirAppointment>(http.Request);
        if (error is not null)
        {
            return error;
        }

        var problems = new List<(string Message, string Expression)>();
        if (fa!.Status != FhirAppointment.AppointmentStatus.Booked)
        {
            problems.Add(("Only status 'booked' can be created: it books the slot.", "Appointment.status"));
        }

        Guid? slotId = null;
        if (fa.Slot.Count != 1 || fa.Slot[0].Reference is not { } slotRef || !slotRef.StartsWith("Slot/", StringComparison.Ordinal)
            || !Guid.TryParse(slotRef["Slot/".Length..], out var s))
        {
            problems.Add(("Give exactly one slot reference, Slot/<id>.", "Appointment.slot"));
        }
        else
        {
            slotId = s;
        }

        var patients = fa.Participant.Select(p => p.Actor?.Reference).Where(r => r?.StartsWith("Patient/", StringComparison.Ordinal) == true).ToList();
        Guid? patientId = null;
        if (patients.Count != 1 || !Guid.TryParse(patients[0]!["Patient/".Length..], out var pid))
        {
            problems.Add(("Give exactly one participant whose actor is Patient/<id>.", "Appointment.participant"));
        }
        else
        {
            patientId = pid;
        }

        if (problems.Count > 0)
        {
            return Invalid(problems);
        }

        var result = await handler.HandleAsync(new BookingInput(patientId, slotId), ct);
        switch (result.Outcome)
        {
            case Outcome.Done:
                var a = result.Value!;
                var clinic = await db.Set<Clinic>().AsNoTracking().FirstAsync(c => c.Id == a.ClinicId, ct);
                var version = a.Version.ToString(CultureInfo.InvariantCulture);
                return FhirResults.Created(ToAppointment(a, clinic), $"{Base(http.Request)}/Appointment/{a.Id}/_history/{version}", version,
                    new DateTimeOffset(a.BookedAt, TimeSpan.Zero));
            case Outcome.Conflict:
                return FhirResults.Error(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict, $"{result.Title}: {result.Message}", "Appointment.slot");
            case Outcome.NotFound:
                return FhirResults.Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotFound, result.Message!, "Appointment.slot");
            case Outcome.Forbidden:
                return FhirResults.Forbidden(result.Message!);
            default:
                return Invalid([.. result.Errors.SelectMany(e => e.Value.Select(m => (m, e.Key == "patientId" ? "Appointment.participant" : "Appointment.slot")))]);
        }
    }

    private static FhirResult Invalid(IEnumerable<(string Message, string Expression)> problems) => new(new OperationOutcome
    {
        Issue = [.. problems.Select(p => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = OperationOutcome.IssueType.Invalid,
            Diagnostics = p.Message,
            Expression = [p.Expression],
        })],
    }, StatusCodes.Status400BadRequest);

    private static Bundle Bundle(HttpContext http, IEnumerable<(Resource Resource, string Path)> entries)
    {
        var baseUrl = Base(http.Request);
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Hl7.Fhir.Model.Bundle.BundleType.Searchset,
            Timestamp = DateTimeOffset.UtcNow,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/{http.Request.Path.Value![(KnownRoutes.Fhir.Length + 1)..]}{http.Request.QueryString}" }],
        };
        foreach (var (resource, path) in entries)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{path}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Hl7.Fhir.Model.Bundle.SearchEntryMode.Match },
            });
        }

        bundle.Total = bundle.Entry.Count;
        return bundle;
    }

    public static Schedule ToSchedule(Clinic c) => new()
    {
        Id = c.Id.ToString(),
        Meta = new Meta { VersionId = c.Version.ToString(CultureInfo.InvariantCulture) },
        Active = c.Active,
        Specialty = [new CodeableConcept { Text = c.Specialty }],
        Actor =
        [
            new ResourceReference { Display = c.ClinicianName, Type = "Practitioner", Identifier = new Identifier("https://infirmary.nhs.uk/Id/staff", c.ClinicianId.ToString()) },
            new ResourceReference { Display = $"{c.Room}, {c.Site}", Type = "Location" },
        ],
        Comment = c.Name,
    };

    public static FhirSlot ToSlot(Slot s, SessionStatus session) => new()
    {
        Id = s.Id.ToString(),
        Schedule = new ResourceReference($"Schedule/{s.ClinicId}"),
        Status = session == SessionStatus.Cancelled ? FhirSlot.SlotStatus.BusyUnavailable
            : s.Status == SlotStatus.Free ? FhirSlot.SlotStatus.Free : FhirSlot.SlotStatus.Busy,
        Start = new DateTimeOffset(s.StartsAt, TimeSpan.Zero),
        End = new DateTimeOffset(s.EndsAt, TimeSpan.Zero),
        AppointmentType = new CodeableConcept(SlotTypeSystem, Codes.Of(s.Type), Pages.SchedulingFormat.Type(s.Type)),
        Comment = s.Place > 1 ? $"Place {s.Place}" : null,
    };

    public static FhirAppointment ToAppointment(Domain.Appointment a, Clinic c)
    {
        var fa = new FhirAppointment
        {
            Id = a.Id.ToString(),
            Meta = new Meta { VersionId = a.Version.ToString(CultureInfo.InvariantCulture) },
            Status = a.Status switch
            {
                AppointmentStatus.Booked => FhirAppointment.AppointmentStatus.Booked,
                AppointmentStatus.Arrived => FhirAppointment.AppointmentStatus.Arrived,
                AppointmentStatus.Seen => FhirAppointment.AppointmentStatus.Fulfilled,
                AppointmentStatus.DidNotAttend => FhirAppointment.AppointmentStatus.Noshow,
                _ => FhirAppointment.AppointmentStatus.Cancelled,
            },
            AppointmentType = new CodeableConcept(SlotTypeSystem, Codes.Of(a.Type), Pages.SchedulingFormat.Type(a.Type)),
            Start = new DateTimeOffset(a.StartsAt, TimeSpan.Zero),
            End = new DateTimeOffset(a.EndsAt, TimeSpan.Zero),
            Created = a.BookedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Slot = [new ResourceReference($"Slot/{a.SlotId}")],
            Participant =
            [
                new FhirAppointment.ParticipantComponent { Actor = new ResourceReference($"Patient/{a.PatientId}"), Status = ParticipationStatus.Accepted },
                new FhirAppointment.ParticipantComponent
                {
                    Actor = new ResourceReference { Display = c.ClinicianName, Type = "Practitioner", Identifier = new Identifier("https://infirmary.nhs.uk/Id/staff", c.ClinicianId.ToString()) },
                    Status = ParticipationStatus.Accepted,
                },
            ],
            Description = c.Name,
        };
        if (a.Status == AppointmentStatus.Cancelled)
        {
            fa.CancelationReason = new CodeableConcept { Text = $"{(a.CancelledBy == CancelledBy.Patient ? "Patient" : "Hospital")}: {a.CancellationReason}" };
        }
        else if (a.Status == AppointmentStatus.Left)
        {
            fa.CancelationReason = new CodeableConcept { Text = "Left before being seen" };
        }

        if (a.Overbooked)
        {
            fa.Comment = $"Overbooked by {a.OverbookedByName}: {a.OverbookReason}";
        }

        return fa;
    }
}
