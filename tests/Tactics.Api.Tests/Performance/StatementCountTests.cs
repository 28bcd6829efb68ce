using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Performance;

/// <summary>
/// Counts the SQL statements a request sends to PostgreSQL: every statement of every command, batched ones each on its own, and
/// every savepoint; BEGIN and COMMIT (which Npgsql sends with the first command and at the end) do not count. Only requests that
/// carry <see cref="Header"/> are counted, or work run under <see cref="Mark"/>, so the host's background work and other requests never mix in.
/// </summary>
public sealed class StatementCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Header = "X-Count-Statements";
    private readonly HttpContextAccessor _http = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _statements = new();
    private static readonly AsyncLocal<string?> Marked = new();

    /// <summary>Counts, under <paramref name="key"/>, the statements sent by work outside a request (a background service's) until disposed.</summary>
    public static IDisposable Mark(string key)
    {
        Marked.Value = key;
        return new Unmark();
    }

    private sealed class Unmark : IDisposable
    {
        public void Dispose() => Marked.Value = null;
    }

    /// <summary>The statements the requests marked with <paramref name="key"/> sent, in order.</summary>
    public IReadOnlyList<string> Of(string key) => _statements.TryGetValue(key, out var queue) ? [.. queue] : [];

    private void Count(string text)
    {
        if ((_http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } header ? header : Marked.Value) is not { } key) return;
        var queue = _statements.GetOrAdd(key, _ => new ConcurrentQueue<string>());
        foreach (var statement in Split(text))
        {
            if (statement.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) || statement.Equals("COMMIT", StringComparison.OrdinalIgnoreCase)) continue;
            queue.Enqueue(statement.Length > 160 ? statement[..160] + "…" : statement);
        }
    }

    /// <summary>The statements of a command text, split as PostgreSQL does: at semicolons outside quotes and comments.</summary>
    internal static IEnumerable<string> Split(string sql)
    {
        var start = 0;
        char? quote = null;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote is { } q)
            {
                if (c == q) quote = null;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
            }
            else if (c == ';')
            {
                if (sql[start..i].Trim() is { Length: > 0 } statement) yield return statement;
                start = i + 1;
            }
        }
        if (sql[start..].Trim() is { Length: > 0 } last) yield return last;
    }

    private T Counted<T>(T result, string text)
    {
        Count(text);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Counted(result, command.CommandText);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result, command.CommandText));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Counted(result, command.CommandText);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result, command.CommandText));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Counted(result, command.CommandText);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result, command.CommandText));

    // Savepoints are statements of their own (EF Core takes one around SaveChanges inside a transaction).
    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Counted(result, "SAVEPOINT");

    public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result, "SAVEPOINT"));

    public InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Counted(result, "RELEASE SAVEPOINT");

    public ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result, "RELEASE SAVEPOINT"));

    public InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Counted(result, "ROLLBACK TO SAVEPOINT");

    public ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result, "ROLLBACK TO SAVEPOINT"));
}

/// <summary>An API host of its own over the test database, with a <see cref="StatementCounter"/> on its database context.</summary>
public sealed class StatementCountHost : IAsyncDisposable
{
    private readonly ApiFixture _api;

    public StatementCountHost(ApiFixture api)
    {
        _api = api;
        Factory = new TacticsApiFactory(api.ConnectionString, services: services => services.AddSingleton<IInterceptor>(Counter));
    }

    public StatementCounter Counter { get; } = new();
    public TacticsApiFactory Factory { get; }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();

    public async Task<HttpClient> ClientFor(string agencyCode)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _api.TokenFor(agencyCode));
        return client;
    }

    /// <summary>Sends a GET marked for counting (after one unmarked warm-up) and returns the statements it sent.</summary>
    public async Task<IReadOnlyList<string>> StatementsOf(HttpClient client, string uri)
    {
        await (await client.GetAsync(uri)).Json(HttpStatusCode.OK);
        var key = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add(StatementCounter.Header, key);
        await (await client.SendAsync(request)).Json(HttpStatusCode.OK);
        return Counter.Of(key);
    }
}

/// <summary>
/// The read path's round trips are bounded (issue 10): a case read sends at most five statements, its access-log entry included,
/// and a list page sends as many for 10 cases as for 50 (one batched access-log write per page, not one per case).
/// </summary>
[Collection(SteadyStateCollection.Name)]
public sealed class StatementCountTests(ApiFixture api)
{
    public const int MaxCaseReadStatements = 5;
    public const int MaxListPageStatements = 5;

    private static string Describe(IReadOnlyList<string> statements) =>
        $"{statements.Count} statements:\n" + string.Join("\n", statements.Select((s, i) => $"{i + 1}. {s}"));

    [Fact]
    public async Task A_consented_partner_reads_a_case_in_at_most_five_statements()
    {
        await using var host = new StatementCountHost(api);
        using var police = await api.ClientFor("police-5344");
        var caseId = await api.OpenCaseAs("police-5344");
        await police.GrantConsent(caseId, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        using var cpas = await host.ClientFor("cpas-saint-josse");

        var statements = await host.StatementsOf(cpas, $"/api/v1/cases/{caseId}");
        TestContext.Current.TestOutputHelper?.WriteLine($"A case read: {Describe(statements)}");

        Assert.True(statements.Count > 0 && statements.Count <= MaxCaseReadStatements, Describe(statements));
    }

    [Fact]
    public async Task A_list_page_of_fifty_sends_as_many_statements_as_a_page_of_ten()
    {
        await using var host = new StatementCountHost(api);
        using var opener = await api.ClientFor("police-5344");
        for (var i = 0; i < 51; i++) await opener.OpenCase(SharingKit.CaseBody());
        using var police = await host.ClientFor("police-5344");

        var ten = await host.StatementsOf(police, "/api/v1/cases?zone=5344&limit=10");
        var fifty = await host.StatementsOf(police, "/api/v1/cases?zone=5344&limit=50");
        TestContext.Current.TestOutputHelper?.WriteLine($"A page of 10: {Describe(ten)}\nA page of 50: {Describe(fifty)}");

        Assert.True(ten.Count == fifty.Count, $"A page of 10: {Describe(ten)}\nA page of 50: {Describe(fifty)}");
        Assert.True(fifty.Count <= MaxListPageStatements, Describe(fifty));
    }
}
