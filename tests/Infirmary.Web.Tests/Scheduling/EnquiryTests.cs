using System.Net;
using System.Net.Http.Json;
using Infirmary.Web.Tests.Infrastructure;
using static Infirmary.Web.Tests.Scheduling.SchedulingTestSupport;

namespace Infirmary.Web.Tests.Scheduling;

/// <summary>The reception enquiry log on SQLite and PostgreSQL: calls and emails logged against a patient, through the API and the page.</summary>
public abstract class EnquiryTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenAPhoneCallAndAnEmail_WhenLogged_ThenTheyAreListedNewestFirstWithWhoLoggedThem()
    {
        var patient = await PatientAsync(factory);
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var appointment = (await (await BookAsync(reception, slots[0].Id, patient)).JsonAsync()).Id();
        var url = $"{Api}/patients/{patient}/enquiries";

        var call = await reception.PostAsJsonAsync(url, new { channel = "phone", from = "relative", fromName = "Tom Smith (son)", summary = "Asked where to park", appointmentId = appointment });
        Assert.Equal(HttpStatusCode.Created, call.StatusCode);
        var email = await reception.PostAsJsonAsync(url, new { channel = "email", from = "patient", summary = "Wants a later appointment", action = "Told to ring reception" });
        Assert.Equal(HttpStatusCode.Created, email.StatusCode);

        var list = await (await reception.GetAsync(url)).JsonAsync();
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal("email", list[0].GetProperty("channel").GetString());
        Assert.Equal("phone", list[1].GetProperty("channel").GetString());
        Assert.Equal(appointment, Guid.Parse(list[1].GetProperty("appointmentId").GetString()!));
        Assert.Contains("reception", list[0].GetProperty("recordedBy").GetString(), StringComparison.Ordinal);

        var page = await reception.GetStringAsync($"/scheduling/patients/{patient}/enquiries");
        Assert.Contains("Asked where to park", page, StringComparison.Ordinal);
        Assert.Contains("A relative: Tom Smith (son)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenBadEnquiries_WhenLogged_ThenEachFieldIsNamedAndNothingIsStored()
    {
        var patient = await PatientAsync(factory);
        var other = await PatientAsync(factory);
        var (_, slots) = await TomorrowsClinicAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var othersAppointment = (await (await BookAsync(reception, slots[0].Id, other)).JsonAsync()).Id();
        var url = $"{Api}/patients/{patient}/enquiries";

        async Task FieldAsync(object body, string field)
        {
            var response = await reception.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        await FieldAsync(new { channel = "fax", from = "patient", summary = "x" }, "channel");
        await FieldAsync(new { channel = "phone", from = "stranger", summary = "x" }, "from");
        await FieldAsync(new { channel = "phone", from = "gp", summary = "Referral query" }, "fromName");
        await FieldAsync(new { channel = "phone", from = "patient", summary = "  " }, "summary");
        await FieldAsync(new { channel = "phone", from = "patient", summary = new string('a', 1001) }, "summary");
        await FieldAsync(new { channel = "phone", from = "patient", summary = "About my visit", appointmentId = othersAppointment }, "appointmentId");
        Assert.Equal(HttpStatusCode.NotFound, (await reception.PostAsJsonAsync($"{Api}/patients/{Guid.NewGuid()}/enquiries", new { channel = "phone", from = "patient", summary = "x" })).StatusCode);
        Assert.Equal(0, (await (await reception.GetAsync(url)).JsonAsync()).GetArrayLength());

        var clinician = await Clients.UserAsync(factory, "clinician");
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostAsJsonAsync(url, new { channel = "phone", from = "patient", summary = "x" })).StatusCode);
        var pharmacist = await Clients.UserAsync(factory, "pharmacist");
        Assert.Equal(HttpStatusCode.Forbidden, (await pharmacist.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task GivenTheEnquiriesPage_WhenReceptionLogsACall_ThenItIsListedAndAFormErrorNamesTheField()
    {
        var patient = await PatientAsync(factory);
        var reception = await Clients.UserAsync(factory, "reception");
        var url = $"/scheduling/patients/{patient}/enquiries";

        var bad = await Clients.PostFormAsync(reception, url, "enquiry", new() { ["Channel"] = "phone", ["From"] = "patient", ["Summary"] = "" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("href=\"#summary\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var logged = await Clients.PostFormAsync(reception, url, "enquiry", new() { ["Channel"] = "phone", ["From"] = "carer", ["FromName"] = "Ann Lee", ["Summary"] = "Needs wheelchair access" });
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        var page = await reception.GetStringAsync(Clients.LocalTarget(logged));
        Assert.Contains("The enquiry has been logged.", page, StringComparison.Ordinal);
        Assert.Contains("Needs wheelchair access", page, StringComparison.Ordinal);

        var clinician = await Clients.UserAsync(factory, "clinician");
        var readOnly = await clinician.GetStringAsync(url);
        Assert.Contains("Needs wheelchair access", readOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("Log enquiry", readOnly, StringComparison.Ordinal);
    }
}

public sealed class EnquiryTests_Sqlite(SqliteFactory factory) : EnquiryTests(factory), IClassFixture<SqliteFactory>;

public sealed class EnquiryTests_Postgres(PostgresFactory factory) : EnquiryTests(factory), IClassFixture<PostgresFactory>;
