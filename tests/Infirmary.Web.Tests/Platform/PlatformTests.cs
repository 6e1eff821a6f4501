using System.Net;
using System.Net.Http.Json;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Audit;
using Infirmary.Platform.Data;
using Infirmary.Platform.Security;
using Infirmary.Web.Platform;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Platform;

/// <summary>Identity, access, audit, migrations and operations endpoints, on SQLite and on PostgreSQL.</summary>
public abstract class PlatformTests(InfirmaryFactory factory)
{
    [Fact]
    public async Task GivenCurrentModel_WhenComparedWithMigrations_ThenNothingIsPending()
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changed without a {factory.Provider} migration: run dotnet ef migrations add for both providers (see docs/architecture.md).");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task GivenActivity_WhenChainVerified_ThenIntact()
    {
        var client = await Clients.SystemAsync(factory);
        (await client.PostAsJsonAsync("/api/v1/patients", TestData.PatientJson())).EnsureSuccessStatusCode();
        await client.GetAsync("/api/v1/patients?family=Test");
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Null(await AuditChain.VerifyAsync(db, null, CancellationToken.None));
        var last = await db.AuditEvents.OrderByDescending(a => a.OccurredAt).FirstAsync();
        Assert.Equal(64, last.Hash.Length);
        Assert.Equal("demo-integration", last.AgentId);
    }

