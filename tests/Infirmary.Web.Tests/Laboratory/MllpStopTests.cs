using System.Net.Sockets;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using static Infirmary.Web.Tests.Laboratory.Hl7TestSupport;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>
/// Stopping the server while an analyser is sending loses no acknowledged message: every control id that got an AA
/// is in the database afterwards (read through a fresh node on the same database).
/// </summary>
public abstract class MllpStopTests(DatabaseProvider provider)
{
    [Fact]
    public async Task GivenAnAnalyserSendingContinuously_WhenTheServerStopsMidStream_ThenEveryAcknowledgedMessageIsStored()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var node = new MllpNodeFactory(database);
        await ((IAsyncLifetime)node).InitializeAsync();
        var acknowledged = new List<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var sender = Task.Run(async () =>
        {
            using var client = await ConnectAsync(node);
            var stream = client.GetStream();
            using var reader = new MllpReader(stream);
            try
            {
                for (var i = 0; i < 100_000; i++)
                {
                    var id = NewControlId();
                    await MllpFraming.WriteFrameAsync(stream, System.Text.Encoding.UTF8.GetBytes(Oru(id, "STOPTEST")));
                    using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                    var frame = await reader.ReadAsync(guard.Token);
                    if (frame.Status != MllpStatus.Frame)
                    {
                        return;
                    }

                    var ack = ReadAck(System.Text.Encoding.UTF8.GetString(frame.Payload.Span));
                    if (ack.Code == Infirmary.Hl7v2.Hl7AckCode.AA)
                    {
                        lock (acknowledged)
                        {
                            acknowledged.Add(ack.AcknowledgedControlId);
                        }
                    }

                    if (i == 20)
                    {
                        enough.TrySetResult();
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The server went away mid-stream: what matters is what it acknowledged before.
            }
            finally
            {
                enough.TrySetResult();
            }
        });

        await enough.Task;
        await ((IAsyncLifetime)node).DisposeAsync();
        await sender;

        Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} messages were acknowledged before the stop");
        var reading = new NodeFactory(database);
        await ((IAsyncLifetime)reading).InitializeAsync();
        try
        {
            var missing = new List<string>();
            foreach (var id in acknowledged)
            {
                if (await CountStoredAsync(reading, id) != 1)
                {
                    missing.Add(id);
                }
            }

            Assert.Empty(missing);
        }
        finally
        {
            await ((IAsyncLifetime)reading).DisposeAsync();
        }
    }
}

public sealed class MllpStopTests_Sqlite() : MllpStopTests(DatabaseProvider.Sqlite);

public sealed class MllpStopTests_Postgres() : MllpStopTests(DatabaseProvider.Postgres);
