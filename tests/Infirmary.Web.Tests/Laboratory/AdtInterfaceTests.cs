using System.Net;
using System.Net.Http.Json;
using System.Text;
using Infirmary.Hl7v2;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Laboratory.Domain;
using Infirmary.Patients.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Infirmary.Web.Tests.Laboratory.Hl7TestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>An MLLP host whose configured patient administration system is "PAS".</summary>
public abstract class AdtMllpFactory(DatabaseProvider provider) : MllpFactory(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Infirmary:Hl7:AdtSenders:0", "PAS");
    }
}

public sealed class SqliteAdtMllpFactory() : AdtMllpFactory(DatabaseProvider.Sqlite);

public sealed class PostgresAdtMllpFactory() : AdtMllpFactory(DatabaseProvider.Postgres);

/// <summary>
/// ADT^A04/A08/A40 over real MLLP and over POST /api/v1/hl7v2 (ADR 0085): the patient index is changed in the same
/// transaction as the message is stored, matched on PID-3 identifiers only, never twice for one control id; merges
/// are proposed for a person to confirm.
/// </summary>
public abstract class AdtInterfaceTests(AdtMllpFactory factory)
{
    /// <summary>An ADT message; <paramref name="pid3"/> is PID-3 as written, fields of PID by number.</summary>
    private static string Adt(string trigger, string controlId, string pid3, string name = "SMITH^JANE^^^MRS", string dob = "19840327",
        string sex = "F", string address = "1 Park Row^^Leeds^^LS1 5HD", string phone = "0113 243 2799", string? death = null,
        string sender = "PAS", string? mrg = null)
    {
        var pid = new string[31];
        Array.Fill(pid, string.Empty);
        pid[0] = "PID";
        pid[1] = "1";
        pid[3] = pid3;
        pid[5] = name;
        pid[7] = dob;
        pid[8] = sex;
        pid[11] = address;
        pid[13] = phone;
        pid[29] = death ?? string.Empty;
        var text = $"MSH|^~\\&|{sender}|RXX01|INFIRMARY|LAB|20261125120000||ADT^{trigger}^ADT_A01|{controlId}|P|2.5\r" +
                   $"EVN|{trigger}|20261125120000\r" + string.Join('|', pid).TrimEnd('|') + "\r";
        return mrg is null ? text : text + $"MRG|{mrg}\r";
    }

    private static string Nhs(string number) => $"{number}^^^NHS^NH";

    private static async Task<Hl7AckInfo> PostAsync(HttpClient client, string message)
    {
        var response = await client.PostAsync("/api/v1/hl7v2", new StringContent(message, Encoding.UTF8, "application/hl7-v2"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ReadAck(await response.Content.ReadAsStringAsync());
    }

    private async Task<Hl7AckInfo> MllpAsync(params string[] messages)
    {
        using var client = await ConnectAsync(factory);
        var stream = client.GetStream();
        using var reader = new MllpReader(stream);
        Hl7AckInfo? last = null;
        foreach (var m in messages)
        {
            last = await SendAsync(stream, reader, m);
        }

        return last!;
    }

    private async Task<Patient?> ByNhsAsync(string nhs)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<Patient>().AsNoTracking().SingleOrDefaultAsync(p => p.NhsNumber == nhs);
    }

    private async Task<int> VersionsAsync(Guid patientId)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<PatientVersion>().CountAsync(v => v.PatientId == patientId);
    }

