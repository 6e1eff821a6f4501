using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Scheduling.Domain;
using Microsoft.EntityFrameworkCore;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>
/// Makes what scheduling tests need, each test its own: a clinician (a new member of staff with the Clinician role,
/// so no two tests or the demo clinics share a clinician's time), a clinic in its own room, templates and slots.
/// </summary>
public static class SchedulingTestSupport
{
    public const string Api = "/api/v1/scheduling";

    public static async Task<Guid> ClinicianAsync(InfirmaryFactory factory, string? name = null)
    {
        await using var scope = factory.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = $"clin{Guid.NewGuid():N}"[..20], DisplayName = name ?? $"Dr {TestData.Family()}", JobTitle = "Consultant" };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Clinician)).Succeeded);
        return user.Id;
    }

    public static async Task<JsonElement> ClinicAsync(HttpClient manager, Guid clinicianId, string? room = null, string specialty = "Cardiology", string site = "St James's")
    {
        var response = await manager.PostAsJsonAsync($"{Api}/clinics", new
        {
            name = $"{specialty} clinic {Guid.NewGuid().ToString("N")[..6]}",
            specialty,
            site,
            room = room ?? $"Room {Guid.NewGuid().ToString("N")[..8]}",
            clinicianId,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static object Template(string day, string start = "09:00", string end = "12:00", int minutes = 20, string type = "follow-up",
        string from = "2026-11-25", string? to = null, string recurrence = "weekly", int capacity = 1) => new
    {
        recurrence, dayOfWeek = day, startTime = start, endTime = end, slotMinutes = minutes, slotType = type, capacity, validFrom = from, validTo = to,
    };

    public static async Task<HttpResponseMessage> AddTemplateAsync(HttpClient manager, Guid clinicId, object template) =>
        await manager.PostAsJsonAsync($"{Api}/clinics/{clinicId}/templates", template);

    public static async Task<JsonElement> GenerateAsync(HttpClient manager, Guid clinicId, string? from = null, string? to = null, int? weeks = null)
    {
        var response = await manager.PostAsJsonAsync($"{Api}/clinics/{clinicId}/generate", new { from, to, weeks });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static Guid Id(this JsonElement e) => Guid.Parse(e.GetProperty("id").GetString()!);

    public static DateOnly Today => LondonTime.Today(TimeProvider.System);

    /// <summary>
    /// A clinic of its own clinician with one session tomorrow (London), 09:00–12:00 in 20-minute slots unless told
    /// otherwise; returns the clinic id and its slots in time order.
    /// </summary>
    public static async Task<(Guid ClinicId, List<Slot> Slots)> TomorrowsClinicAsync(InfirmaryFactory factory, string start = "09:00", string end = "12:00",
        int minutes = 20, int capacity = 1, string type = "follow-up", DateOnly? date = null, string specialty = "Cardiology", string site = "St James's")
    {
        var day = date ?? Today.AddDays(1);
        var practice = await Clients.UserAsync(factory, "practice");
        var clinic = await ClinicAsync(practice, await ClinicianAsync(factory), specialty: specialty, site: site);
        var template = await AddTemplateAsync(practice, clinic.Id(), Template(day.DayOfWeek.ToString(), start, end, minutes, type,
            from: Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), capacity: capacity));
        Assert.True(template.StatusCode == HttpStatusCode.Created, await template.Content.ReadAsStringAsync());
        var iso = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await GenerateAsync(practice, clinic.Id(), iso, iso);
        return (clinic.Id(), await SlotsAsync(factory, clinic.Id()));
    }

    public static async Task<List<Slot>> SlotsAsync(InfirmaryFactory factory, Guid clinicId)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Slot>().AsNoTracking()
            .Where(s => s.ClinicId == clinicId).OrderBy(s => s.StartsAt).ThenBy(s => s.Place).ToListAsync();
    }

    public static async Task<List<Appointment>> AppointmentsAsync(InfirmaryFactory factory, Guid slotId)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Appointment>().AsNoTracking()
            .Where(a => a.SlotId == slotId).ToListAsync();
    }

    /// <summary>Registers patients straight into the index (quicker than the API when a test needs fifty).</summary>
    public static async Task<List<Guid>> PatientsAsync(InfirmaryFactory factory, int count, Action<Patient>? change = null)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var now = DateTime.UtcNow;
        var made = new List<Patient>();
        for (var i = 0; i < count; i++)
        {
            var p = new Patient { CreatedAt = now, UpdatedAt = now };
            p.Apply(new PatientDetails
            {
                NhsNumber = TestData.NhsNumber(), GivenName = "Jane", FamilyName = TestData.Family(), BirthDate = new DateOnly(1960, 5, 1),
                Sex = Sex.Female, Postcode = "LS1 5HD", AddressLine1 = "1 Park Row", Town = "Leeds",
            });
            change?.Invoke(p);
            made.Add(p);
        }

        db.Set<Patient>().AddRange(made);
        await db.SaveChangesAsync();
        return [.. made.Select(p => p.Id)];
    }

    public static async Task<Guid> PatientAsync(InfirmaryFactory factory, Action<Patient>? change = null) => (await PatientsAsync(factory, 1, change))[0];

    public static Task<HttpResponseMessage> BookAsync(HttpClient client, Guid slotId, Guid patientId, bool overbook = false, string? reason = null) =>
        client.PostAsJsonAsync($"{Api}/appointments", new { patientId, slotId, overbook, overbookReason = reason });
}
