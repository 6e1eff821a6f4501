using Infirmary.Bench;
// Load driver for Scheduling (issue 4's speed section; method and figures in docs/benchmarks.md):
//   seed   <pg>                      200 bench clinicians, one clinic each, Mon–Fri 09:00–12:00 and 13:30–16:30 in 20-minute slots
//                                    for 26 weeks (468,000 slots: a long booking run at 1,000/s does not run out of them),
//                                    and 20,000 bench patients to book, then VACUUM (ANALYZE) of the database
//   search <url> <seconds> <workers> free-slot searches (first available by specialty from a random day; by clinician)
//   book   <pg> <seconds> <workers> <url> [<url>...]  bookings of free bench slots for random bench patients spread over
//                                    the servers given (each worker its own share of the slots, so requests are real
//                                    bookings rather than refusals), after a warm-up of INFIRMARY_BENCH_WARMUP seconds (default 20)
//                                    of the same bookings, not counted; then a checker query for slots or clinician times held twice
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

// What a booking worker's request returns when its share of the free bench slots is used up: no HTTP status is 0.
const HttpStatusCode OutOfSlots = 0;

var mode = args.ElementAtOrDefault(0);
switch (mode)
{
    case "seed":
        await SeedAsync(args[1]);
        break;
    case "search":
        await RunAsync([args[1]], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), 0, SearchOnce);
        break;
    case "book":
        // Warm-up seconds (bookings not counted) from INFIRMARY_BENCH_WARMUP, default 20.
        var warmup = int.Parse(Environment.GetEnvironmentVariable("INFIRMARY_BENCH_WARMUP") ?? "20", CultureInfo.InvariantCulture);
        await BookAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), warmup, int.Parse(args[3], CultureInfo.InvariantCulture), args[4..]);
        break;
    default:
        Console.Error.WriteLine("usage: seed <pg> | search <url> <seconds> <workers> | book <pg> <seconds> <workers> <url> [<url>...]");
        return 2;
}

return 0;

static async Task SeedAsync(string pg)
{
    await using var conn = new NpgsqlConnection(pg);
    await conn.OpenAsync();
    string[] steps =
    [
        """
        INSERT INTO sched_clinics (id, name, specialty, site, room, clinician_id, clinician_name, active, version, created_at, created_by)
        SELECT md5('bench-clinic-' || i)::uuid, 'Bench clinic ' || i,
               (ARRAY['Cardiology','Dermatology','Neurology','Rheumatology','Respiratory'])[1 + i % 5],
               'Bench site', 'Bench room ' || i, md5('bench-clinician-' || i)::uuid, 'Dr Bench ' || i, true, 1, now(), 'bench'
        FROM generate_series(1, 200) i ON CONFLICT DO NOTHING
        """,
        """
        INSERT INTO sched_templates (id, clinic_id, recurrence, day_of_week, start_time, end_time, slot_minutes, slot_type, capacity, valid_from, valid_to, created_at, created_by)
        SELECT md5('bench-template-' || i || '-' || d || '-' || p)::uuid, md5('bench-clinic-' || i)::uuid, 'weekly', d,
               time '09:00' + p * interval '270 minutes', time '12:00' + p * interval '270 minutes', 20, 'new', 1, current_date, NULL, now(), 'bench'
        FROM generate_series(1, 200) i, generate_series(1, 5) d, generate_series(0, 1) p ON CONFLICT DO NOTHING
        """,
        """
        INSERT INTO sched_sessions (id, clinic_id, template_id, date, starts_at, ends_at, status, version)
        SELECT md5('bench-session-' || i || '-' || g.day::date || '-' || p)::uuid, md5('bench-clinic-' || i)::uuid,
               md5('bench-template-' || i || '-' || extract(isodow FROM g.day)::int || '-' || p)::uuid, g.day::date,
               (g.day::date + time '09:00' + p * interval '270 minutes') AT TIME ZONE 'Europe/London',
               (g.day::date + time '12:00' + p * interval '270 minutes') AT TIME ZONE 'Europe/London', 'active', 1
        FROM generate_series(1, 200) i, generate_series(current_date + 1, current_date + 182, interval '1 day') g(day), generate_series(0, 1) p
        WHERE extract(isodow FROM g.day) BETWEEN 1 AND 5 ON CONFLICT DO NOTHING
        """,
        """
        INSERT INTO sched_slots (id, session_id, clinic_id, clinician_id, place, starts_at, ends_at, type, status)
        SELECT gen_random_uuid(), s.id, s.clinic_id, c.clinician_id, 1, s.starts_at + k * interval '20 minutes',
               s.starts_at + (k + 1) * interval '20 minutes', 'new', 'free'
        FROM sched_sessions s JOIN sched_clinics c ON c.id = s.clinic_id, generate_series(0, 8) k
        WHERE c.created_by = 'bench' ON CONFLICT DO NOTHING
        """,
        // Bench patients to book: enough that two random bookings rarely put one patient in two places at once.
        """
        INSERT INTO patients (id, given_name, family_name, given_name_search, family_name_search, birth_date, sex, sensitive, active, version, created_at, updated_at)
        SELECT md5('bench-patient-' || i)::uuid, 'Bench', 'Patient ' || i, 'BENCH', 'PATIENT ' || i, date '1950-01-01' + (i % 20000),
               (ARRAY['Male','Female'])[1 + i % 2], false, true, 1, now(), now()
        FROM generate_series(1, 20000) i ON CONFLICT DO NOTHING
        """,
    ];
    foreach (var sql in steps)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        Console.WriteLine($"{await cmd.ExecuteNonQueryAsync()} rows");
    }

    // A bulk load is followed by VACUUM (ANALYZE), as on any site after one: it sets the new rows' visibility and frozen
    // bits and the planner's statistics now, so autovacuum's one-off pass over them does not run (and get measured)
    // during the first minutes of a booking run. This session's row counts are sent to the statistics first (PostgreSQL
    // 15 holds them back for up to a few seconds; arriving after the VACUUM they would call autovacuum again). VACUUM is
    // one statement of its own: it cannot run in a transaction block.
    // Every table of the database, not only those filled here: the tables a booking writes (sched_appointments,
    // audit_events) hold only the demo data's few rows and have never been analysed, and a plan made for an empty
    // table stays in each pooled connection's prepared statements until autovacuum's first analyse of it (up to a minute
    // in, at a moment that varies from run to run). The booking's clash check planned then scans
    // ix_sched_appointments_booked_start (every booked appointment before the slot) instead of the patient's own
    // appointments, so the first minutes of a run measured that plan, not booking.
    await using (var flush = new NpgsqlCommand(
        "DO $$ BEGIN IF current_setting('server_version_num')::int >= 150000 THEN PERFORM pg_stat_force_next_flush(); END IF; END $$", conn))
    {
        await flush.ExecuteNonQueryAsync();
    }

    await using var tidy = new NpgsqlCommand("VACUUM (ANALYZE)", conn) { CommandTimeout = 600 };
    await tidy.ExecuteNonQueryAsync();
    Console.WriteLine("vacuumed and analysed");
}

