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
using Infirmary.Hl7v2;
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
await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
{
    latencies[c] = new double[perConnection];
    using var tcp = new TcpClient { NoDelay = true };
    await tcp.ConnectAsync(host, port);
    var stream = tcp.GetStream();
    using var reader = new MllpReader(stream);
    for (var i = 0; i < perConnection; i++)
    {
        var id = $"{run}-{c:D2}-{i:D7}";
        var started = Stopwatch.GetTimestamp();
        await MllpFraming.WriteFrameAsync(stream, Oru(id, (c * perConnection) + i));
        var frame = await reader.ReadAsync();
        latencies[c][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var parsed = frame.Status == MllpStatus.Frame ? Hl7Message.Parse(Encoding.UTF8.GetString(frame.Payload.Span)) : default;
        var ack = parsed.IsSuccess ? Hl7Ack.Read(parsed.Message!) : null;
        if (ack is { Code: Hl7AckCode.AA } && ack.AcknowledgedControlId == id)
        {
            acked[c]++;
        }
        else
        {
            refused[c]++;
        }
    }
}));
clock.Stop();
var all = latencies.SelectMany(l => l).Order().ToArray();
double P(double q) => LoadKit.Percentile(all, q);
var total = acked.Sum();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"run {run}: {connections} connections x {perConnection} = {connections * perConnection} sent, {total} AA, {refused.Sum()} not AA, " +
    $"{clock.Elapsed.TotalSeconds:0.00} s, {total / clock.Elapsed.TotalSeconds:0} msg/s; ACK latency ms p50 {P(0.5):0.0} p90 {P(0.9):0.0} p99 {P(0.99):0.0} max {all[^1]:0.0}"));
Console.WriteLine($"check: SELECT count(*), count(DISTINCT control_id) FROM lab_inbound_messages WHERE control_id LIKE '{run}-%';");
