using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Laboratory.Domain;
using Infirmary.Laboratory.Features;
using Infirmary.Platform.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Infirmary.Laboratory.Interface;

/// <summary>
/// The MLLP listener for analysers. Each connection is served on its own task with a read timeout and the frame
/// size limit; each frame goes through the group commit (<see cref="ResultGroupCommit"/>, result messages) or
/// <see cref="ReceiveHl7Message"/> in its own scope (anything else), and its ACK is written only after the message is
/// committed. Junk outside frames, oversized or truncated frames are logged (and recorded in the
/// interface error log) and skipped; nothing a connection does can stop the listener or another connection.
/// </summary>
public sealed class MllpListener(IServiceScopeFactory scopes, ResultGroupCommit groupCommit, IOptions<Hl7InterfaceOptions> options,
    ILogger<MllpListener> log) : BackgroundService
{
    private readonly Hl7InterfaceOptions _options = options.Value;
    private int _connections;

    /// <summary>The bound endpoint once listening (null when disabled or not yet started).</summary>
    public IPEndPoint? LocalEndpoint { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.MllpPort == 0)
        {
            log.LogInformation("MLLP listener disabled (Infirmary:Hl7:MllpPort = 0)");
            return;
        }

        var listener = new TcpListener(IPAddress.Parse(_options.MllpBindAddress), _options.MllpPort);
        listener.Start(backlog: 512);
        LocalEndpoint = (IPEndPoint)listener.LocalEndpoint;
        log.LogInformation("MLLP listener on {Endpoint}", LocalEndpoint);
        var running = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException e)
                {
                    log.LogWarning(e, "MLLP accept failed; listening on");
                    continue;
                }

                if (Interlocked.Increment(ref _connections) > _options.MaxConnections)
                {
                    Interlocked.Decrement(ref _connections);
                    log.LogWarning("MLLP connection from {Remote} refused: {Max} connections already open", client.Client.RemoteEndPoint, _options.MaxConnections);
                    client.Dispose();
                    continue;
                }

                var task = Task.Run(() => ServeAsync(client, stoppingToken), CancellationToken.None);
                lock (running)
                {
                    running.Add(task);
                }

                _ = task.ContinueWith(t =>
                {
                    lock (running)
                    {
                        running.Remove(t);
                    }
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        finally
        {
            listener.Stop();
            Task[] pending;
            lock (running)
            {
                pending = [.. running];
            }

            await Task.WhenAll(pending);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        var remote = (client.Client.RemoteEndPoint as IPEndPoint)?.ToString() ?? "unknown";
        var junkRecorded = false;
        try
        {
            using (client)
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var actor = ListenerActor(remote);
                using var reader = new MllpReader(stream, _options.MaxMessageBytes);
                var limit = TimeSpan.FromSeconds(_options.ReadTimeoutSeconds);
                // One timeout per connection, re-armed for each read and each write: no token source or timer is made
                // per message.
                var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                try
                {
                    while (!stopping.IsCancellationRequested)
                    {
                        MllpFrame frame;
                        timeout.CancelAfter(limit);
                        try
                        {
                            frame = await reader.ReadAsync(timeout.Token);
                        }
                        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                        {
                            log.LogInformation("MLLP connection {Remote} idle for {Seconds} s; closed", remote, _options.ReadTimeoutSeconds);
                            return;
                        }

                        timeout = Rearm(timeout, stopping);
                        switch (frame.Status)
                        {
                            case MllpStatus.Frame:
                            {
                                // Not cancelled by shutdown mid-way: a message being stored is finished and answered. Result
                                // messages go through the group commit; anything else is handled here, one at a time.
                                var receipt = await (groupCommit.TryReceive(frame.Payload, Hl7Channel.Mllp, remote, actor)
                                    ?? HandleAsync(frame.Payload, remote, actor));
                                timeout.CancelAfter(limit);
                                await MllpFraming.WriteFrameAsync(stream, receipt.AckBytes(), timeout.Token);
                                timeout = Rearm(timeout, stopping);
                                break;
                            }

                            case MllpStatus.UnframedData:
                                log.LogWarning("MLLP connection {Remote} sent data outside a frame; ignored", remote);
                                if (!junkRecorded)
                                {
                                    junkRecorded = true;
                                    await RecordAsync(remote, "Data outside an MLLP frame (no start block 0x0B); discarded.");
                                }

                                break;
                            case MllpStatus.FrameTooLarge:
                                log.LogWarning("MLLP connection {Remote} sent a frame over {Max} bytes; discarded", remote, _options.MaxMessageBytes);
                                await RecordAsync(remote, $"MLLP frame larger than {_options.MaxMessageBytes} bytes; discarded.");
                                break;
                            case MllpStatus.TruncatedFrame:
                                log.LogWarning("MLLP connection {Remote} sent a truncated frame; discarded", remote);
                                await RecordAsync(remote, "Truncated MLLP frame (a new start block or the end of the connection before the end block); discarded.");
                                break;
                            case MllpStatus.EndOfStream:
                                return;
                        }
                    }
                }
                finally
                {
                    timeout.Dispose();
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            log.LogInformation("MLLP connection {Remote} ended: {Reason}", remote, e.Message);
        }
#pragma warning disable CA1031 // One connection's failure must never stop the listener.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogError(e, "MLLP connection {Remote} failed", remote);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    /// <summary>The same source with its timer stopped, ready to be armed again; a new one if it had already fired.</summary>
    private static CancellationTokenSource Rearm(CancellationTokenSource timeout, CancellationToken stopping)
    {
        if (timeout.TryReset())
        {
            return timeout;
        }

        timeout.Dispose();
        return CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    private async Task<Hl7Receipt> HandleAsync(ReadOnlyMemory<byte> payload, string remote, Actor actor)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Use(actor);
        return await scope.ServiceProvider.GetRequiredService<ReceiveHl7Message>().HandleAsync(payload, Hl7Channel.Mllp, remote, CancellationToken.None);
    }

    private async Task RecordAsync(string remote, string error)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorAccessor>().Use(ListenerActor(remote));
        await scope.ServiceProvider.GetRequiredService<ReceiveHl7Message>().LogErrorAsync(Hl7Channel.Mllp, remote, error, null, CancellationToken.None);
    }

    private static Actor ListenerActor(string remote) => new("system:mllp", "MLLP listener", "system", null, remote, new ClaimsPrincipal());
}
