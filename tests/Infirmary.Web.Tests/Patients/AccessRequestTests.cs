using System.Globalization;
using System.Net;
using System.Text.Json;
using Infirmary.Web.Tests.Infrastructure;

namespace Infirmary.Web.Tests.Patients;

/// <summary>Subject access requests over REST and on the manager's worklist, on SQLite and PostgreSQL (ADR 0047).</summary>
public abstract class AccessRequestTests(InfirmaryFactory factory)
{
    private static string Yesterday => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<string> NewPatientAsync()
    {
        var system = await Clients.SystemAsync(factory);
        var created = await system.PostAsync("/fhir/Patient", Clients.Fhir(TestData.FhirPatient()));
        return (await created.JsonAsync()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task GivenALateRequest_WhenWorkedToDisclosure_ThenOverdueOnTheManagersWorklistUntilDisclosedWithTheExportKept()
    {
        var patientId = await NewPatientAsync();
        var clerk = await Clients.UserAsync(factory, "records");
        var logged = await Ok(await clerk.PostJsonAsync("/api/v1/access-requests", new
        {
            patientId, requesterName = "Amelia Test", relationship = "The patient", scope = "All records", receivedOn = "2026-01-31",
        }), HttpStatusCode.Created);
        var id = logged.GetProperty("id").GetString();
        Assert.Equal("2026-02-28", logged.GetProperty("dueOn").GetString());
        Assert.True(logged.GetProperty("overdue").GetBoolean());

        var overdue = await Ok(await clerk.GetAsync("/api/v1/access-requests?overdue=true"));
        Assert.Contains(overdue.EnumerateArray(), r => r.GetProperty("id").GetString() == id);

        var manager = await Clients.UserAsync(factory, "practice");
        var home = await (await manager.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"sar-overdue-count\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"sar-overdue-count\">0<", home, StringComparison.Ordinal);

        // Disclosure needs the earlier steps; each step needs the current version.
        var early = await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/disclosure", new { note = "Posted", version = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var verified = await Ok(await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/status", new { status = "IdentityVerified", note = "Passport seen", version = 1 }));
        var stale = await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/status", new { status = "InProgress", version = 1 });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var started = await Ok(await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/status", new { status = "InProgress", version = verified.GetProperty("version").GetInt32() }));
        var disclosed = await Ok(await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/disclosure",
            new { note = "Full record sent by secure e-mail", version = started.GetProperty("version").GetInt32() }));
        Assert.Equal("Disclosed", disclosed.GetProperty("status").GetString());
        Assert.False(disclosed.GetProperty("overdue").GetBoolean());
        Assert.True(disclosed.GetProperty("hasExport").GetBoolean());

        var export = await Ok(await clerk.GetAsync($"/api/v1/access-requests/{id}/export"));
        Assert.Equal("Bundle", export.GetProperty("resourceType").GetString());
        Assert.Equal(patientId, export.GetProperty("entry")[0].GetProperty("resource").GetProperty("id").GetString());
        var after = await Ok(await clerk.GetAsync("/api/v1/access-requests?overdue=true"));
        Assert.DoesNotContain(after.EnumerateArray(), r => r.GetProperty("id").GetString() == id);

        var page = await clerk.GetAsync($"/access-requests/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Disclosed", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var audit = await Ok(await (await Clients.SystemAsync(factory)).GetAsync($"/fhir/AuditEvent?entity=AccessRequest/{id}"));
        Assert.True(audit.GetProperty("entry").GetArrayLength() >= 4);
    }

    [Fact]
    public async Task GivenAComplexRequest_WhenExtended_ThenDueThreeMonthsFromReceiptAndOnlyOnceWithAReason()
    {
        var patientId = await NewPatientAsync();
        var clerk = await Clients.UserAsync(factory, "records");
        var logged = await Ok(await clerk.PostJsonAsync("/api/v1/access-requests", new
        {
            patientId, requesterName = "Hill & Co Solicitors", relationship = "Solicitor", scope = "Maternity records 2019–2021", receivedOn = Yesterday,
        }), HttpStatusCode.Created);
        var id = logged.GetProperty("id").GetString();

        var noReason = await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/extension", new { months = 2, version = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var tooLong = await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/extension", new { months = 3, reason = "Many volumes", version = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        var extended = await Ok(await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/extension", new { months = 2, reason = "Twelve paper volumes to redact", version = 1 }));
        var received = DateOnly.Parse(Yesterday, CultureInfo.InvariantCulture);
        Assert.Equal(received.AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), extended.GetProperty("effectiveDueOn").GetString());
        var again = await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/extension", new { months = 1, reason = "More", version = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        var withdrawnWithoutReason = await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/status", new { status = "Withdrawn", version = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, withdrawnWithoutReason.StatusCode);
        var withdrawn = await Ok(await clerk.PostJsonAsync($"/api/v1/access-requests/{id}/status", new { status = "Withdrawn", note = "Client withdrew by letter", version = 2 }));
        Assert.Equal("Withdrawn", withdrawn.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GivenBadInputOrTheWrongRole_WhenLogging_ThenPreciseErrorsOrForbidden()
    {
        var patientId = await NewPatientAsync();
        var clerk = await Clients.UserAsync(factory, "records");
        var future = await clerk.PostJsonAsync("/api/v1/access-requests", new
        {
            patientId, requesterName = "A", relationship = "Self", scope = "All", receivedOn = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.True((await future.JsonAsync()).GetProperty("errors").TryGetProperty("receivedOn", out _));

        var missing = await clerk.PostJsonAsync("/api/v1/access-requests", new { patientId = Guid.NewGuid(), receivedOn = Yesterday });
        var errors = (await missing.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("requesterName", out _));
        Assert.True(errors.TryGetProperty("patientId", out _));

        var receptionist = await Clients.UserAsync(factory, "reception");
        var denied = await receptionist.PostJsonAsync("/api/v1/access-requests", new { patientId, requesterName = "A", relationship = "Self", scope = "All", receivedOn = Yesterday });
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}

public sealed class AccessRequestTests_Sqlite(SqliteFactory factory) : AccessRequestTests(factory), IClassFixture<SqliteFactory>;

public sealed class AccessRequestTests_Postgres(PostgresFactory factory) : AccessRequestTests(factory), IClassFixture<PostgresFactory>;
