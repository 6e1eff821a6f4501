using Infirmary.Bench;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

// Load tool for patient search at scale (issue 3, speed section). Two commands:
//   load-patients --connection CS [--count 1000000] [--urls urls.txt] [--url-count 20000] [--seed 1]
//     COPYs synthetic patients straight into the patients table and writes search URLs for existing people
//     (half NHS number, half family name + date of birth).
//   run --base http://host:port [--clients 32] [--duration 30] [--warmup 5] --urls urls.txt
//       [--client-id demo-integration] [--secret demo-integration-secret] [--scope "system/Patient.read"]
//     gets a bearer token from /connect/token, then N clients each GET URLs from the list (round robin from a
//     random start) for the duration, and reports requests/s, errors and p50/p95/p99 latency.
return args.Length > 0 && args[0] == "load-patients" ? await Loader.RunAsync(Args.Parse(args[1..]))
    : args.Length > 0 && args[0] == "run" ? await LoadRun.RunAsync(Args.Parse(args[1..]))
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: Infirmary.Load load-patients --connection CS [--count N] [--urls FILE]\n       Infirmary.Load run --base URL --urls FILE [--clients 32] [--duration 30]");
    return 2;
}

internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            d[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Args(d);
    }

    public string Get(string name, string? fallback = null) =>
        values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

internal static class Loader
{
    private static readonly string[] Syllables =
        ["ab", "bar", "ton", "wood", "ley", "ash", "field", "ing", "ham", "mor", "ris", "son", "cal", "der", "well", "by", "ford", "ker",
         "lin", "nor", "pet", "quin", "row", "sted", "tal", "ver", "win", "yar", "zel", "hart"];

    private static readonly string[] Given =
        ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy", "Leo", "Lily", "Arthur", "Freya", "Muhammad",
         "Grace", "Oscar", "Sophia", "Charlie", "Ella", "Jacob", "Rosie", "Thomas", "Evie", "Henry", "Florence", "William", "Emily", "James", "Poppy"];

    public static async Task<int> RunAsync(Args a)
    {
        var count = a.Int("count", 1_000_000);
        var rng = new Random(a.Int("seed", 1));
        var urls = new List<string>();
        var urlEvery = Math.Max(1, count / a.Int("url-count", 20_000));
        await using var conn = new NpgsqlConnection(a.Get("connection"));
        await conn.OpenAsync();
        var clock = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        await using (var writer = await conn.BeginBinaryImportAsync(
            "COPY patients (id, nhs_number, given_name, family_name, given_name_search, family_name_search, birth_date, sex, address_line1, town, postcode, sensitive, active, version, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            var nhsBase = 600_000_000L + rng.Next(0, 1000) * 100_000L;
            for (var i = 0; i < count; i++)
            {
                var nhs = NextNhs(ref nhsBase);
                var given = Given[rng.Next(Given.Length)];
                var family = Family(rng);
                var dob = new DateOnly(1930, 1, 1).AddDays(rng.Next(0, 33_000));
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await writer.WriteAsync(nhs, NpgsqlDbType.Varchar);
                await writer.WriteAsync(given, NpgsqlDbType.Varchar);
                await writer.WriteAsync(family, NpgsqlDbType.Varchar);
                await writer.WriteAsync(given.ToUpperInvariant(), NpgsqlDbType.Varchar);
                await writer.WriteAsync(family.ToUpperInvariant(), NpgsqlDbType.Varchar);
                await writer.WriteAsync(dob, NpgsqlDbType.Date);
                await writer.WriteAsync(rng.Next(2) == 0 ? "Male" : "Female", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"{rng.Next(1, 200)} {Family(rng)} Road", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Leeds", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"LS{rng.Next(1, 29)} {rng.Next(1, 10)}{(char)('A' + rng.Next(26))}{(char)('A' + rng.Next(26))}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean);
                await writer.WriteAsync(1, NpgsqlDbType.Integer);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                if (i % urlEvery == 0)
                {
                    urls.Add(urls.Count % 2 == 0
                        ? $"/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{nhs}"
                        : $"/fhir/Patient?family={family}&birthdate={dob:yyyy-MM-dd}");
                }

                if (i > 0 && i % 100_000 == 0)
                {
                    Console.Error.Write($"\r{i:N0} patients, {i / clock.Elapsed.TotalSeconds:N0}/s   ");
                }
            }

            await writer.CompleteAsync();
        }

        await using (var analyse = new NpgsqlCommand("ANALYZE patients", conn))
        {
            await analyse.ExecuteNonQueryAsync();
        }

        await File.WriteAllLinesAsync(a.Get("urls", "urls.txt"), urls);
        Console.WriteLine($"Loaded {count:N0} patients in {clock.Elapsed.TotalSeconds:N1} s; wrote {urls.Count:N0} search URLs.");
        return 0;
    }

    private static string Family(Random rng) =>
        string.Create(CultureInfo.InvariantCulture, $"{char.ToUpperInvariant(Syllables[rng.Next(Syllables.Length)][0])}{Syllables[rng.Next(Syllables.Length)][1..]}{Syllables[rng.Next(Syllables.Length)]}{Syllables[rng.Next(Syllables.Length)]}");

    /// <summary>The next ten-digit NHS number with a valid modulus-11 check digit.</summary>
    private static string NextNhs(ref long n)
    {
        while (true)
        {
            var body = (n++).ToString("D9", CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                sum += (body[i] - '0') * (10 - i);
            }

            var check = 11 - (sum % 11);
            if (check == 10)
            {
                continue;
            }

            return body + (check == 11 ? 0 : check).ToString(CultureInfo.InvariantCulture);
        }
    }
}

internal static class LoadRun
{
    public static async Task<int> RunAsync(Args a)
    {
        var baseUrl = a.Get("base").TrimEnd('/');
        var urls = (await File.ReadAllLinesAsync(a.Get("urls"))).Where(l => l.Length > 0).ToArray();
        var clients = a.Int("clients", 32);
        var duration = TimeSpan.FromSeconds(a.Int("duration", 30));
        var warmup = TimeSpan.FromSeconds(a.Int("warmup", 5));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
        await LoadKit.AuthoriseAsync(http, a.Get("scope", "system/Patient.read"), a.Get("client-id", LoadKit.DemoClientId), a.Get("secret", LoadKit.DemoClientSecret));

        var latencies = new ConcurrentBag<List<double>>();
        var errors = 0L;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = new List<double>(100_000);
            var i = Random.Shared.Next(urls.Length);
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (t0 >= end)
                {
                    break;
                }

                try
                {
                    using var response = await http.GetAsync(urls[i++ % urls.Length], HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                if (t0 >= measureFrom)
                {
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
            }

            latencies.Add(mine);
        })).ToArray();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        if (all.Length == 0)
        {
            Console.Error.WriteLine("No requests completed in the measured window.");
            return 1;
        }

        double P(double q) => LoadKit.Percentile(all, q);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clients} clients, {duration.TotalSeconds:N0} s measured after {warmup.TotalSeconds:N0} s warm-up: {all.Length:N0} requests, {all.Length / duration.TotalSeconds:N1}/s, errors {errors}; latency ms p50 {P(0.50):N1}, p95 {P(0.95):N1}, p99 {P(0.99):N1}, max {all[^1]:N1}"));
        return errors == 0 ? 0 : 1;
    }
}
