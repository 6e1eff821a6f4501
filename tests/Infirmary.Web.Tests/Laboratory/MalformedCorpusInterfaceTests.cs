using System.Net;
using System.Net.Http.Headers;
using Infirmary.Hl7v2;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Web.Tests.Infrastructure;
using static Infirmary.Web.Tests.Laboratory.Hl7TestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>
/// The HL7 v2 engine's malformed-message corpus (tests/Engines/Infirmary.Hl7v2.Tests/Corpus/Malformed) sent through
/// the real interface: over one MLLP connection and over HTTP. Every case is answered with an ACK that parses; the
/// cases the engine rejects under default limits are answered AR/AE and logged, never stored; the connection keeps
/// serving to the end.
/// </summary>
public abstract class MalformedCorpusInterfaceTests(MllpFactory factory)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Laboratory", "Corpus");

    /// <summary>Case file and whether the engine rejects it with default options (cases with options or "Parsed" may parse).</summary>
    private static List<(string File, bool Rejected)> Cases() =>
        [.. File.ReadAllLines(Path.Combine(Folder, "cases.tsv"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('\t'))
            .Select(f => (f[0], f[1] != "Parsed" && (f.Length < 5 || f[4].Length == 0)))];

    [Fact]
    public async Task GivenTheMalformedCorpus_WhenSentOverOneMllpConnection_ThenEveryCaseIsAnsweredAndRejectsAreLoggedNotStored()
    {
        // Cases holding MLLP's own framing bytes cannot be sent inside a frame; the HTTP test covers them.
        var cases = Cases().Where(c => File.ReadAllBytes(Path.Combine(Folder, c.File)).AsSpan().IndexOfAny((byte)0x0B, (byte)0x1C) < 0).ToList();
        Assert.True(cases.Count >= 30, $"only {cases.Count} corpus cases found");
        using var client = await ConnectAsync(factory);
        var stream = client.GetStream();
        using var reader = new MllpReader(stream);

        foreach (var (file, rejected) in cases)
        {
            var before = await TotalsAsync(factory);
            await MllpFraming.WriteFrameAsync(stream, await File.ReadAllBytesAsync(Path.Combine(Folder, file)));
            var ack = await ReadAckAsync(reader);
            var after = await TotalsAsync(factory);
            if (rejected)
            {
                Assert.True(ack.Code is Hl7AckCode.AR or Hl7AckCode.AE, $"{file}: {ack.Code}");
                Assert.Equal(before.Messages, after.Messages);
                Assert.Equal(before.Errors + 1, after.Errors);
            }
        }

        var id = NewControlId();
        var last = await SendAsync(stream, reader, Oru(id));
        Assert.Equal(Hl7AckCode.AA, last.Code);
        Assert.Equal(1, await CountStoredAsync(factory, id));
    }

    [Fact]
    public async Task GivenTheMalformedCorpus_WhenEachCaseIsPosted_ThenEveryCaseIsAnsweredAndRejectsAreNotStored()
    {
        var http = await Clients.SystemAsync(factory, "system/Hl7v2.write");
        foreach (var (file, rejected) in Cases())
        {
            var before = await TotalsAsync(factory);
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(Folder, file)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/hl7-v2");

            var response = await http.PostAsync("/api/v1/hl7v2", content);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var ack = ReadAck(await response.Content.ReadAsStringAsync());
            if (rejected)
            {
                Assert.True(ack.Code is Hl7AckCode.AR or Hl7AckCode.AE, $"{file}: {ack.Code}");
                Assert.Equal(before.Messages, (await TotalsAsync(factory)).Messages);
            }
        }
    }
}

public sealed class MalformedCorpusInterfaceTests_Sqlite(SqliteMllpFactory factory) : MalformedCorpusInterfaceTests(factory), IClassFixture<SqliteMllpFactory>;

public sealed class MalformedCorpusInterfaceTests_Postgres(PostgresMllpFactory factory) : MalformedCorpusInterfaceTests(factory), IClassFixture<PostgresMllpFactory>;
