using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Cases;

/// <summary>Runs alone: it times requests, and parallel tests would add their noise to one side of a pair.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExistenceTimingCollection
{
    public const string Name = "existence timing";
}

/// <summary>
/// An existing case the caller cannot reach and an id that does not exist answer alike, down to their cost: the same
/// problem and headers, no more SQL statements for the existing case, and (printed, never asserted: the machine is shared
/// and noisy) the median of their time difference over 100 interleaved pairs ("No existence oracle", timing).
/// </summary>
[Collection(ExistenceTimingCollection.Name)]
public sealed class ExistenceTimingTests(ApiFixture api) : IAsyncLifetime
{
    private const string ProbeHeader = "X-Test-Probe";
    private const int WarmUpPairs = 20;
    private const int Pairs = 100;

    /// <summary>Counts the SQL statements each probed request runs, by the probe header's value (the background denial writer has none).</summary>
    private sealed class StatementCounter(IHttpContextAccessor http) : DbCommandInterceptor
    {
        public ConcurrentDictionary<string, ConcurrentQueue<string>> Statements { get; } = new();

        private void Count(DbCommand command)
        {
            // The denial's staging in the outbox runs once the response is complete (for an unreachable and a nonexistent id
            // alike), racing the test's count: it is not the request's.
            if (http.HttpContext?.Request.Headers[ProbeHeader].ToString() is { Length: > 0 } probe && !command.CommandText.Contains("denial_outbox"))
            {
                Statements.GetOrAdd(probe, _ => new()).Enqueue(command.CommandText);
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }
    }

    private TacticsApiFactory _factory = null!;
    private StatementCounter _counter = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            services => services.AddSingleton<IInterceptor>(provider =>
                _counter = new StatementCounter(provider.GetRequiredService<IHttpContextAccessor>())));
        _factory.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<HttpClient> ClientFor(string agencyCode)
    {
        var token = await api.TokenFor(agencyCode);
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed record Answer(HttpStatusCode Status, string Body, Dictionary<string, string> Headers, double Milliseconds);

    private static async Task<Answer> Get(HttpClient client, Guid caseId, string suffix = "", string? probe = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{caseId}{suffix}");
        if (probe is not null) request.Headers.Add(ProbeHeader, probe);
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        return new Answer(response.StatusCode, body.Replace(caseId.ToString(), "{id}", StringComparison.OrdinalIgnoreCase), headers, watch.Elapsed.TotalMilliseconds);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Print(string line)
    {
        TestContext.Current.SendDiagnosticMessage(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    /// <summary>The problem without what differs from one request to the next (its trace id).</summary>
    private static string Problem(Answer answer)
    {
        using var document = JsonDocument.Parse(answer.Body);
        return string.Join("|", document.RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
    }

    [Fact]
    public async Task An_unreachable_case_and_a_nonexistent_id_answer_alike_and_cost_the_same()
    {
        using var owner = await ClientFor("police-5344");
        var hidden = (await owner.OpenCase()).Id;
        using var stranger = await ClientFor("police-5339");

        // The answers: the same problem and headers (those that differ between two nonexistent ids are per request).
        var missingA = await Get(stranger, Guid.NewGuid());
        var missingB = await Get(stranger, Guid.NewGuid());
        var unreachable = await Get(stranger, hidden);
        Assert.Equal(HttpStatusCode.NotFound, unreachable.Status);
        Assert.Equal(missingA.Status, unreachable.Status);
        Assert.Equal(Problem(missingA), Problem(unreachable));
        Assert.Equal(missingA.Headers.Keys.Order(), unreachable.Headers.Keys.Order());
        var perRequest = missingA.Headers.Keys.Where(k => missingA.Headers[k] != missingB.Headers.GetValueOrDefault(k)).ToHashSet();
        foreach (var (name, value) in missingA.Headers.Where(h => !perRequest.Contains(h.Key)))
        {
            Assert.True(value == unreachable.Headers[name], $"Header {name}: '{value}' for a nonexistent id, '{unreachable.Headers[name]}' for an unreachable case");
        }

        // The statements: deciding reach takes one query, whether the id exists or not; nothing of the case is loaded.
        foreach (var suffix in new[] { "", "/timeline", "/incidents", "/risk-assessments" })
        {
            var existing = $"existing{suffix}";
            var missing = $"missing{suffix}";
            Assert.Equal(HttpStatusCode.NotFound, (await Get(stranger, hidden, suffix, existing)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await Get(stranger, Guid.NewGuid(), suffix, missing)).Status);
            var existingStatements = _counter.Statements.GetValueOrDefault(existing)?.ToList() ?? [];
            var missingStatements = _counter.Statements.GetValueOrDefault(missing)?.ToList() ?? [];
            Print($"GET /cases/{{id}}{suffix}: {existingStatements.Count} SQL statement(s) for an unreachable case, {missingStatements.Count} for a nonexistent id");
            Assert.True(existingStatements.Count <= missingStatements.Count,
                $"GET /cases/{{id}}{suffix}: {existingStatements.Count} statements for an unreachable case, {missingStatements.Count} for a nonexistent id:\n"
                + string.Join("\n---\n", existingStatements));
        }

        // The time: 100 interleaved pairs after a warm-up, each pair in alternating order; printed, not asserted.
        var unreachableTimes = new List<double>();
        var missingTimes = new List<double>();
        for (var i = 0; i < WarmUpPairs + Pairs; i++)
        {
            Answer first, second;
            if (i % 2 == 0)
            {
                first = await Get(stranger, hidden);
                second = await Get(stranger, Guid.NewGuid());
            }
            else
            {
                second = await Get(stranger, Guid.NewGuid());
                first = await Get(stranger, hidden);
            }
            Assert.Equal(HttpStatusCode.NotFound, first.Status);
            Assert.Equal(HttpStatusCode.NotFound, second.Status);
            if (i < WarmUpPairs) continue;
            unreachableTimes.Add(first.Milliseconds);
            missingTimes.Add(second.Milliseconds);
        }
        var differences = unreachableTimes.Zip(missingTimes, (u, m) => u - m).ToList();
        var slower = differences.Count(d => d > 0);
        Print(string.Create(CultureInfo.InvariantCulture,
            $"404 timing over {Pairs} pairs: median {Median(unreachableTimes):F2} ms for an unreachable case, {Median(missingTimes):F2} ms for a nonexistent id; "
            + $"median difference (unreachable - nonexistent) {Median(differences):F2} ms; the unreachable case was slower in {slower} of {Pairs} pairs"));
    }
}
