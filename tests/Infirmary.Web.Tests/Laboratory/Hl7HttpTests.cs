using System.Net;
using System.Text;
using Infirmary.Hl7v2;
using Infirmary.Laboratory.Features;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.Hl7TestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>POST /api/v1/hl7v2 through the real pipeline, on SQLite and on PostgreSQL.</summary>
public abstract class Hl7HttpTests(InfirmaryFactory factory)
{
    private static StringContent Body(string text, string mediaType = "application/hl7-v2") => new(text, Encoding.UTF8, mediaType);

    [Theory]
    [InlineData("application/hl7-v2")]
    [InlineData("x-application/hl7-v2+er7")]
    [InlineData("text/plain")]
    public async Task GivenSampleOru_WhenPosted_ThenAaAfterItIsStoredAndAudited(string mediaType)
    {
        var client = await Clients.SystemAsync(factory, "system/Hl7v2.write");
        var id = NewControlId();
        var message = Oru(id);

        var response = await client.PostAsync("/api/v1/hl7v2", Body(message, mediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/hl7-v2", response.Content.Headers.ContentType?.MediaType);
        var ack = ReadAck(await response.Content.ReadAsStringAsync());
        Assert.Equal(Hl7AckCode.AA, ack.Code);
        Assert.Equal(id, ack.AcknowledgedControlId);
        Assert.Empty(ack.Errors);
        var stored = Assert.Single(await StoredAsync(factory, id));
        Assert.Equal(message, stored.RawText);
        // A result message is filed in the same transaction (ADR 0032): the sample's order numbers match no specimen.
        Assert.Equal(("SomeSystem", "", "ORU^R01", "http", "processed"), (stored.SendingApplication, stored.SendingFacility, stored.MessageType, stored.Channel, stored.Status));

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Entity == $"Hl7Message/{stored.Id}" && a.Action == "create"));
    }

    [Fact]
    public async Task GivenControlIdAlreadyReceived_WhenPostedAgain_ThenAaWithDuplicateNoteAndExactlyOneRow()
    {
        var client = await Clients.SystemAsync(factory);
        var id = NewControlId();

        var first = ReadAck(await (await client.PostAsync("/api/v1/hl7v2", Body(Oru(id)))).Content.ReadAsStringAsync());
        var second = ReadAck(await (await client.PostAsync("/api/v1/hl7v2", Body(Oru(id)))).Content.ReadAsStringAsync());

        Assert.Equal(Hl7AckCode.AA, first.Code);
        Assert.Equal(Hl7AckCode.AA, second.Code);
        Assert.Equal(id, second.AcknowledgedControlId);
        var note = Assert.Single(second.Errors);
        Assert.Equal(Hl7ErrorCodes.DuplicateKeyIdentifier, note.Code);
        Assert.Equal(Hl7ErrorSeverity.Information, note.Severity);
        Assert.Equal(1, await CountStoredAsync(factory, id));
    }

    [Fact]
    public async Task GivenSameControlIdFromAnotherSender_WhenPosted_ThenBothStored()
    {
        var client = await Clients.SystemAsync(factory);
        var id = NewControlId();

        var a = ReadAck(await (await client.PostAsync("/api/v1/hl7v2", Body(Oru(id, "ANALYSER1")))).Content.ReadAsStringAsync());
        var b = ReadAck(await (await client.PostAsync("/api/v1/hl7v2", Body(Oru(id, "ANALYSER2")))).Content.ReadAsStringAsync());

        Assert.Equal((Hl7AckCode.AA, Hl7AckCode.AA), (a.Code, b.Code));
        Assert.Empty(b.Errors);
        Assert.Equal(2, await CountStoredAsync(factory, id));
    }