static async Task<HttpClient> ClientAsync(string url)
{
    var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    await LoadKit.AuthoriseAsync(http, "system/Slot.read system/Schedule.read system/Appointment.write");
    return http;
}

static async Task<HttpStatusCode> SearchOnce(HttpClient http, Random random, int _)
{
    string[] specialties = ["Cardiology", "Dermatology", "Neurology", "Rheumatology", "Respiratory"];
    var from = DateOnly.FromDateTime(DateTime.Today).AddDays(random.Next(1, 170)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    var url = random.Next(2) == 0
        ? $"/api/v1/scheduling/slots/first-available?specialty={specialties[random.Next(5)]}&type=new&from={from}"
        : $"/api/v1/scheduling/slots?clinicianId={BenchClinician(random.Next(1, 201))}&from={from}&limit=10";
    using var response = await http.GetAsync(url);
    return response.StatusCode;
}

#pragma warning disable CA5351 // Not security: the same ids as the seed SQL's md5().
// PostgreSQL's md5(text)::uuid reads the 32 hex digits as the uuid's text, as Guid's "N" format does.
static Guid BenchClinician(int i) =>
    Guid.ParseExact(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"bench-clinician-{i}"))), "N");

static async Task BookAsync(string pg, int seconds, int warmup, int workers, string[] urls)
{
    List<Guid> slots = [], patients = [];
    await using (var conn = new NpgsqlConnection(pg))
    {
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand("SELECT s.id FROM sched_slots s JOIN sched_clinics c ON c.id = s.clinic_id WHERE c.created_by = 'bench' AND s.status = 'free' AND s.starts_at > now()", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                slots.Add(r.GetGuid(0));
            }
        }

        // The seeded bench patients; a database seeded before they existed falls back to every living patient.
        await using (var cmd = new NpgsqlCommand(
                         "SELECT id FROM patients WHERE active AND date_of_death IS NULL AND (given_name_search = 'BENCH' OR NOT EXISTS (SELECT 1 FROM patients WHERE given_name_search = 'BENCH'))", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                patients.Add(r.GetGuid(0));
            }
        }
    }

    Console.WriteLine($"{slots.Count} free bench slots, {patients.Count} patients");
    // Shuffled afresh each run and dealt out: worker w books slots w, w + workers, ... so no two workers ask for one
    // slot (the one-slot race is the test suite's job) and a run does not repeat the previous run's choices.
    var seed = Environment.TickCount;
    Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(slots));
    var next = new int[workers];
    // Warm-up: bookings for a while first, not counted, so the servers' code is compiled and tiered up (a server
    // that has just started spends much of its CPU in the JIT) and the figures are those of a running service.
    Task<HttpStatusCode> BookOnce(HttpClient http, Random random, int worker) => BookSlotAsync(http, random, worker);
    await RunAsync(urls, warmup, workers, seed - 1, BookOnce, quiet: true);
    await RunAsync(urls, seconds, workers, seed, BookOnce);

    async Task<HttpStatusCode> BookSlotAsync(HttpClient http, Random random, int worker)
    {
        var i = worker + (next[worker]++ * workers);
        if (i >= slots.Count)
        {
            // Out of free bench slots: this worker stops (the run ends when every worker has), and the run is still
            // reported and checked; the rate is over the time the run actually took.
            return OutOfSlots;
        }

        using var response = await http.PostAsJsonAsync("/api/v1/scheduling/appointments",
            new { patientId = patients[random.Next(patients.Count)], slotId = slots[i] });
        return response.StatusCode;
    }

    await using var check = new NpgsqlConnection(pg);
    await check.OpenAsync();
    await using var q = new NpgsqlCommand("""
        SELECT (SELECT count(*) FROM (SELECT slot_id FROM sched_appointments WHERE status <> 'cancelled' AND NOT overbooked GROUP BY slot_id HAVING count(*) > 1) d),
               (SELECT count(*) FROM sched_appointments a JOIN sched_appointments b ON a.clinician_id = b.clinician_id AND a.place = b.place AND a.id < b.id
                 AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
                 WHERE a.status <> 'cancelled' AND b.status <> 'cancelled' AND NOT a.overbooked AND NOT b.overbooked)
        """, check);
    await using var reader = await q.ExecuteReaderAsync();
    await reader.ReadAsync();
    Console.WriteLine($"checker: slots held twice = {reader.GetInt64(0)}, overlapping clinician bookings = {reader.GetInt64(1)}");
}