    [Fact]
    public async Task GivenA04OverMllp_WhenSent_ThenPatientRegisteredFromPidAndMessageStoredProcessedAndAudited()
    {
        var nhs = TestData.NhsNumber();
        var id = NewControlId();

        var ack = await MllpAsync(Adt("A04", id, $"H123456^^^RXX01^MR~{Nhs(nhs)}", name: "O'BRIEN^Siobhan^Mary^^Ms", sex: "F",
            address: "4 Mill Lane^Headingley^Leeds^^ls6 2aa", phone: "07700 900123"));

        Assert.Equal(Hl7AckCode.AA, ack.Code);
        Assert.Equal(id, ack.AcknowledgedControlId);
        var p = await ByNhsAsync(nhs);
        Assert.NotNull(p);
        Assert.Equal(("O'BRIEN", "Siobhan", "Ms", new DateOnly(1984, 3, 27), Sex.Female), (p!.FamilyName, p.GivenName, p.Title, p.BirthDate, p.Sex));
        Assert.Equal(("4 Mill Lane", "Headingley", "Leeds", "LS6 2AA", "07700 900123"), (p.AddressLine1, p.AddressLine2, p.Town, p.Postcode, p.Phone));
        var stored = Assert.Single(await StoredAsync(factory, id));
        Assert.Equal((InboundStatus.Processed, "ADT^A04^ADT_A01", "mllp"), (stored.Status, stored.MessageType, stored.Channel));
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        var created = await db.AuditEvents.SingleAsync(a => a.PatientId == p.Id && a.Action == "create" && a.Entity == $"Patient/{p.Id}");
        Assert.Equal("system:mllp", created.AgentId);
    }

    [Fact]
    public async Task GivenA08s_WhenOneIsResentWithItsControlId_ThenItIsAcknowledgedAsDuplicateAndNotAppliedAgain()
    {
        var nhs = TestData.NhsNumber();
        Assert.Equal(Hl7AckCode.AA, (await MllpAsync(Adt("A04", NewControlId(), Nhs(nhs)))).Code);
        var toYork = NewControlId();
        var first = await MllpAsync(Adt("A08", toYork, Nhs(nhs), address: "2 Minster Yard^^York^^YO1 7HH"),
            Adt("A08", NewControlId(), Nhs(nhs), address: "3 Paragon St^^Hull^^HU1 3NQ"));
        Assert.Equal(Hl7AckCode.AA, first.Code);
        var patient = await ByNhsAsync(nhs);
        Assert.Equal(("Hull", 3), (patient!.Town, patient.Version));

        var resent = await MllpAsync(Adt("A08", toYork, Nhs(nhs), address: "2 Minster Yard^^York^^YO1 7HH"));

        Assert.Equal(Hl7AckCode.AA, resent.Code);
        Assert.Equal(Hl7ErrorCodes.DuplicateKeyIdentifier, Assert.Single(resent.Errors).Code);
        var after = await ByNhsAsync(nhs);
        Assert.Equal(("Hull", 3), (after!.Town, after.Version));
        Assert.Equal(3, await VersionsAsync(after.Id));
        Assert.Equal(1, await CountStoredAsync(factory, toYork));
    }

    [Fact]
    public async Task GivenA08OverHttp_WhenFieldsAreEmptyOrExplicitlyNull_ThenEmptyKeepsTheRecordedValueNullDeletesItAndASentFieldReplacesWhole()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        Assert.Equal(Hl7AckCode.AA, (await PostAsync(client, Adt("A04", NewControlId(), Nhs(nhs)))).Code);

        var ack = await PostAsync(client, Adt("A08", NewControlId(), Nhs(nhs), name: "SMITH-JONES^JANE", dob: "", sex: "", address: "", phone: "\"\""));

        Assert.Equal(Hl7AckCode.AA, ack.Code);
        var p = await ByNhsAsync(nhs);
        // PID-5 was sent without a prefix: the whole name is replaced, so the title recorded from the A04 is gone.
        Assert.Equal(("SMITH-JONES", "JANE", (string?)null), (p!.FamilyName, p.GivenName, p.Title));
        Assert.Equal((new DateOnly(1984, 3, 27), Sex.Female, "Leeds", (string?)null), (p.BirthDate, p.Sex, p.Town, p.Phone));
        Assert.Equal(2, p.Version);

