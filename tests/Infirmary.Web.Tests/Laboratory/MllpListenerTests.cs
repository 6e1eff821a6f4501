using System.Net.Sockets;
using System.Text;
using Infirmary.Hl7v2;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Web.Tests.Infrastructure;
using static Infirmary.Web.Tests.Laboratory.Hl7TestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>The MLLP listener over real TCP on loopback, on SQLite and on PostgreSQL.</summary>
public abstract class MllpListenerTests(MllpFactory factory)
{
    [Fact]
    public async Task GivenSeveralConnectionsAtOnce_WhenEachSendsMessages_ThenEveryMessageAcknowledgedAaAndStoredOnce()
    {
        const int connections = 6;
        const int perConnection = 5;
        var ids = Enumerable.Range(0, connections).Select(_ => Enumerable.Range(0, perConnection).Select(_ => NewControlId()).ToArray()).ToArray();
        // Open every connection first, so they are all being served at the same time.
        var open = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => MllpTestConnection.OpenAsync(factory)));
        try
        {
            var acks = await Task.WhenAll(open.Select(async (c, i) =>
            {
                var received = new List<Hl7AckInfo>();
                foreach (var id in ids[i])
                {
                    received.Add(await c.SendAsync(Oru(id, "ANALYSER-" + i)));
                }

                return received;
            }));

            for (var i = 0; i < connections; i++)
            {
                Assert.Equal(ids[i], acks[i].Select(a => a.AcknowledgedControlId));
                Assert.All(acks[i], a => Assert.Equal(Hl7AckCode.AA, a.Code));
            }
        }
        finally
        {
            foreach (var c in open)
            {
                await c.DisposeAsync();
            }
        }

        foreach (var id in ids.SelectMany(x => x))
        {
            var stored = Assert.Single(await StoredAsync(factory, id));
            Assert.Equal("mllp", stored.Channel);
            Assert.StartsWith("127.0.0.1:", stored.RemoteAddress, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GivenJunkBeforeAFrame_WhenSentOnOneConnection_ThenTheFrameIsStillAnsweredAndTheJunkLogged()
    {
        var id = NewControlId();
        var before = await TotalsAsync(factory);
        await using var c = await MllpTestConnection.OpenAsync(factory);

        await c.Stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: junk\r\n\r\n\u0001\u0002\u00ff"));
        var ack = await c.SendAsync(Oru(id));

        Assert.Equal(Hl7AckCode.AA, ack.Code);
        Assert.Equal(id, ack.AcknowledgedControlId);
        Assert.Equal(1, await CountStoredAsync(factory, id));
        var after = await TotalsAsync(factory);
        Assert.Equal(before.Errors + 1, after.Errors);
    }

    [Fact]
    public async Task GivenAnUnparseableFrame_WhenSent_ThenNakAndTheSameConnectionKeepsServing()
    {
        var id = NewControlId();
        var before = await TotalsAsync(factory);
        await using var c = await MllpTestConnection.OpenAsync(factory);

        var nak = await c.SendAsync("THIS IS NOT HL7\rPID|1");
        var ack = await c.SendAsync(Oru(id));

        Assert.Equal(Hl7AckCode.AR, nak.Code);
        Assert.NotEmpty(nak.Errors);
        Assert.Equal(Hl7AckCode.AA, ack.Code);
        var after = await TotalsAsync(factory);
        Assert.Equal(before.Messages + 1, after.Messages);
        Assert.Equal(before.Errors + 1, after.Errors);
    }

    [Fact]
    public async Task GivenAConnectionDroppedMidFrame_WhenAnotherConnects_ThenTheListenerStillServes()
    {
        var id = NewControlId();
        await using (var broken = await MllpTestConnection.OpenAsync(factory))
        {
            var partial = MllpFraming.Frame(Oru(NewControlId()));
            await broken.Stream.WriteAsync(partial.AsMemory(0, partial.Length / 2));
            broken.Client.Client.Shutdown(SocketShutdown.Both);
        }

        await using var c = await MllpTestConnection.OpenAsync(factory);
        var ack = await c.SendAsync(Oru(id));

        Assert.Equal(Hl7AckCode.AA, ack.Code);
        Assert.Equal(1, await CountStoredAsync(factory, id));
    }

    [Fact]
    public async Task GivenTheSameMessageFromManyConnectionsAtOnce_WhenSent_ThenAllAcknowledgedAaAndExactlyOneRow()
    {
        const int connections = 12;
        var id = NewControlId();
        var message = Oru(id, "FLOOD");
        var open = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => MllpTestConnection.OpenAsync(factory)));
        try
        {
            // Every copy goes out before any ACK is read, so the copies race each other into the database.
            var frame = MllpFraming.Frame(message);
            await Task.WhenAll(open.Select(c => c.Stream.WriteAsync(frame).AsTask()));
            var acks = await Task.WhenAll(open.Select(c => ReadAckAsync(c.Reader)));

            Assert.All(acks, a => Assert.Equal(Hl7AckCode.AA, a.Code));
            Assert.All(acks, a => Assert.Equal(id, a.AcknowledgedControlId));
            Assert.Equal(connections - 1, acks.Count(a => a.Errors.Any(e => e.Code == Hl7ErrorCodes.DuplicateKeyIdentifier)));
        }
        finally
        {
            foreach (var c in open)
            {
                await c.DisposeAsync();
            }
        }

        Assert.Equal(1, await CountStoredAsync(factory, id));
    }

    [Fact]
    public async Task GivenAFrameOverTheSizeLimit_WhenSent_ThenItIsDiscardedAndLoggedAndTheNextFrameIsAnswered()
    {
        var id = NewControlId();
        var before = await TotalsAsync(factory);
        await using var c = await MllpTestConnection.OpenAsync(factory);
        var huge = Encoding.ASCII.GetBytes(Oru(NewControlId()) + "NTE|1||" + new string('A', (4 * 1024 * 1024) + 100) + "\r");

        await MllpFraming.WriteFrameAsync(c.Stream, huge);
        var ack = await c.SendAsync(Oru(id));

        Assert.Equal(Hl7AckCode.AA, ack.Code);
        Assert.Equal(id, ack.AcknowledgedControlId);
        var after = await TotalsAsync(factory);
        Assert.Equal(before.Messages + 1, after.Messages);
        Assert.Equal(before.Errors + 1, after.Errors);
    }

    [Fact]
    public async Task GivenAFrameCutShortByTheNextFrame_WhenSent_ThenOnlyTheCompleteFrameIsStoredAndAnswered()
    {
        var cut = NewControlId();
        var id = NewControlId();
        await using var c = await MllpTestConnection.OpenAsync(factory);
        var partial = MllpFraming.Frame(Oru(cut));

        await c.Stream.WriteAsync(partial.AsMemory(0, partial.Length / 2));
        var ack = await c.SendAsync(Oru(id));

        Assert.Equal(Hl7AckCode.AA, ack.Code);
        Assert.Equal(id, ack.AcknowledgedControlId);
        Assert.Equal(0, await CountStoredAsync(factory, cut));
        Assert.Equal(1, await CountStoredAsync(factory, id));
    }

    [Fact]
    public async Task GivenSeveralFramesInOneWrite_WhenSent_ThenEachIsAnsweredInOrder()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => NewControlId()).ToArray();
        await using var c = await MllpTestConnection.OpenAsync(factory);

        await c.Stream.WriteAsync(ids.SelectMany(id => MllpFraming.Frame(Oru(id))).ToArray());
        var acks = new List<Hl7AckInfo>();
        foreach (var _ in ids)
        {
            acks.Add(await ReadAckAsync(c.Reader));
        }

        Assert.Equal(ids, acks.Select(a => a.AcknowledgedControlId));
        Assert.All(acks, a => Assert.Equal(Hl7AckCode.AA, a.Code));
    }
}

public sealed class MllpListenerTests_Sqlite(SqliteMllpFactory factory) : MllpListenerTests(factory), IClassFixture<SqliteMllpFactory>;

public sealed class MllpListenerTests_Postgres(PostgresMllpFactory factory) : MllpListenerTests(factory), IClassFixture<PostgresMllpFactory>;
