using System.Net;
using System.Net.Http.Json;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Features;
using Infirmary.Scheduling.Pages;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Scheduling.SchedulingTestSupport;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>
/// Safe booking on SQLite and PostgreSQL: one confirmed booking per slot and per clinician's time, held by the
/// database when the code's own check is beaten by a race; deliberate overbooking by permission with a reason; and
/// bookings refused, with the reason given, in the past, outside session times, on cancelled sessions, and for
/// inactive or deceased patients.
/// </summary>
public abstract class BookingTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenFiftyConcurrentRequestsForOneSlot_WhenTheyRace_ThenExactlyOneBookingAndFortyNineConflicts()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var slot = slots[0];
        var patients = await PatientsAsync(factory, 50);
        var clients = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Clients.SystemAsync(factory)));

        // All fifty are in flight before any is let go.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = patients.Select(async (p, i) =>
        {
            await gate.Task;
            return await BookAsync(clients[i % clients.Length], slot.Id, p);
        }).ToList();
        gate.SetResult();
        var responses = await Task.WhenAll(requests);

        var others = responses.Where(r => r.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).ToList();
        Assert.True(others.Count == 0, string.Join("\n", await Task.WhenAll(others.Select(async r => $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}"))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var conflicts = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(49, conflicts.Count);
        foreach (var conflict in conflicts)
        {
            Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
            var problem = await conflict.JsonAsync();
            Assert.Equal("Slot already booked", problem.GetProperty("title").GetString());
            Assert.Equal(409, problem.GetProperty("status").GetInt32());
            Assert.Contains("Choose another slot", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }

        var stored = await AppointmentsAsync(factory, slot.Id);
        var booked = Assert.Single(stored);
        Assert.Equal(AppointmentStatus.Booked, booked.Status);
        Assert.Equal(SlotStatus.Busy, (await SlotsAsync(factory, slot.ClinicId)).Single(s => s.Id == slot.Id).Status);
        await using var scope = factory.Scope();
        Assert.Null(await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>(), null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenBookingsWaitingForTheWriterTogether_WhenCommitted_ThenOneTransactionStoresEachWithItsAuditAndASecondBookingOfASlotIsRefused()
    {
        var commit = factory.Services.GetRequiredService<BookingGroupCommit>();
        // A fortnight ahead, so every reminder of the plan is still to come.
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, date: Today.AddDays(14));
        var patients = await PatientsAsync(factory, 6);
        var reception = await Clients.UserAsync(factory, "reception");
        var batches = commit.BatchesCommitted;
        var retried = commit.BatchesRetriedSingly;

        List<Task<HttpResponseMessage>> requests;
        await using (await commit.HoldAsync())
        {
            // Five bookings of five slots, and a sixth patient for the first slot, all checked and queued together.
            requests = [.. Enumerable.Range(0, 5).Select(i => BookAsync(reception, slots[i].Id, patients[i])), BookAsync(reception, slots[0].Id, patients[5])];
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (commit.Waiting < requests.Count)
            {
                await Task.Delay(10, guard.Token);
            }

            // Queued but not committed: nothing is stored and nobody has been answered.
            Assert.All(requests, r => Assert.False(r.IsCompleted));
            Assert.Empty(await AppointmentsAsync(factory, slots[0].Id));
        }

        var responses = await Task.WhenAll(requests);

        // Whichever of the two bookings of the first slot was queued first has it; the other is refused.
        Assert.All(responses[1..5], r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }, new[] { responses[0].StatusCode, responses[5].StatusCode }.Order().ToArray());
        var (winner, loser) = responses[0].StatusCode == HttpStatusCode.Created ? (0, 5) : (5, 0);
        Assert.Equal("Slot already booked", (await responses[loser].JsonAsync()).GetProperty("title").GetString());
        // The five in one transaction; the second booking of the slot waited for the next, which the database refused.
        Assert.Equal(batches + 1, commit.BatchesCommitted);
        Assert.Equal(retried + 1, commit.BatchesRetriedSingly);

        var busy = await SlotsAsync(factory, clinicId);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        // The refusal is audited by the request itself; the writer records each booking as its own requester's.
        var refusal = await db.AuditEvents.SingleAsync(a => a.Entity == $"Slot/{slots[0].Id}" && a.PatientId == patients[loser] && a.Outcome == AuditOutcome.Failure);
        Assert.NotEqual("anonymous", refusal.AgentId);
        foreach (var i in new[] { winner, 1, 2, 3, 4 })
        {
            var slot = slots[i == 5 ? 0 : i];
            var id = (await responses[i].JsonAsync()).Id();
            var stored = Assert.Single(await AppointmentsAsync(factory, slot.Id));
            Assert.Equal(id, stored.Id);
            Assert.Equal(patients[i], stored.PatientId);
            Assert.Equal(SlotStatus.Busy, busy.Single(s => s.Id == slot.Id).Status);
            // Reminders are written when due (ADR 0150): none stored yet, all five planned.
            Assert.False(await db.Set<Reminder>().AnyAsync(r => r.AppointmentId == id));
            Assert.Equal(ReminderPlan.Rules.Length, ReminderPlan.For(stored).Count(r => r.PatientId == patients[i]));
            var audited = await db.AuditEvents.SingleAsync(a => a.Entity == $"Appointment/{id}" && a.Action == AuditAction.Create);
            Assert.Equal(patients[i], audited.PatientId);
            Assert.Equal(AuditOutcome.Success, audited.Outcome);
            Assert.Equal(refusal.AgentId, audited.AgentId);
            Assert.Equal(refusal.AgentName, audited.AgentName);
        }

        Assert.False(await db.Set<Appointment>().AnyAsync(a => a.PatientId == patients[loser]));
        Assert.False(await db.Set<Reminder>().AnyAsync(r => r.PatientId == patients[loser]));
        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenABatchHoldingBookingsTheDatabaseRefuses_WhenCommitted_ThenOnlyThoseAreRefusedAndTheOthersCommitWithTheirAudit()
    {
        var commit = factory.Services.GetRequiredService<BookingGroupCommit>();
        var (clinicId, slots) = await TomorrowsClinicAsync(factory, date: Today.AddDays(14));
        var patients = await PatientsAsync(factory, 7);
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(reception, slots[0].Id, patients[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(reception, slots[5].Id, patients[6])).StatusCode);
        // As if the next requests had read the first slot before that booking committed (or another node booked it) ...
        await SetSlotStatusAsync(slots[0].Id, SlotStatus.Free);
        // ... and a slot of the same clinician and place overlapping the booked sixth slot's time (10:50–11:10).
        var overlapping = new Slot
        {
            SessionId = slots[5].SessionId, ClinicId = clinicId, ClinicianId = slots[5].ClinicianId, Place = 1,
            StartsAt = slots[5].StartsAt.AddMinutes(10), EndsAt = slots[5].EndsAt.AddMinutes(10), Type = SlotType.New,
        };
        await using (var setup = factory.Scope())
        {
            var db = setup.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            db.Add(overlapping);
            await db.SaveChangesAsync();
        }

        var batches = commit.BatchesCommitted;
        var retried = commit.BatchesRetriedSingly;
        List<Task<HttpResponseMessage>> requests;
        await using (await commit.HoldAsync())
        {
            // Both pass the code's checks and share one batch with three good bookings (09:40–10:40, overlapping none of
            // the others, so the writer's own precheck keeps all five together).
            requests = [BookAsync(reception, slots[0].Id, patients[1]), BookAsync(reception, overlapping.Id, patients[2]),
                .. Enumerable.Range(2, 3).Select(i => BookAsync(reception, slots[i].Id, patients[i + 1]))];
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (commit.Waiting < requests.Count)
            {
                await Task.Delay(10, guard.Token);
            }
        }

        var responses = await Task.WhenAll(requests);

        // The database refused the batch; it was rolled back and each booking written on its own: only the two are refused.
        Assert.Equal(retried + 1, commit.BatchesRetriedSingly);
        Assert.Equal(batches, commit.BatchesCommitted);
        Assert.Equal(HttpStatusCode.Conflict, responses[0].StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, responses[1].StatusCode);
        // (Which rule refuses the stale slot first differs: PostgreSQL's unique index, or SQLite's overlap trigger.)
        Assert.Equal("Slot already booked", (await responses[0].JsonAsync()).GetProperty("title").GetString());
        var busyClinician = await responses[1].JsonAsync();
        Assert.Equal("Slot already booked", busyClinician.GetProperty("title").GetString());
        Assert.Equal(BookAppointment.ClinicianBusyMessage, busyClinician.GetProperty("detail").GetString());
        Assert.All(responses[2..], r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var busy = await SlotsAsync(factory, clinicId);
        await using var scope = factory.Scope();
        var check = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Equal(patients[0], Assert.Single(await AppointmentsAsync(factory, slots[0].Id)).PatientId);
        Assert.Equal(patients[6], Assert.Single(await AppointmentsAsync(factory, slots[5].Id)).PatientId);
        Assert.Empty(await AppointmentsAsync(factory, overlapping.Id));
        Assert.Equal(SlotStatus.Free, busy.Single(s => s.Id == overlapping.Id).Status);
        foreach (var refused in new[] { (Slot: slots[0].Id, Patient: patients[1]), (Slot: overlapping.Id, Patient: patients[2]) })
        {
            Assert.False(await check.Set<Appointment>().AnyAsync(a => a.PatientId == refused.Patient));
            var audited = await check.AuditEvents.SingleAsync(a => a.Entity == $"Slot/{refused.Slot}" && a.PatientId == refused.Patient);
            Assert.Equal(AuditOutcome.Failure, audited.Outcome);
            Assert.Contains("(database)", audited.Detail, StringComparison.Ordinal);
            Assert.False(await check.AuditEvents.AnyAsync(a => a.PatientId == refused.Patient && a.Action == AuditAction.Create && a.Outcome == AuditOutcome.Success));
        }

        foreach (var i in new[] { 2, 3, 4 })
        {
            var id = (await responses[i].JsonAsync()).Id();
            var stored = Assert.Single(await AppointmentsAsync(factory, slots[i].Id));
            Assert.Equal(id, stored.Id);
            Assert.Equal(patients[i + 1], stored.PatientId);
            Assert.Equal(AppointmentStatus.Booked, stored.Status);
            Assert.Equal(slots[i].StartsAt, stored.StartsAt);
            Assert.Equal(SlotStatus.Busy, busy.Single(s => s.Id == slots[i].Id).Status);
            var audited = await check.AuditEvents.SingleAsync(a => a.Entity == $"Appointment/{id}" && a.Action == AuditAction.Create);
            Assert.Equal(patients[i + 1], audited.PatientId);
            Assert.Equal(AuditOutcome.Success, audited.Outcome);
            Assert.StartsWith("booked ", audited.Detail, StringComparison.Ordinal);
        }

        Assert.Null(await AuditChain.VerifyAsync(check, null, CancellationToken.None));
    }

    [Fact]
    public async Task GivenTheCodesCheckSeesAStaleFreeSlot_WhenBooked_ThenTheDatabaseRefusesAndTheAnswerIsTheSameCleanConflict()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).StatusCode);
        // As if the second request had read the slot before the first committed.
        await SetSlotStatusAsync(slots[0].Id, SlotStatus.Free);

        var second = await BookAsync(reception, slots[0].Id, await PatientAsync(factory));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("Slot already booked", (await second.JsonAsync()).GetProperty("title").GetString());
        Assert.Single(await AppointmentsAsync(factory, slots[0].Id));
    }

    [Fact]
    public async Task GivenOverlappingBookingsWrittenPastTheCode_WhenSaved_ThenTheDatabaseRefuses()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        var patient = await PatientAsync(factory);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        db.Add(Appointment.For(slots[0], patient, DateTime.UtcNow, "test", "test"));
        await db.SaveChangesAsync();

        // The same slot again.
        db.Add(Appointment.For(slots[0], patient, DateTime.UtcNow, "test", "test"));
        var sameSlot = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(DbErrors.IsConflict(sameSlot), sameSlot.InnerException?.Message);
        db.ChangeTracker.Clear();

        // Another slot of the same clinician and place that overlaps in time (09:10–09:30 against 09:00–09:20).
        var overlapping = new Slot
        {
            SessionId = slots[0].SessionId, ClinicId = clinicId, ClinicianId = slots[0].ClinicianId, Place = 1,
            StartsAt = slots[0].StartsAt.AddMinutes(10), EndsAt = slots[0].EndsAt.AddMinutes(10), Type = SlotType.FollowUp,
        };
        db.Add(overlapping);
        await db.SaveChangesAsync();
        db.Add(Appointment.For(overlapping, patient, DateTime.UtcNow, "test", "test"));
        var clinicianTime = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(DbErrors.IsExclusionViolation(clinicianTime), clinicianTime.InnerException?.Message);
        db.ChangeTracker.Clear();

        // An appointment whose copied times disagree with its slot's is refused by the foreign key.
        var forged = Appointment.For(slots[1], patient, DateTime.UtcNow, "test", "test");
        forged.StartsAt = forged.StartsAt.AddHours(3);
        forged.EndsAt = forged.EndsAt.AddHours(3);
        db.Add(forged);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        // Deliberate overbookings and cancelled bookings are outside the rules.
        var overbooked = Appointment.For(slots[0], patient, DateTime.UtcNow, "test", "test");
        overbooked.Overbooked = true;
        overbooked.OverbookReason = "Urgent review";
        overbooked.OverbookedById = "test";
        overbooked.OverbookedByName = "test";
        db.Add(overbooked);
        await db.SaveChangesAsync();
        var first = await db.Set<Appointment>().SingleAsync(a => a.SlotId == slots[0].Id && !a.Overbooked);
        first.Status = AppointmentStatus.Cancelled;
        first.CancelledAt = DateTime.UtcNow;
        first.CancellationReason = "test";
        first.CancelledBy = CancelledBy.Patient;
        first.CancelledById = "test";
        await db.SaveChangesAsync();
        db.Add(Appointment.For(overlapping, patient, DateTime.UtcNow, "test", "test"));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task GivenAFreeSlot_WhenBooked_ThenCreatedWithLocationTheSlotIsBusyAndTheBookingIsAudited()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        var patient = await PatientAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");

        var response = await BookAsync(reception, slots[2].Id, patient);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal($"/api/v1/scheduling/appointments/{body.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("booked", body.GetProperty("status").GetString());
        Assert.Equal("09:40", body.GetProperty("localStart").GetString());
        Assert.Equal(SlotStatus.Busy, (await SlotsAsync(factory, clinicId))[2].Status);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        // The answer names the clinic the booking's checks read, as a read of the appointment does.
        var clinic = await db.Set<Clinic>().AsNoTracking().SingleAsync(c => c.Id == clinicId);
        Assert.Equal(clinicId, body.GetProperty("clinicId").GetGuid());
        Assert.Equal(clinic.Name, body.GetProperty("clinicName").GetString());
        Assert.Equal(clinic.Site, body.GetProperty("site").GetString());
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Appointment/{body.Id()}" && a.Action == AuditAction.Create && a.PatientId == patient));

        var read = await reception.GetAsync($"/api/v1/scheduling/appointments/{body.Id()}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Appointment/{body.Id()}" && a.Action == AuditAction.Read && a.PatientId == patient));
    }

    [Fact]
    public async Task GivenABookedAppointment_WhenCancelledByThePatient_ThenTheSlotIsFreeAndAnotherPatientCanHaveIt()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var booked = await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync();

        var noReason = await reception.PostAsJsonAsync($"{Api}/appointments/{booked.Id()}/cancel", new { reason = "", by = "someone" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var errors = (await noReason.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("reason", out _) && errors.TryGetProperty("by", out _));

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"{Api}/appointments/{booked.Id()}/cancel") { Content = JsonContent.Create(new { reason = "Patient on holiday", by = "patient" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "W/\"7\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await reception.SendAsync(stale)).StatusCode);

        var cancelled = await reception.PostAsJsonAsync($"{Api}/appointments/{booked.Id()}/cancel", new { reason = "Patient on holiday", by = "patient" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.JsonAsync();
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        Assert.Equal("patient", body.GetProperty("cancelledBy").GetString());
        Assert.Equal("Patient on holiday", body.GetProperty("cancellationReason").GetString());
        Assert.Equal(SlotStatus.Free, (await SlotsAsync(factory, clinicId))[0].Status);

        Assert.Equal(HttpStatusCode.Conflict, (await reception.PostAsJsonAsync($"{Api}/appointments/{booked.Id()}/cancel", new { reason = "Again", by = "hospital" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).StatusCode);
    }

    [Fact]
    public async Task GivenATakenSlot_WhenOverbooked_ThenOnlyWithPermissionAndAReasonAndItIsRecorded()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var secretary = await Clients.UserAsync(factory, "secretary");
        await BookAsync(reception, slots[0].Id, await PatientAsync(factory));
        var patient = await PatientAsync(factory);

        var plain = await BookAsync(reception, slots[0].Id, patient);
        Assert.Equal(HttpStatusCode.Conflict, plain.StatusCode);
        var byReception = await BookAsync(reception, slots[0].Id, patient, overbook: true, reason: "Patient travelled far");
        Assert.Equal(HttpStatusCode.Forbidden, byReception.StatusCode);
        Assert.Equal("Overbooking needs permission", (await byReception.JsonAsync()).GetProperty("title").GetString());
        var noReason = await BookAsync(secretary, slots[0].Id, patient, overbook: true);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.JsonAsync()).GetProperty("errors").TryGetProperty("overbookReason", out _));

        var overbooked = await BookAsync(secretary, slots[0].Id, patient, overbook: true, reason: "Urgent review asked for by Dr Roberts");
        Assert.Equal(HttpStatusCode.Created, overbooked.StatusCode);
        var body = await overbooked.JsonAsync();
        Assert.True(body.GetProperty("overbooked").GetBoolean());
        Assert.Equal("Urgent review asked for by Dr Roberts", body.GetProperty("overbookReason").GetString());
        Assert.Contains("Sam O'Neill", body.GetProperty("overbookedBy").GetString()!, StringComparison.Ordinal);
        Assert.Equal(2, (await AppointmentsAsync(factory, slots[0].Id)).Count);
    }

    [Fact]
    public async Task GivenASlotInThePast_WhenBooked_ThenRefusedSayingSo()
    {
        // A session today from 00:00 to 00:20 is over whenever the test runs.
        var (_, slots) = await TomorrowsClinicAsync(factory, "00:00", "00:20", date: Today);
        var reception = await Clients.UserAsync(factory, "reception");

        var response = await BookAsync(reception, slots[0].Id, await PatientAsync(factory));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("in the past", (await response.JsonAsync()).GetProperty("errors").GetProperty("slotId")[0].GetString()!, StringComparison.Ordinal);
        Assert.Empty(await AppointmentsAsync(factory, slots[0].Id));
    }

    [Fact]
    public async Task GivenACancelledSession_WhenASlotOfItIsBooked_ThenRefusedGivingTheReason()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var practice = await Clients.UserAsync(factory, "practice");
        await practice.PostAsJsonAsync($"{Api}/sessions/{slots[0].SessionId}/cancel", new { reason = "Consultant on annual leave" });

        var response = await BookAsync(practice, slots[3].Id, await PatientAsync(factory));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Consultant on annual leave", (await response.JsonAsync()).GetProperty("errors").GetProperty("slotId")[0].GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAClinicAndAStartTime_WhenOutsideTheSessionOrBetweenSlots_ThenRefusedSayingWhenTheClinicRuns()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var patient = await PatientAsync(factory);
        var day = Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var outside = await reception.PostAsJsonAsync($"{Api}/appointments", new { patientId = patient, clinicId, start = $"{day}T13:00" });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        var message = (await outside.JsonAsync()).GetProperty("errors").GetProperty("start")[0].GetString()!;
        Assert.Contains("outside the clinic's session times", message, StringComparison.Ordinal);
        Assert.Contains("09:00–12:00", message, StringComparison.Ordinal);

        var between = await reception.PostAsJsonAsync($"{Api}/appointments", new { patientId = patient, clinicId, start = $"{day}T09:10" });
        Assert.Equal(HttpStatusCode.BadRequest, between.StatusCode);
        Assert.Contains("every 20 minutes", (await between.JsonAsync()).GetProperty("errors").GetProperty("start")[0].GetString()!, StringComparison.Ordinal);

        var byTime = await reception.PostAsJsonAsync($"{Api}/appointments", new { patientId = patient, clinicId, start = $"{day}T09:20" });
        Assert.Equal(HttpStatusCode.Created, byTime.StatusCode);
        Assert.Equal(slots[1].Id, Guid.Parse((await byTime.JsonAsync()).GetProperty("slotId").GetString()!));
    }

    [Theory]
    [InlineData("inactive", "inactive")]
    [InlineData("deceased", "died on 01-Nov-2026")]
    [InlineData("unknown", "no patient")]
    public async Task GivenAPatientWhoCannotBeBooked_WhenBooked_ThenRefusedSayingWhy(string kind, string expected)
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var patient = kind == "unknown" ? Guid.NewGuid() : await PatientAsync(factory, p =>
        {
            if (kind == "inactive")
            {
                p.Active = false;
            }
            else
            {
                p.DateOfDeath = new DateOnly(2026, 11, 1);
            }
        });

        var response = await BookAsync(reception, slots[0].Id, patient);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.JsonAsync()).GetProperty("errors").GetProperty("patientId")[0].GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await AppointmentsAsync(factory, slots[0].Id));
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Slot/{slots[0].Id}" && a.Outcome == AuditOutcome.Failure && a.PatientId == patient));
    }

    [Fact]
    public async Task GivenAPatientBookedAtNine_WhenBookedIntoAnotherClinicAtNine_ThenRefusedAsAlreadyBooked()
    {
        var (_, first) = await TomorrowsClinicAsync(factory);
        var (_, second) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var patient = await PatientAsync(factory);
        await BookAsync(reception, first[0].Id, patient);

        var response = await BookAsync(reception, second[0].Id, patient);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("Patient already booked at this time", problem.GetProperty("title").GetString());
        // The clash is read with the slot in one query (ADR 0150) and still names the other booking's time and clinic.
        await using var scope = factory.Scope();
        var clinic = await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Clinic>().AsNoTracking().SingleAsync(c => c.Id == first[0].ClinicId);
        Assert.Equal($"The patient is already booked at {SchedulingFormat.DateAndTime(first[0].StartsAt)} in {clinic.Name}.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GivenASlot_WhenLoadedForBookingInOneQuery_ThenOnlyTheSlotIsTrackedAndASlotAlreadyTrackedIsTheOneUsed()
    {
        var (clinicId, slots) = await TomorrowsClinicAsync(factory);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var availability = scope.ServiceProvider.GetRequiredService<Availability>();

            var context = await availability.LoadAsync(slots[1].Id, track: true, CancellationToken.None);

            Assert.NotNull(context);
            Assert.Equal(slots[1].Id, context.Slot.Id);
            Assert.Equal(context.Slot.SessionId, context.Session.Id);
            Assert.Equal(clinicId, context.Clinic.Id);
            var entry = Assert.Single(db.ChangeTracker.Entries());
            Assert.Same(context.Slot, entry.Entity);
            Assert.Equal(EntityState.Unchanged, entry.State);

            // Marking it busy is saved, as the booking does.
            context.Slot.Status = SlotStatus.Busy;
            await db.SaveChangesAsync();
            Assert.Null(await availability.LoadAsync(Guid.NewGuid(), track: true, CancellationToken.None));
        }

        Assert.Equal(SlotStatus.Busy, (await SlotsAsync(factory, clinicId))[1].Status);
        await SetSlotStatusAsync(slots[1].Id, SlotStatus.Free);

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var availability = scope.ServiceProvider.GetRequiredService<Availability>();
            var untracked = await availability.LoadAsync(slots[2].Id, track: false, CancellationToken.None);
            Assert.NotNull(untracked);
            Assert.Empty(db.ChangeTracker.Entries());

            // Rebooking and walk-ins may already hold the slot: the same instance comes back, with its unsaved change.
            var held = await db.Set<Slot>().SingleAsync(s => s.Id == slots[2].Id);
            held.Status = SlotStatus.Busy;
            var context = await availability.LoadAsync(slots[2].Id, track: true, CancellationToken.None);
            Assert.Same(held, context!.Slot);
            Assert.Equal(SlotStatus.Busy, context.Slot.Status);
        }
    }

    private async Task SetSlotStatusAsync(Guid slotId, SlotStatus status)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        await db.Set<Slot>().Where(s => s.Id == slotId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, status));
    }
}

public sealed class BookingTests_Sqlite(SqliteFactory factory) : BookingTests(factory), IClassFixture<SqliteFactory>;

public sealed class BookingTests_Postgres(PostgresFactory factory) : BookingTests(factory), IClassFixture<PostgresFactory>;
