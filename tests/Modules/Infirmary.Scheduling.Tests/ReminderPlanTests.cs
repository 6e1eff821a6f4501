using CsCheck;
using Infirmary.Scheduling.Domain;
using Infirmary.Scheduling.Features;

namespace Infirmary.Scheduling.Tests;

/// <summary>The reminder plan computed from an appointment (ADR 0150): rows written when due have ids known in advance.</summary>
public sealed class ReminderPlanTests
{
    [Fact]
    public void GivenAnyAppointment_WhenItsReminderIdsAreMade_ThenTheyAreTheSameEachTimeAndDifferPerChannelAndLeadTime() =>
        Gen.Guid.Sample(appointment =>
        {
            var ids = ReminderPlan.Rules.Select(r => ReminderPlan.IdFor(appointment, r.Channel, r.DaysBefore)).ToList();
            Assert.Equal(ids, ReminderPlan.Rules.Select(r => ReminderPlan.IdFor(appointment, r.Channel, r.DaysBefore)));
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(ids, id => Assert.Equal(8, id.Version));
            Assert.DoesNotContain(ReminderPlan.IdFor(Guid.NewGuid(), ReminderChannel.Sms, 7), ids);
        });

    [Fact]
    public void GivenAnAppointmentBookedAfterItsWeekBeforeReminderFellDue_WhenPlanned_ThenOnlyTheDayBeforeRemindersArePlanned()
    {
        // 10:00 on 01-Dec-2026 (GMT) is when the 7-day reminder for 08-Dec falls due; booked a minute later.
        var starts = new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc);
        var early = new Appointment { StartsAt = starts, EndsAt = starts.AddMinutes(20), BookedAt = new DateTime(2026, 12, 1, 9, 59, 0, DateTimeKind.Utc) };
        var late = new Appointment { StartsAt = starts, EndsAt = starts.AddMinutes(20), BookedAt = new DateTime(2026, 12, 1, 10, 1, 0, DateTimeKind.Utc) };

        Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), ReminderPlan.DueAt(starts, 7));
        Assert.Equal(5, ReminderPlan.For(early).Count());
        Assert.All(ReminderPlan.For(late), r => Assert.Equal(1, r.DaysBefore));
        Assert.Equal(2, ReminderPlan.For(late).Count());
        Assert.Empty(ReminderPlan.For(new Appointment { StartsAt = starts, EndsAt = starts.AddMinutes(20), BookedAt = early.BookedAt, WalkIn = true }));
        var planned = ReminderPlan.For(early).Single(r => r is { Channel: ReminderChannel.Sms, DaysBefore: 1 });
        Assert.Equal(ReminderPlan.IdFor(early.Id, ReminderChannel.Sms, 1), planned.Id);
        Assert.Equal(Reminder.ReferenceFor(planned.Id), planned.Reference);
        Assert.Equal(new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc), planned.DueAt);
    }
}
