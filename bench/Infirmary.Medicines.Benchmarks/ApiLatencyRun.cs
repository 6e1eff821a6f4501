using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Infirmary.Bench;

namespace Infirmary.Medicines.Benchmarks;

/// <summary>
/// End-to-end latency of screening the same 20-medicine list through the running server's CDS Hooks service
/// (<c>order-sign</c>): 15 current medicines and the allergies as prefetch, 5 draft orders, over HTTP with a bearer
/// token, as a prescribing system would call it. Sequential calls give the latency one prescriber sees; the
/// concurrent run shows it under load.
/// </summary>
internal static class ApiLatencyRun
{
    public static async Task<int> RunAsync(string baseUrl, int calls, int clients, TextWriter output)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        await LoadKit.AuthoriseAsync(http, "system/MedicationRequest.read");
        var body = Encoding.UTF8.GetBytes(Requests.CdsHooksOrderSign());

        async Task<double> CallAsync()
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var start = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/cds-services/medicines-screening-sign", content);
            await response.Content.ReadAsByteArrayAsync();
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"screening answered {(int)response.StatusCode}");
            return ms;
        }

        using (var first = new ByteArrayContent(body))
        {
            first.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("/cds-services/medicines-screening-sign", first);
            if (!response.IsSuccessStatusCode)
            {
                output.WriteLine($"screening answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return 1;
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            output.WriteLine($"cards per call: {answer.GetProperty("cards").GetArrayLength()}");
        }

        for (var i = 0; i < 200; i++) await CallAsync(); // warm-up: JIT, connection, caches

        foreach (var parallel in new[] { 1, clients }.Distinct())
        {
            var samples = new List<double>(calls);
            var wall = Stopwatch.StartNew();
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= calls)
                {
                    var ms = await CallAsync();
                    lock (samples) samples.Add(ms);
                }
            }));
            wall.Stop();
            samples.Sort();
            double P(double q) => LoadKit.Percentile(samples, q);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"clients={parallel} n={samples.Count} rate={samples.Count / wall.Elapsed.TotalSeconds:0}/s mean={samples.Average():0.00} ms p50={P(0.50):0.00} ms p95={P(0.95):0.00} ms p99={P(0.99):0.00} ms max={samples[^1]:0.00} ms"));
        }

        return 0;
    }
}