    [Fact]
    public async Task GivenAValueLongerThanItsColumn_WhenSavedOnEitherDatabase_ThenRefusedNamingTheFieldAndNothingIsWritten()
    {
        var name = $"long{Guid.NewGuid():N}"[..20];
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            db.Users.Add(new StaffUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = new string('a', 201) });
            var refused = await Assert.ThrowsAsync<ValueTooLongException>(() => db.SaveChangesAsync());
            Assert.Equal("The staff user's display name is 201 characters long; keep it to 200. Nothing was saved.", refused.Message);
            Assert.True(DbErrors.IsTooLong(refused));
        }

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            Assert.False(await db.Users.AnyAsync(u => u.UserName == name));

            // Exactly at the limit is kept; a later edit past it is refused and leaves the stored value as it was.
            db.Users.Add(new StaffUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = new string('b', 200) });
            await db.SaveChangesAsync();
            var user = await db.Users.SingleAsync(u => u.UserName == name);
            user.DisplayName = new string('c', 250);
            await Assert.ThrowsAsync<ValueTooLongException>(() => db.SaveChangesAsync());
        }

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            Assert.Equal(new string('b', 200), (await db.Users.SingleAsync(u => u.UserName == name)).DisplayName);
        }
    }

    [Fact]
    public async Task GivenEveryCodeStoredThroughAConverter_WhenEachValueIsWritten_ThenItFitsItsColumn()
    {
        // The net of ADR 0174 checks text as the program holds it; codes (enums written as text through a converter)
        // reach the database only as the converter writes them. Every value of every such code must fit its column, so
        // a longer enum member added later fails here rather than on PostgreSQL alone.
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var checkedCodes = 0;
        foreach (var entity in db.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                var converter = property.GetValueConverter() ?? property.GetTypeMapping().Converter;
                if (converter is null || converter.ProviderClrType != typeof(string)) continue;
                var type = Nullable.GetUnderlyingType(converter.ModelClrType) ?? converter.ModelClrType;
                Assert.True(type.IsEnum, $"{entity.ShortName()}.{property.Name} converts a {type.Name} to text; only enum codes are expected.");
                var limit = property.GetMaxLength();
                Assert.True(limit is not null, $"{entity.ShortName()}.{property.Name} has no declared length.");
                foreach (var value in Enum.GetValues(type))
                {
                    var written = (string)converter.ConvertToProvider(value)!;
                    Assert.True(written.Length <= limit, $"{entity.ShortName()}.{property.Name}: '{written}' is longer than {limit}.");
                    checkedCodes++;
                }
            }
        }

        // The scheduling and patient codes at least (statuses, channels, sex, identifier kinds).
        Assert.True(checkedCodes >= 40, $"only {checkedCodes} code values checked");
    }

    [Fact]
    public async Task GivenAuditTable_WhenAnEventIsUpdatedOrDeleted_ThenTheDatabaseRefuses()
    {
        var client = await Clients.SystemAsync(factory);
        await client.GetAsync("/api/v1/patients?family=Anyone");
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET \"Detail\" = 'tampered'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events"));
        if (factory.Provider == DatabaseProvider.Postgres)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_events"));
        }

        Assert.True(await db.AuditEvents.AnyAsync());
    }

    [Fact]
    public async Task GivenWrongPassword_WhenSigningInFiveTimes_ThenAccountLockedAndAttemptsAudited()
    {
        await using (var scope = factory.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var u = new StaffUser { UserName = $"locktest{Guid.NewGuid():N}"[..20], DisplayName = "Lock Test" };
            Assert.True((await users.CreateAsync(u, "a-long-enough-passphrase")).Succeeded);
            await users.AddToRoleAsync(u, Roles.Receptionist);
            var client = factory.CreateClient(new() { AllowAutoRedirect = false });
            for (var i = 0; i < 5; i++)
            {
                var page = await (await Clients.LoginAsync(client, u.UserName!, "wrong-password-here")).Content.ReadAsStringAsync();
                Assert.Contains(i < 4 ? "user name or password is not right" : "locked", page, StringComparison.Ordinal);
            }

            var correct = await Clients.LoginAsync(client, u.UserName!, "a-long-enough-passphrase");
            Assert.Contains("locked", await correct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var check = factory.Scope();
        var db = check.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.CountAsync(a => a.Action == AuditAction.Login && a.Outcome == AuditOutcome.Denied) >= 5);
    }

    [Theory]
    [InlineData("short-pass1")]
    [InlineData("password1234")]
    [InlineData("Liverpool2024")]
    public async Task GivenWeakPassword_WhenAccountCreated_ThenRefused(string password)
    {
        await using var scope = factory.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var result = await users.CreateAsync(new StaffUser { UserName = $"weak{Guid.NewGuid():N}"[..16], DisplayName = "Weak" }, password);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task GivenAdministrator_WhenSigningIn_ThenTotpIsRequiredAndAuditViewerOpens()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var first = await Clients.LoginAsync(client, "admin", DemoData.DemoPassword);
        Assert.StartsWith("/account/login-2fa", Clients.LocalTarget(first), StringComparison.Ordinal);
        // Without the second step the administrator is not signed in.
        var early = await client.GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);

        var admin = await Clients.UserAsync(factory, "admin", totpSecret: DemoData.DemoAdminTotpSecret);
        var page = await admin.GetAsync("/audit");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Audit trail", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenWrongTotpCode_WhenSecondStep_ThenNotSignedIn()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var first = await Clients.LoginAsync(client, "admin", DemoData.DemoPassword);
        var second = await Clients.PostFormAsync(client, Clients.LocalTarget(first), "login-2fa", new() { ["Input.Code"] = "000000" });
        Assert.Contains("security code is not right", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/audit")).StatusCode);
    }

    [Fact]
    public async Task GivenReceptionist_WhenOpeningAuditViewer_ThenSentToNoAccessPage()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var response = await reception.GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", Clients.LocalTarget(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAnonymous_WhenOpeningAPage_ThenSentToLogin()
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/patients");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenSensitivePatient_WhenReceptionistBreaksGlass_ThenAccessGrantedAndCaldicottSeesIt()
    {
        var system = await Clients.SystemAsync(factory);
        var body = new Dictionary<string, object?>
        {
            ["nhsNumber"] = TestData.NhsNumber(), ["givenName"] = "Secret", ["familyName"] = TestData.Family(),
            ["birthDate"] = "1990-05-05", ["sex"] = "Female", ["sensitive"] = true,
        };
        var id = (await (await system.PostAsJsonAsync("/api/v1/patients", body)).JsonAsync()).GetProperty("id").GetString();

        var reception = await Clients.UserAsync(factory, "reception");
        Assert.Equal(HttpStatusCode.Forbidden, (await reception.GetAsync($"/api/v1/patients/{id}")).StatusCode);
        var page = await (await reception.GetAsync($"/patients/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("Restricted record", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", page, StringComparison.Ordinal);

        var tooShort = await Clients.PostFormAsync(reception, $"/patients/{id}/break-glass", "break-glass", new() { ["Input.Reason"] = "because" });
        Assert.Contains("at least 10 characters", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var broke = await Clients.PostFormAsync(reception, $"/patients/{id}/break-glass", "break-glass",
            new() { ["Input.Reason"] = "Patient at the desk for today's clinic appointment" });
        Assert.Equal(HttpStatusCode.Redirect, broke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reception.GetAsync($"/api/v1/patients/{id}")).StatusCode);

        var caldicott = await Clients.UserAsync(factory, "caldicott");
        var reviews = await (await caldicott.GetAsync("/caldicott/break-glass")).Content.ReadAsStringAsync();
        Assert.Contains("Patient at the desk for today&#x27;s clinic appointment", reviews, StringComparison.Ordinal);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Action == AuditAction.BreakGlass && a.PatientId == Guid.Parse(id!)));
    }

    [Fact]
    public async Task GivenSystemWithoutSensitiveScope_WhenSearching_ThenRestrictedRecordsAreNotListed()
    {
        var full = await Clients.SystemAsync(factory);
        var family = TestData.Family();
        var body = new Dictionary<string, object?>
        {
            ["nhsNumber"] = TestData.NhsNumber(), ["givenName"] = "Hidden", ["familyName"] = family,
            ["birthDate"] = "1991-05-05", ["sex"] = "Male", ["sensitive"] = true,
        };
        (await full.PostAsJsonAsync("/api/v1/patients", body)).EnsureSuccessStatusCode();
        var limited = await Clients.SystemAsync(factory, "system/Patient.read");
        var bundle = await (await limited.GetAsync($"/fhir/Patient?family={family}")).JsonAsync();
        Assert.Equal(0, bundle.GetProperty("total").GetInt32());
        var all = await (await full.GetAsync($"/fhir/Patient?family={family}")).JsonAsync();
        Assert.Equal(1, all.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GivenReceptionist_WhenRegisteringThroughTheForm_ThenRecordCreatedAndShown()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var nhs = TestData.NhsNumber();
        var response = await Clients.PostFormAsync(reception, "/patients/new", "register-patient", new()
        {
            ["Form.NhsNumber"] = $"{nhs[..3]} {nhs[3..6]} {nhs[6..]}", ["Form.GivenName"] = "Olive", ["Form.FamilyName"] = "Formtest",
            ["Form.BirthDay"] = "7", ["Form.BirthMonth"] = "11", ["Form.BirthYear"] = "1941", ["Form.Sex"] = "Female",
            ["Form.Postcode"] = "yo1 8rx",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var view = await (await reception.GetAsync(Clients.LocalTarget(response))).Content.ReadAsStringAsync();
        Assert.Contains("FORMTEST, Olive", view, StringComparison.Ordinal);
        Assert.Contains($"{nhs[..3]} {nhs[3..6]} {nhs[6..]}", view, StringComparison.Ordinal);
        Assert.Contains("07-Nov-1941", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenLikelyDuplicate_WhenRegisteringThroughTheForm_ThenCandidatesShownAndNothingWrittenUntilConfirmed()
    {
        var system = await Clients.SystemAsync(factory);
        var family = TestData.Family();
        var existing = new Dictionary<string, object?>
        {
            ["givenName"] = "Margaret", ["familyName"] = family, ["birthDate"] = "1947-08-14", ["sex"] = "Female",
            ["addressLine1"] = "12 Kings Road", ["town"] = "Harrogate", ["postcode"] = "HG1 5JP",
        };
        (await system.PostAsJsonAsync("/api/v1/patients", existing)).EnsureSuccessStatusCode();

        var reception = await Clients.UserAsync(factory, "reception");
        var fields = new Dictionary<string, string>
        {
            ["Form.GivenName"] = "Maggie", ["Form.FamilyName"] = family, ["Form.BirthDay"] = "14", ["Form.BirthMonth"] = "8",
            ["Form.BirthYear"] = "1947", ["Form.Sex"] = "Female", ["Form.Postcode"] = "HG1 5JP", ["Form.AddressLine1"] = "12 Kings Road",
        };
        var warned = await Clients.PostFormAsync(reception, "/patients/new", "register-patient", new(fields));
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var page = await warned.Content.ReadAsStringAsync();
        Assert.Contains("This patient may already have a record", page, StringComparison.Ordinal);
        Assert.Contains($"{family.ToUpperInvariant()}, Margaret", page, StringComparison.Ordinal);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            Assert.Equal(1, await db.Set<Patient>().CountAsync(p => p.FamilyName == family));
        }

        fields["Form.NotADuplicate"] = "true";
        var confirmed = await Clients.PostFormAsync(reception, "/patients/new", "register-patient", fields);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            Assert.Equal(2, await db.Set<Patient>().CountAsync(p => p.FamilyName == family));
        }
    }

    [Fact]
    public async Task GivenImpossibleDate_WhenRegisteringThroughTheForm_ThenErrorShownAndNothingWritten()
    {
        var reception = await Clients.UserAsync(factory, "reception");
        var response = await Clients.PostFormAsync(reception, "/patients/new", "register-patient", new()
        {
            ["Form.GivenName"] = "Nobody", ["Form.FamilyName"] = "Impossibledate",
            ["Form.BirthDay"] = "31", ["Form.BirthMonth"] = "2", ["Form.BirthYear"] = "1980", ["Form.Sex"] = "Male",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("must be a real date", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = factory.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>().Set<Patient>().AnyAsync(p => p.FamilyName == "Impossibledate"));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task GivenOperationsEndpoint_WhenCalledAnonymously_ThenOk(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GivenLoginPage_WhenServed_ThenSecurityHeadersSet()
    {
        var response = await factory.CreateClient().GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}

public sealed class PlatformTests_Sqlite(SqliteFactory factory) : PlatformTests(factory), IClassFixture<SqliteFactory>;

public sealed class PlatformTests_Postgres(PostgresFactory factory) : PlatformTests(factory), IClassFixture<PostgresFactory>;
