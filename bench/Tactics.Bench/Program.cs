using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The release benchmark: opens cases whose victim lives at 1210 (police zone 5344), subscribes sapv-5344 to
// custody.released with a receiver on loopback, posts `released` custody events (once one at a time, once with some
// concurrency), and measures from each POST's response to the first webhook attempt's arrival.
// Two more modes serve scripts/bench.sh:
//   --seed N       opens N cases as police-5344 (victims at 1210), records a PV on each and grants cpas-saint-josse a
//                  consent on each (as sapv-5344): the small data set used when the generator is not there.
//   --stream       opens the cases first, prints "ready", waits for a line on standard input, then posts one release
//                  every --interval-ms for --duration seconds without waiting for the previous one (the rate holds
//                  whatever the latency), and prints one JSON line: count, delivered, errors, p50/p95/p99/max (ms).
var options = BenchOptions.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Api), Timeout = TimeSpan.FromSeconds(60) };
if (options.Seed > 0) return await SeedAsync(http, options.Seed);

var arrivals = new ConcurrentDictionary<string, long>();
await using var receiver = await Receiver.StartAsync(arrivals);
Console.WriteLine($"receiver on {receiver.Url}; API at {options.Api}");

var parquet = await Token(http, "parquet-bruxelles", "member");
var sapvAdmin = await Token(http, "sapv-5344", "agency_admin");
var subscription = await Send(http, HttpMethod.Post, "/api/v1/webhook-subscriptions", sapvAdmin,
    new { url = receiver.Url, eventTypes = new[] { "custody.released" } });
var subscriptionId = subscription.GetProperty("id").GetString()!;

if (options.Stream)
{
    var streamed = await StreamAsync(http, parquet, arrivals, options);
    await Send(http, HttpMethod.Delete, $"/api/v1/webhook-subscriptions/{subscriptionId}", sapvAdmin, null);
    Console.WriteLine(JsonSerializer.Serialize(streamed));
    return 0;
}

var results = new List<RunResult>();
foreach (var concurrency in new[] { 1, options.Concurrency }.Distinct())
{
    var cases = await OpenCases(http, parquet, options.Count, Math.Max(concurrency, 8));
    results.Add(await RunAsync(http, parquet, cases, concurrency, arrivals, options.Timeout));
}
await Send(http, HttpMethod.Delete, $"/api/v1/webhook-subscriptions/{subscriptionId}", sapvAdmin, null);

Console.WriteLine();
Console.WriteLine("From the `released` POST returning to the first webhook attempt at the SAPV's receiver (ms):");
Console.WriteLine($"{"run",-16}{"count",7}{"delivered",11}{"p50",9}{"p95",9}{"p99",9}{"max",9}{"min",9}{"POST p50",11}");
foreach (var result in results) Console.WriteLine(result);
var worst = results.Max(r => r.P95);
Console.WriteLine(worst < 1000 && results.All(r => r.Delivered == r.Count)
    ? $"PASS: p95 under 1 s in every run (worst p95 {worst:F1} ms)."
    : $"FAIL: p95 {worst:F1} ms, or an event was not delivered.");
return worst < 1000 && results.All(r => r.Delivered == r.Count) ? 0 : 1;

static async Task<StreamResult> StreamAsync(HttpClient http, string token, ConcurrentDictionary<string, long> arrivals, BenchOptions options)
{
    var count = (int)(options.Duration.TotalMilliseconds / options.Interval.TotalMilliseconds);
    var cases = await OpenCases(http, token, count, 8);
    Console.WriteLine("ready");
    await Console.In.ReadLineAsync();

    var returned = new ConcurrentDictionary<string, long>();
    var errors = 0;
    var started = Stopwatch.GetTimestamp();
    var posts = new List<Task>();
    for (var i = 0; i < cases.Count; i++)
    {
        var due = started + (long)(i * options.Interval.TotalSeconds * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        var caseId = cases[i];
        posts.Add(Task.Run(async () =>
        {
            try
            {
                var custody = await Send(http, HttpMethod.Post, $"/api/v1/cases/{caseId}/custody-events", token, ReleasedBody());
                returned[custody.GetProperty("id").GetString()!] = Stopwatch.GetTimestamp();
            }
            catch (Exception)
            {
                Interlocked.Increment(ref errors);
            }
        }));
    }
    await Task.WhenAll(posts);
    var latencies = await AwaitWebhooks(returned, arrivals, options.Timeout);
    return new StreamResult(cases.Count, latencies.Count, errors, Percentile(latencies, 0.50), Percentile(latencies, 0.95),
        Percentile(latencies, 0.99), latencies.Count == 0 ? double.NaN : latencies[^1]);
}

static object ReleasedBody() => new
{
    kind = "released",
    occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1),
    conditions = new { noContact = true, noApproachToVictimAddress = true, perimeterMeters = 500, until = DateTimeOffset.UtcNow.AddDays(90) },
};

/// <summary>Waits (up to the timeout) for the first webhook attempt of each returned release; the sorted latencies (ms).</summary>
static async Task<List<double>> AwaitWebhooks(ConcurrentDictionary<string, long> returned, ConcurrentDictionary<string, long> arrivals, TimeSpan timeout)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    while (returned.Keys.Any(id => !arrivals.ContainsKey(id)) && Stopwatch.GetTimestamp() < deadline) await Task.Delay(20);

    // Negative when the webhook arrived before the POST's response was read: the event commits with the change.
    return returned.Where(r => arrivals.ContainsKey(r.Key))
        .Select(r => Stopwatch.GetElapsedTime(r.Value, arrivals[r.Key]).TotalMilliseconds * (arrivals[r.Key] >= r.Value ? 1 : -1))
        .Order().ToList();
}

