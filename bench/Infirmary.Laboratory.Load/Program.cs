using Infirmary.Bench;
// Interface throughput driver: opens N MLLP connections to a running Infirmary server and sends ORU^R01 messages, one
// at a time per connection (send, wait for the ACK), as analysers do. Reports the acknowledged rate and ACK latency.
// Every control id is unique (run id + connection + sequence), so the stored count can be checked afterwards:
//   SELECT count(*) FROM lab_inbound_messages WHERE control_id LIKE '<run id>%';
// Usage: dotnet run -c Release --project bench/Infirmary.Laboratory.Load -- [host] [port] [connections] [messages per connection]
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Infirmary.Hl7v2.Mllp;

var host = args.Length > 0 ? args[0] : "127.0.0.1";
var port = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2575;
var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
var perConnection = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2_000;
var run = "B" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

static string Oru(string controlId, int n) => string.Join('\r',
    $"MSH|^~\\&|LOADGEN|BLOODSCI|INFIRMARY|LAB|20261125120000||ORU^R01^ORU_R01|{controlId}|P|2.5.1",
    "PID|1||X123^^^LOCAL^MR||DOE^JANE||19840327|F",
    $"OBR|1|LOAD{n:D8}||58410-2^Full blood count^LN|||20261125110000",
    "OBX|1|NM|718-7^HGB^LN||135|g/L|||||F|||20261125113000",
    "OBX|2|NM|6690-2^WBC^LN||7.2|10*9/L|||||F|||20261125113000",
    "OBX|3|NM|777-3^PLT^LN||250|10*9/L|||||F|||20261125113000") + "\r";

var latencies = new double[connections][];
var acked = new int[connections];
var refused = new int[connections];
var clock = Stopwatch.StartNew();
// One thread per connection with blocking socket calls, as a simple analyser does: the driver shares the machine's cores
// with the server and the database, and blocking calls cost it less CPU per message than asynchronous ones.
var threads = Enumerable.Range(0, connections).Select(c => new Thread(() =>
{
    latencies[c] = new double[perConnection];
    using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    socket.Connect(host, port);
    var frame = new byte[4096];
    var buffer = new byte[4096];
    for (var i = 0; i < perConnection; i++)
    {
        var id = $"{run}-{c:D2}-{i:D7}";
        var length = MllpFraming.WriteFrame(Encoding.UTF8.GetBytes(Oru(id, (c * perConnection) + i)), frame);
        var started = Stopwatch.GetTimestamp();
        socket.Send(frame.AsSpan(0, length));
        var received = 0;
        int end;
        // One ACK per message: read until its end block (0x1C 0x0D).
        while ((end = buffer.AsSpan(0, received).IndexOf("\u001c\r"u8)) < 0)
        {
            var n = socket.Receive(buffer.AsSpan(received));
            if (n == 0 || received + n == buffer.Length)
            {
                throw new InvalidOperationException($"connection {c}: the server closed the connection or sent an over-long ACK");
            }

            received += n;
        }

        latencies[c][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // Every ACK is checked for its code (AA) and the control id it acknowledges (MSA-1 and MSA-2), without
        // parsing the whole message.
        if (buffer[0] == 0x0B && end + 2 == received && AcknowledgesAccepted(buffer.AsSpan(1, end - 1), id))
        {
            acked[c]++;
        }
        else
        {
            refused[c]++;
        }
    }
})).ToList();
threads.ForEach(t => t.Start());
threads.ForEach(t => t.Join());
clock.Stop();
// True when the ACK's MSA segment reads AA and names the given control id: MSA|AA|<id> followed by a field separator,
// component separator or the segment's end, with the separators the ACK's MSH declares.
static bool AcknowledgesAccepted(ReadOnlySpan<byte> ack, string controlId)
{
    if (ack.Length < 8 || !ack.StartsWith("MSH"u8))
    {
        return false;
    }

    var field = ack[3];
    var component = ack[4];
    ReadOnlySpan<byte> msa = [(byte)'\r', (byte)'M', (byte)'S', (byte)'A', field, (byte)'A', (byte)'A', field];
    var at = ack.IndexOf(msa);
    if (at < 0)
    {
        return false;
    }

    var rest = ack[(at + msa.Length)..];
    Span<byte> id = stackalloc byte[controlId.Length];
    Encoding.ASCII.GetBytes(controlId, id);
    return rest.StartsWith(id) && (rest.Length == id.Length || rest[id.Length] == field || rest[id.Length] == component || rest[id.Length] == (byte)'\r');
}

var all = latencies.SelectMany(l => l).Order().ToArray();
double P(double q) => LoadKit.Percentile(all, q);
var total = acked.Sum();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"run {run}: {connections} connections x {perConnection} = {connections * perConnection} sent, {total} AA, {refused.Sum()} not AA, " +
    $"{clock.Elapsed.TotalSeconds:0.00} s, {total / clock.Elapsed.TotalSeconds:0} msg/s; ACK latency ms p50 {P(0.5):0.0} p90 {P(0.9):0.0} p99 {P(0.99):0.0} max {all[^1]:0.0}"));
Console.WriteLine($"check: SELECT count(*), count(DISTINCT control_id) FROM lab_inbound_messages WHERE control_id LIKE '{run}-%';");