static async Task RunAsync(string[] urls, int seconds, int workers, int seed, Func<HttpClient, Random, int, Task<HttpStatusCode>> once, bool quiet = false)
{
    var clients = new List<HttpClient>();
    foreach (var url in urls)
    {
        clients.Add(await ClientAsync(url));
    }

    // Warm-up: a few requests per server so start-up work is not counted.
    foreach (var c in clients)
    {
        for (var i = 0; i < 5; i++)
        {
            await SearchOnce(c, new Random(i), 0);
        }
    }

    var latencies = new ConcurrentBag<double>();
    var codes = new ConcurrentDictionary<HttpStatusCode, int>();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var stop = Stopwatch.StartNew();
    var end = TimeSpan.FromSeconds(seconds);
    var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        var random = new Random(seed + w);
        var http = clients[w % clients.Count];
        while (stop.Elapsed < end)
        {
            var t = Stopwatch.GetTimestamp();
            var code = await once(http, random, w);
            if (code == OutOfSlots)
            {
                Console.Error.WriteLine($"worker {w}: out of free bench slots after {stop.Elapsed.TotalSeconds:F0} s (seed again into a fresh database for a longer run)");
                break;
            }

            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            codes.AddOrUpdate(code, 1, (_, n) => n + 1);
        }
    })).ToArray();
    await Task.WhenAll(tasks);
    var elapsed = stop.Elapsed.TotalSeconds;
    if (quiet)
    {
        Console.WriteLine($"warm-up: {latencies.Count} requests in {elapsed:F1} s, not counted");
        return;
    }

    var driverCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    var sorted = latencies.Order().ToArray();
    double P(double q) => LoadKit.Percentile(sorted, q);
    Console.WriteLine($"servers {urls.Length}, workers {workers}, {sorted.Length} requests in {elapsed:F1} s = {sorted.Length / elapsed:F0}/s");
    Console.WriteLine($"latency p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms");
    Console.WriteLine("status: " + string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{(int)c.Key} × {c.Value}")));
    Console.WriteLine($"409 conflicts: {codes.GetValueOrDefault(HttpStatusCode.Conflict)}; 201 created: {codes.GetValueOrDefault(HttpStatusCode.Created)} = {codes.GetValueOrDefault(HttpStatusCode.Created) / elapsed:F0}/s");
    Console.WriteLine($"driver CPU {driverCpu:F1} s = {driverCpu * 1000 / Math.Max(1, sorted.Length):F2} ms per request");
}
