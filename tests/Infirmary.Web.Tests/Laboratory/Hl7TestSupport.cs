using System.Net.Sockets;
using System.Text;
using Infirmary.Hl7v2;
using Infirmary.Hl7v2.Mllp;
using Infirmary.Laboratory.Domain;
using Infirmary.Platform.Data;
using Infirmary.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infirmary.Web.Tests.Laboratory;

/// <summary>The sample ORU^R01 with a chosen sender and control id; reading ACKs; counting stored rows.</summary>
public static class Hl7TestSupport
{
    private static readonly string Sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Laboratory", "TestData", "LAB-ORU-1.hl7"));

    /// <summary>A control id unique to this run (20 characters, as v2.5 allows).</summary>
    public static string NewControlId() => Guid.NewGuid().ToString("N")[..20];

    /// <summary>The sample with MSH-3 and MSH-10 replaced, segments ending in CR as on the wire.</summary>
    public static string Oru(string controlId, string sendingApplication = "SomeSystem")
    {
        var lines = Sample.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var msh = lines[0].Split('|');
        msh[2] = sendingApplication;
        msh[9] = controlId;
        lines[0] = string.Join('|', msh);
        return string.Join('\r', lines) + "\r";
    }

    public static Hl7AckInfo ReadAck(string text)
    {
        var parsed = Hl7Message.Parse(text);
        Assert.True(parsed.IsSuccess, $"the ACK does not parse: {parsed.Error} in {text}");
        var ack = Hl7Ack.Read(parsed.Message!);
        Assert.NotNull(ack);
        return ack!;
    }

    public static async Task<int> CountStoredAsync(InfirmaryFactory factory, string controlId)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<InboundMessage>().CountAsync(m => m.ControlId == controlId);
    }

    public static async Task<List<InboundMessage>> StoredAsync(InfirmaryFactory factory, string controlId)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<InboundMessage>().AsNoTracking().Where(m => m.ControlId == controlId).ToListAsync();
    }

    public static async Task<(int Messages, int Errors)> TotalsAsync(InfirmaryFactory factory)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return (await db.Set<InboundMessage>().CountAsync(), await db.Set<InterfaceError>().CountAsync());
    }

    public static async Task<List<InterfaceError>> ErrorsAsync(InfirmaryFactory factory)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<InfirmaryDbContext>();
        return await db.Set<InterfaceError>().AsNoTracking().ToListAsync();
    }

    /// <summary>Connects to the test host's MLLP listener (it may still be starting: retried, never a timed assertion).</summary>
    public static async Task<TcpClient> ConnectAsync(InfirmaryFactory factory)
    {
        _ = factory.Services;
        for (var attempt = 0; ; attempt++)
        {
            var client = new TcpClient { NoDelay = true };
            try
            {
                await client.ConnectAsync(System.Net.IPAddress.Loopback, factory.MllpPort);
                return client;
            }
            catch (SocketException) when (attempt < 200)
            {
                client.Dispose();
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Sends one framed message and reads the next frame back as the ACK.</summary>
    public static async Task<Hl7AckInfo> SendAsync(NetworkStream stream, MllpReader reader, string message)
    {
        await MllpFraming.WriteFrameAsync(stream, Encoding.UTF8.GetBytes(message));
        return await ReadAckAsync(reader);
    }

    public static async Task<Hl7AckInfo> ReadAckAsync(MllpReader reader)
    {
        // A guard against a hung test, not an assertion about speed.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var frame = await reader.ReadAsync(guard.Token);
        Assert.Equal(MllpStatus.Frame, frame.Status);
        return ReadAck(Encoding.UTF8.GetString(frame.Payload.Span));
    }
}

/// <summary>One MLLP connection to the test host's listener, with a reader for its answers.</summary>
public sealed class MllpTestConnection : IDisposable, IAsyncDisposable
{
    private MllpTestConnection(TcpClient client)
    {
        Client = client;
        Stream = client.GetStream();
        Reader = new MllpReader(Stream);
    }

    public TcpClient Client { get; }

    public NetworkStream Stream { get; }

    public MllpReader Reader { get; }

    public static async Task<MllpTestConnection> OpenAsync(InfirmaryFactory factory) => new(await Hl7TestSupport.ConnectAsync(factory));

    /// <summary>Sends a framed message and reads its ACK.</summary>
    public Task<Hl7AckInfo> SendAsync(string message) => Hl7TestSupport.SendAsync(Stream, Reader, message);

    /// <summary>Sends a framed message without waiting for its answer.</summary>
    public async Task WriteAsync(string message) => await MllpFraming.WriteFrameAsync(Stream, Encoding.UTF8.GetBytes(message));

    public void Dispose()
    {
        Reader.Dispose();
        Client.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