        var same = await PostAsync(client, Adt("A08", NewControlId(), Nhs(nhs), name: "SMITH-JONES^JANE", phone: ""));
        Assert.Equal(Hl7AckCode.AA, same.Code);
        Assert.Equal(2, (await ByNhsAsync(nhs))!.Version);
    }

    [Fact]
    public async Task GivenTheSameNewPatientRegisteredOnSeveralConnectionsAtOnce_WhenEachIsAnsweredAndArIsResent_ThenOneRecordHoldsTheLastChange()
    {
        var nhs = TestData.NhsNumber();
        var messages = Enumerable.Range(0, 4).Select(i => NewControlId()).Select((id, i) => (Id: id, Text: Adt("A04", id, Nhs(nhs), address: $"{i + 1} Park Row^^Leeds^^LS1 5HD"))).ToList();

        var acks = await Task.WhenAll(messages.Select(m => MllpAsync(m.Text)));

        // Each copy is applied (a registration, or an update of the record another copy made) or answered AR 206 — never
        // a second record. An AR copy was not stored, so sending it again applies it.
        Assert.All(acks, a => Assert.True(a.Code == Hl7AckCode.AA || (a.Code == Hl7AckCode.AR && a.Errors.Single().Code == Hl7ErrorCodes.ApplicationRecordLocked), $"{a.Code}"));
        foreach (var (ack, m) in acks.Zip(messages).Where(x => x.First.Code == Hl7AckCode.AR))
        {
            Assert.Equal(0, await CountStoredAsync(factory, m.Id));
            Assert.Equal(Hl7AckCode.AA, (await MllpAsync(m.Text)).Code);
        }

        foreach (var m in messages)
        {
            Assert.Equal(1, await CountStoredAsync(factory, m.Id));
        }

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.Equal(1, await db.Set<Patient>().CountAsync(p => p.NhsNumber == nhs));
    }

    [Fact]
    public async Task GivenA08ForAnUnknownNhsNumber_WhenSent_ThenAeUnknownKeyStoredAsErrorAndNobodyRegistered()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        var id = NewControlId();

        var ack = await PostAsync(client, Adt("A08", id, Nhs(nhs)));

        Assert.Equal(Hl7AckCode.AE, ack.Code);
        var error = Assert.Single(ack.Errors);
        Assert.Equal((Hl7ErrorCodes.UnknownKeyIdentifier, "PID", 3), (error.Code, error.SegmentId, error.FieldPosition));
        Assert.Null(await ByNhsAsync(nhs));
        var stored = Assert.Single(await StoredAsync(factory, id));
        Assert.Equal(InboundStatus.Error, stored.Status);
        Assert.Contains(nhs, stored.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad-check-digit", Hl7ErrorCodes.DataTypeError)]
    [InlineData("two-nhs-numbers", Hl7ErrorCodes.DuplicateKeyIdentifier)]
    [InlineData("hospital-number-only", Hl7ErrorCodes.RequiredFieldMissing)]
    [InlineData("nhs-and-id-of-another-record", Hl7ErrorCodes.DuplicateKeyIdentifier)]
    [InlineData("future-birth-date", Hl7ErrorCodes.DataTypeError)]
    [InlineData("unknown-sex", Hl7ErrorCodes.TableValueNotFound)]
    public async Task GivenIdentifiersOrDemographicsThatCannotBeTrusted_WhenA04Sent_ThenAeNamingTheFieldAndNothingChanges(string problem, int code)
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        var other = TestData.NhsNumber();
        Assert.Equal(Hl7AckCode.AA, (await PostAsync(client, Adt("A04", NewControlId(), Nhs(other)))).Code);
        var otherId = (await ByNhsAsync(other))!.Id;
        var badCheck = nhs[..9] + (char)('0' + ((nhs[9] - '0' + 1) % 10));
        var message = problem switch
        {
            "bad-check-digit" => Adt("A04", NewControlId(), Nhs(badCheck)),
            "two-nhs-numbers" => Adt("A04", NewControlId(), $"{Nhs(nhs)}~{Nhs(other)}"),
            "hospital-number-only" => Adt("A04", NewControlId(), "H998877^^^RXX01^MR"),
            "nhs-and-id-of-another-record" => Adt("A04", NewControlId(), $"{Nhs(nhs)}~{otherId}^^^INFIRMARY^PI"),
            "future-birth-date" => Adt("A04", NewControlId(), Nhs(nhs), dob: "29991231"),
            _ => Adt("A04", NewControlId(), Nhs(nhs), sex: "Q"),
        };

        var ack = await PostAsync(client, message);

        Assert.Equal(Hl7AckCode.AE, ack.Code);
        var error = Assert.Single(ack.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal("PID", error.SegmentId);
        Assert.Equal(problem switch { "future-birth-date" => 7, "unknown-sex" => 8, _ => 3 }, error.FieldPosition);
        Assert.Null(await ByNhsAsync(nhs));
        Assert.Equal(1, (await ByNhsAsync(other))!.Version);
    }

    [Fact]
    public async Task GivenADeathSentByA08_WhenALaterA08OmitsIt_ThenTheDateOfDeathIsKeptAndTheAckWarns()
    {
        var client = await Clients.SystemAsync(factory);
        var nhs = TestData.NhsNumber();
        Assert.Equal(Hl7AckCode.AA, (await PostAsync(client, Adt("A04", NewControlId(), Nhs(nhs)))).Code);

        var died = await PostAsync(client, Adt("A08", NewControlId(), Nhs(nhs), death: "20260301"));
        Assert.Equal(Hl7AckCode.AA, died.Code);
        Assert.Equal(new DateOnly(2026, 3, 1), (await ByNhsAsync(nhs))!.DateOfDeath);

        var later = await PostAsync(client, Adt("A08", NewControlId(), Nhs(nhs), address: "9 New Road^^Leeds^^LS1 5HD"));

        Assert.Equal(Hl7AckCode.AA, later.Code);
        var warning = Assert.Single(later.Errors);
        Assert.Equal(Hl7ErrorSeverity.Warning, warning.Severity);
        Assert.Contains("01-Mar-2026", warning.Diagnostic, StringComparison.Ordinal);
        var p = await ByNhsAsync(nhs);
        Assert.Equal(("9 New Road", new DateOnly(2026, 3, 1)), (p!.AddressLine1, p.DateOfDeath));
    }

    [Fact]
    public async Task GivenA40OverMllp_WhenSent_ThenMergeIsOnlyProposedAndAPersonConfirmsIt()
    {
        var keep = TestData.NhsNumber();
        var duplicate = TestData.NhsNumber();
        Assert.Equal(Hl7AckCode.AA, (await MllpAsync(Adt("A04", NewControlId(), Nhs(keep)), Adt("A04", NewControlId(), Nhs(duplicate)))).Code);
        var id = NewControlId();

        var ack = await MllpAsync(Adt("A40", id, Nhs(keep), mrg: Nhs(duplicate)));

        Assert.Equal(Hl7AckCode.AA, ack.Code);
        var note = Assert.Single(ack.Errors);
        Assert.Equal(Hl7ErrorSeverity.Information, note.Severity);
        var mergeId = Guid.Parse(note.Diagnostic!.Split("PatientMerge/")[1][..36]);
        var source = await ByNhsAsync(duplicate);
        Assert.True(source!.Active);
        Guid sourceId = source.Id, targetId = (await ByNhsAsync(keep))!.Id;
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
            var merge = await db.Set<PatientMerge>().AsNoTracking().SingleAsync(m => m.Id == mergeId);
            Assert.Equal((sourceId, targetId, MergeStatus.Proposed, "system:mllp"), (merge.SourcePatientId, merge.TargetPatientId, merge.Status, merge.ProposedById));
            Assert.Contains(id, merge.Reason, StringComparison.Ordinal);
        }

        var records = await Clients.UserAsync(factory, "records");
        var confirmed = await records.PostAsJsonAsync($"/api/v1/patients/merges/{mergeId}/confirm", new { note = "PAS merge checked" });

        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        var merged = await ByNhsAsync(duplicate);
        Assert.Equal((false, (Guid?)targetId), (merged!.Active, merged.ReplacedById));

        var again = await MllpAsync(Adt("A40", NewControlId(), Nhs(keep), mrg: Nhs(duplicate)));
        Assert.Equal(Hl7AckCode.AA, again.Code);
        Assert.Contains("already been merged", Assert.Single(again.Errors).Diagnostic, StringComparison.Ordinal);
        var update = await MllpAsync(Adt("A08", NewControlId(), Nhs(duplicate)));
        Assert.Equal(Hl7AckCode.AE, update.Code);
        Assert.Contains(targetId.ToString(), Assert.Single(update.Errors).Diagnostic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenA40ForAnUnknownRecord_WhenSent_ThenAeUnknownKeyOnMrgAndNoProposal()
    {
        var client = await Clients.SystemAsync(factory);
        var keep = TestData.NhsNumber();
        Assert.Equal(Hl7AckCode.AA, (await PostAsync(client, Adt("A04", NewControlId(), Nhs(keep)))).Code);

        var ack = await PostAsync(client, Adt("A40", NewControlId(), Nhs(keep), mrg: Nhs(TestData.NhsNumber())));

        Assert.Equal(Hl7AckCode.AE, ack.Code);
        var error = Assert.Single(ack.Errors);
        Assert.Equal((Hl7ErrorCodes.UnknownKeyIdentifier, "MRG", 1), (error.Code, error.SegmentId, error.FieldPosition));
        var target = (await ByNhsAsync(keep))!.Id;
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        Assert.False(await db.Set<PatientMerge>().AnyAsync(m => m.TargetPatientId == target));
    }

    [Fact]
    public async Task GivenSendersNotAllowedToUpdateTheIndex_WhenTheySendAdt_ThenArAndNothingStoredOrRegistered()
    {
        var nhs = TestData.NhsNumber();
        var overMllp = NewControlId();
        var analyser = await MllpAsync(Adt("A04", overMllp, Nhs(nhs), sender: "ANALYSER1"));
        var overHttp = NewControlId();
        var labOnly = await Clients.SystemAsync(factory, "system/Hl7v2.write");
        var http = await PostAsync(labOnly, Adt("A04", overHttp, Nhs(nhs)));

        Assert.Equal((Hl7AckCode.AR, Hl7AckCode.AR), (analyser.Code, http.Code));
        Assert.Contains("AdtSenders", Assert.Single(analyser.Errors).Diagnostic, StringComparison.Ordinal);
        Assert.Contains("patients.write", Assert.Single(http.Errors).Diagnostic, StringComparison.Ordinal);
        Assert.Null(await ByNhsAsync(nhs));
        Assert.Equal(0, await CountStoredAsync(factory, overMllp));
        Assert.Equal(0, await CountStoredAsync(factory, overHttp));
        Assert.Contains(await ErrorsAsync(factory), e => e.Error.Contains(overMllp, StringComparison.Ordinal));

        // Once the PAS sends it, the same control id is applied: the refusal did not store it as received.
        Assert.Equal(Hl7AckCode.AA, (await PostAsync(await Clients.SystemAsync(factory), Adt("A04", overHttp, Nhs(nhs)))).Code);
        Assert.NotNull(await ByNhsAsync(nhs));
    }

    [Fact]
    public async Task GivenAnAdtEventThisInterfaceDoesNotApply_WhenSent_ThenAeUnsupportedEventAndStored()
    {
        var id = NewControlId();

        var ack = await MllpAsync(Adt("A01", id, Nhs(TestData.NhsNumber())));

        Assert.Equal(Hl7AckCode.AE, ack.Code);
        Assert.Equal(Hl7ErrorCodes.UnsupportedEventCode, Assert.Single(ack.Errors).Code);
        Assert.Equal(InboundStatus.Error, Assert.Single(await StoredAsync(factory, id)).Status);
    }
}

public sealed class AdtInterfaceTests_Sqlite(SqliteAdtMllpFactory factory) : AdtInterfaceTests(factory), IClassFixture<SqliteAdtMllpFactory>;

public sealed class AdtInterfaceTests_Postgres(PostgresAdtMllpFactory factory) : AdtInterfaceTests(factory), IClassFixture<PostgresAdtMllpFactory>;
