using System.Net;
using System.Net.Http.Json;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Scheduling.Domain;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Scheduling.SchedulingTestSupport;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>
/// Patient transport on SQLite and PostgreSQL: requested after the eligibility questions, on the daily list, refused
/// when the patient is not eligible, and cancelled automatically with its appointment (and with a rebooking).
/// </summary>
public abstract class TransportTests(InfirmaryFactory factory)
{
    private static object Request(bool medical = false, bool mobility = true, string how = "wheelchair", bool escort = true, string? why = "Carer: patient has dementia") => new
    {
        medicalNeed = medical, mobilityNeed = mobility, mobility = how, escort, escortReason = why, pickupAddress = "2 Beckett Street, Leeds LS9 7TF", returnJourney = true,
    };

    [Fact]
    public async Task GivenAnEligiblePatient_WhenTransportIsRequested_ThenItIsOnTheDailyListAndCancelledWithTheAppointment()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var appointment = await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync();

        var requested = await reception.PostAsJsonAsync($"{Api}/appointments/{appointment.Id()}/transport", Request());
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var transport = await requested.JsonAsync();
        Assert.Equal("wheelchair", transport.GetProperty("mobility").GetString());
        Assert.True(transport.GetProperty("returnJourney").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await reception.PostAsJsonAsync($"{Api}/appointments/{appointment.Id()}/transport", Request())).StatusCode);

        var tomorrow = Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var list = await (await reception.GetAsync($"{Api}/transport?date={tomorrow}")).JsonAsync();
        Assert.Contains(list.EnumerateArray(), t => t.Id() == transport.Id());
        Assert.Contains("2 Beckett Street", await reception.GetStringAsync($"/scheduling/transport?date={tomorrow}"), StringComparison.Ordinal);

        await reception.PostAsJsonAsync($"{Api}/appointments/{appointment.Id()}/cancel", new { reason = "Patient feeling better", by = "patient" });

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var stored = await db.Set<TransportRequest>().AsNoTracking().SingleAsync(t => t.Id == transport.Id());
        Assert.Equal(TransportStatus.Cancelled, stored.Status);
        Assert.Equal("Appointment cancelled: Patient feeling better", stored.CancelReason);
        Assert.DoesNotContain((await (await reception.GetAsync($"{Api}/transport?date={tomorrow}")).JsonAsync()).EnumerateArray(), t => t.Id() == transport.Id());
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Entity == $"Transport/{transport.Id()}" && a.Action == AuditAction.Update));
    }

    [Fact]
    public async Task GivenABookingWithTransport_WhenRebooked_ThenTheOldTransportIsCancelledWithIt()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var appointment = await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync();
        var transport = await (await reception.PostAsJsonAsync($"{Api}/appointments/{appointment.Id()}/transport", Request(medical: true))).JsonAsync();

        await reception.PostAsJsonAsync($"{Api}/appointments/{appointment.Id()}/rebook", new { slotId = slots[3].Id, reason = "Clinic running late", by = "hospital" });

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Equal(TransportStatus.Cancelled, (await db.Set<TransportRequest>().AsNoTracking().SingleAsync(t => t.Id == transport.Id())).Status);
    }

    [Fact]
    public async Task GivenAPatientWithNeitherNeed_WhenTransportIsRequested_ThenRefusedAsNotEligibleAndNothingIsStored()
    {
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var appointment = await (await BookAsync(reception, slots[0].Id, await PatientAsync(factory))).JsonAsync();

        var response = await reception.PostAsJsonAsync($"{Api}/appointments/{appointment.Id()}/transport", Request(medical: false, mobility: false));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not eligible", (await response.JsonAsync()).GetProperty("errors").GetProperty("medicalNeed")[0].GetString()!, StringComparison.Ordinal);

        var noEscortReason = await reception.PostAsJsonAsync($"{Api}/appointments/{appointment.Id()}/transport", Request(why: null));
        Assert.True((await noEscortReason.JsonAsync()).GetProperty("errors").TryGetProperty("escortReason", out _));
        await using var scope = factory.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<TransportRequest>().AnyAsync(t => t.AppointmentId == appointment.Id()));
    }
}

public sealed class TransportTests_Sqlite(SqliteFactory factory) : TransportTests(factory), IClassFixture<SqliteFactory>;

public sealed class TransportTests_Postgres(PostgresFactory factory) : TransportTests(factory), IClassFixture<PostgresFactory>;