    [Theory]
    [InlineData("NOT-HL7 {0} just some text", Hl7AckCode.AR)]
    [InlineData("MSH|^~\\&|LAB|SITE|||20240101||ORU^R01||P|2.5\rPID|1||{0}", Hl7AckCode.AE)]
    [InlineData("PID|1||{0}\rMSH|^~\\&|LAB|SITE|||20240101||ORU^R01|X1|P|2.5", Hl7AckCode.AR)]
    [InlineData("", Hl7AckCode.AR)]
    public async Task GivenMalformedInput_WhenPosted_ThenNakAndErrorLoggedAndNothingStored(string template, Hl7AckCode expected)
    {
        var client = await Clients.SystemAsync(factory);
        var marker = NewControlId();
        var input = template.Length == 0 ? "" : string.Format(System.Globalization.CultureInfo.InvariantCulture, template, marker);
        var before = await TotalsAsync(factory);

        var response = await client.PostAsync("/api/v1/hl7v2", Body(input));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = ReadAck(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, ack.Code);
        Assert.NotEmpty(ack.Errors);
        var after = await TotalsAsync(factory);
        Assert.Equal(before.Messages, after.Messages);
        Assert.Equal(before.Errors + 1, after.Errors);
        if (template.Length > 0)
        {
            var logged = Assert.Single(await ErrorsAsync(factory), e => e.Excerpt?.Contains(marker, StringComparison.Ordinal) == true);
            Assert.Equal("http", logged.Channel);
            Assert.False(string.IsNullOrWhiteSpace(logged.Error));
        }
    }

    [Fact]
    public async Task GivenOverlongControlId_WhenPosted_ThenAeValueTooLongAndNothingStored()
    {
        var client = await Clients.SystemAsync(factory);
        var before = await TotalsAsync(factory);

        var ack = ReadAck(await (await client.PostAsync("/api/v1/hl7v2", Body(Oru(new string('7', 300))))).Content.ReadAsStringAsync());

        Assert.Equal(Hl7AckCode.AE, ack.Code);
        Assert.Equal(Hl7ErrorCodes.ValueTooLong, Assert.Single(ack.Errors).Code);
        Assert.Equal(before.Messages, (await TotalsAsync(factory)).Messages);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task GivenWrongContentType_WhenPosted_Then415AndNothingStored(string mediaType)
    {
        var client = await Clients.SystemAsync(factory);
        var id = NewControlId();

        var response = await client.PostAsync("/api/v1/hl7v2", Body(Oru(id), mediaType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CountStoredAsync(factory, id));
    }

    [Fact]
    public async Task GivenNoContentType_WhenPosted_Then415()
    {
        var client = await Clients.SystemAsync(factory);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Oru(NewControlId())));

        var response = await client.PostAsync("/api/v1/hl7v2", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task GivenBodyOverTheLimit_WhenPosted_Then413AndNothingStored()
    {
        var client = await Clients.SystemAsync(factory);
        var before = await TotalsAsync(factory);
        var huge = Oru(NewControlId()) + "NTE|1||" + new string('A', (4 * 1024 * 1024) + 10) + "\r";

        var response = await client.PostAsync("/api/v1/hl7v2", Body(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before.Messages, (await TotalsAsync(factory)).Messages);
    }

    [Fact]
    public async Task GivenTokenWithoutTheHl7Scope_WhenPosted_Then403AndNothingStored()
    {
        var client = await Clients.SystemAsync(factory, "system/Patient.read");
        var id = NewControlId();

        var response = await client.PostAsync("/api/v1/hl7v2", Body(Oru(id)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await CountStoredAsync(factory, id));
    }

    [Fact]
    public async Task GivenNoCredentials_WhenPosted_Then401()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/hl7v2", Body(Oru(NewControlId())));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GivenBiomedicalScientist_WhenInterfaceLogOpened_ThenMessagesAndErrorsListed()
    {
        var system = await Clients.SystemAsync(factory);
        var id = NewControlId();
        var marker = NewControlId();
        (await system.PostAsync("/api/v1/hl7v2", Body(Oru(id)))).EnsureSuccessStatusCode();
        (await system.PostAsync("/api/v1/hl7v2", Body($"junk {marker}"))).EnsureSuccessStatusCode();
        var biomed = await Clients.UserAsync(factory, "biomed");

        var page = await biomed.GetStringAsync("/laboratory/interface");

        Assert.Contains(id, page, StringComparison.Ordinal);
        Assert.Contains(marker, page, StringComparison.Ordinal);
        Assert.Contains("Analyser interface", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenReceptionist_WhenInterfaceLogOpenedOrMessagePosted_ThenRefused()
    {
        var reception = await Clients.UserAsync(factory, "reception");

        var page = await reception.GetAsync("/laboratory/interface");
        var post = await reception.PostAsync("/api/v1/hl7v2", Body(Oru(NewControlId())));

        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("Latest messages", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }
}

public sealed class Hl7HttpTests_Sqlite(SqliteFactory factory) : Hl7HttpTests(factory), IClassFixture<SqliteFactory>;

public sealed class Hl7HttpTests_Postgres(PostgresFactory factory) : Hl7HttpTests(factory), IClassFixture<PostgresFactory>;