static async Task<int> SeedAsync(HttpClient http, int count)
{
    var police = await Token(http, "police-5344", "member");
    var sapv = await Token(http, "sapv-5344", "member");
    var cases = await OpenCases(http, police, count, 8);
    var batch = DateTimeOffset.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
    var now = DateTimeOffset.UtcNow;
    await Parallel.ForEachAsync(cases.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
    {
        await Send(http, HttpMethod.Post, $"/api/v1/cases/{c.id}/incidents", police, new
        {
            kind = "family_dispute_report", pvNumber = $"BR.55.SEED.{batch}.{c.i:D6}", policeZone = "5344",
            occurredAt = now.AddDays(-2), reportedAt = now.AddDays(-2).AddHours(1),
            facts = "Describes what was said and done, in the words used, without judgement.",
            children = new { present = true, impact = "Child woke up and saw the scene." },
            risk = new { weapons = false, threats = true, history = "Two previous calls in 2026." },
            immediateMeasure = new { kind = "voluntary_departure", details = "Author left for his brother's home." },
            orientation = new[] { "eva", "sapv" },
        });
        await Send(http, HttpMethod.Post, $"/api/v1/cases/{c.id}/consents", sapv, new
        {
            recipient = new { agencyCode = "cpas-saint-josse" }, categories = new[] { "identity", "contact", "risk" },
            purpose = "follow_up", validFrom = now.AddDays(-1), validUntil = now.AddYears(1),
            obtained = new { how = "written", details = "Signed form at the SAPV office." },
        });
    });
    Console.WriteLine($"seeded {cases.Count} cases (police-5344, a PV each, a consent to cpas-saint-josse each)");
    return 0;
}

static async Task<List<Guid>> OpenCases(HttpClient http, string token, int count, int concurrency)
{
    var ids = new ConcurrentBag<Guid>();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
    {
        var body = new
        {
            victim = new
            {
                firstName = "Bench", lastName = $"Victim{i}", birthDate = "1990-04-17",
                address = new { street = "Rue de la Limite", number = "12", postcode = "1210", commune = "Saint-Josse-ten-Noode", confidential = false },
            },
            author = new { firstName = "Bench", lastName = $"Author{i}" },
        };
        ids.Add((await Send(http, HttpMethod.Post, "/api/v1/cases", token, body)).GetProperty("id").GetGuid());
    });
    return [.. ids];
}

static async Task<RunResult> RunAsync(HttpClient http, string token, List<Guid> cases, int concurrency,
    ConcurrentDictionary<string, long> arrivals, TimeSpan timeout)
{
    var returned = new ConcurrentDictionary<string, long>();
    var postTimes = new ConcurrentBag<double>();
    await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (caseId, ct) =>
    {
        var started = Stopwatch.GetTimestamp();
        var custody = await Send(http, HttpMethod.Post, $"/api/v1/cases/{caseId}/custody-events", token, ReleasedBody());
        var done = Stopwatch.GetTimestamp();
        returned[custody.GetProperty("id").GetString()!] = done;
        postTimes.Add(Stopwatch.GetElapsedTime(started, done).TotalMilliseconds);
    });

    var latencies = await AwaitWebhooks(returned, arrivals, timeout);
    return new RunResult(concurrency == 1 ? "sequential" : $"concurrency {concurrency}", cases.Count, latencies.Count,
        Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
        latencies.Count == 0 ? double.NaN : latencies[^1], latencies.Count == 0 ? double.NaN : latencies[0],
        Percentile([.. postTimes.Order()], 0.50));
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static async Task<string> Token(HttpClient http, string agencyCode, string role)
{
    var response = await http.PostAsJsonAsync("/dev/tokens", new { agencyCode, userId = $"bench-{agencyCode}", roles = new[] { role } });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
}

static async Task<JsonElement> Send(HttpClient http, HttpMethod method, string path, string token, object? body)
{
    using var request = new HttpRequestMessage(method, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    if (body is not null) request.Content = JsonContent.Create(body);
    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
}

internal sealed record RunResult(string Name, int Count, int Delivered, double P50, double P95, double P99, double Max, double Min, double PostP50)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-16}{Count,7}{Delivered,11}{P50,9:F1}{P95,9:F1}{P99,9:F1}{Max,9:F1}{Min,9:F1}{PostP50,11:F1}");
}

internal sealed record StreamResult(int Count, int Delivered, int Errors, double P50, double P95, double P99, double Max);

internal sealed record BenchOptions(string Api, int Count, int Concurrency, TimeSpan Timeout, bool Stream, TimeSpan Interval, TimeSpan Duration, int Seed)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        return new BenchOptions(
            Value("--api", "http://127.0.0.1:5080"),
            int.Parse(Value("--count", "200"), CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency", "8"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Value("--timeout", "60"), CultureInfo.InvariantCulture)),
            args.Contains("--stream"),
            TimeSpan.FromMilliseconds(int.Parse(Value("--interval-ms", "100"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(int.Parse(Value("--duration", "20"), CultureInfo.InvariantCulture)),
            int.Parse(Value("--seed", "0"), CultureInfo.InvariantCulture));
    }
}

/// <summary>A partner's receiver on 127.0.0.1: records when the first attempt of each release arrived, answers 200.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Receiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<Receiver> StartAsync(ConcurrentDictionary<string, long> arrivals)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var payload = await JsonDocument.ParseAsync(context.Request.Body);
            if (payload.RootElement.GetProperty("type").GetString() == "custody.released"
                && payload.RootElement.GetProperty("data").TryGetProperty("custodyEventId", out var id))
            {
                arrivals.TryAdd(id.GetString()!, arrived);
            }
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Receiver(app, $"http://127.0.0.1:{new Uri(address).Port}/hooks");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
