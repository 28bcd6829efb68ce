using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy.Reach;

/// <summary>The reach-invariance tests run alone: their snapshots read every case of a world as every demo agency.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReachCollection : ICollectionFixture<ReachHost>
{
    public const string Name = "reach-invariance";
}

/// <summary>
/// An API host of its own over a database of its own (a new database where the test role may create one, else a schema of
/// its own in the test database), so no parallel test's cases, consents or households change what a snapshot sees.
/// </summary>
public sealed class ReachHost : IAsyncLifetime
{
    private TestDatabase? _server;
    private string? _adminConnectionString;
    private string? _database;
    private string? _schema;
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _clients = new();

    private readonly Lock _once = new();
    private Task? _batch;

    public TacticsApiFactory Factory { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _server = await TestDatabase.StartAsync();
        _adminConnectionString = _server.ConnectionString;
        var name = "reach_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new NpgsqlConnectionStringBuilder(_adminConnectionString);
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
                _database = name;
                builder.Database = name;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // The test role owns its database but may not create another: a schema of its own, first on the search path.
                await using var create = new NpgsqlCommand($"CREATE SCHEMA \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
                _schema = name;
                builder.SearchPath = name;
            }
        }
        ConnectionString = builder.ConnectionString;
        // Thousands of reads per run: the host logs warnings only (the shared hosts capture every line for their log tests).
        Factory = new TacticsApiFactory(ConnectionString, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
        });
        Factory.CreateClient().Dispose(); // migrations and the demo agencies, once
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values) (await client).Dispose();
        await Factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_adminConnectionString is not null)
        {
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            var drop = _database is not null ? $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)"
                : _schema is not null ? $"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE" : null;
            if (drop is not null)
            {
                await using var command = new NpgsqlCommand(drop, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>Starts the work once for the whole collection (the first test to ask starts it; the others await the same task).</summary>
    public Task<T> Once<T>(Func<Task<T>> start)
    {
        lock (_once) return (Task<T>)(_batch ??= start());
    }

    /// <summary>A client of the agency with these roles (one per agency and roles, reused).</summary>
    public Task<HttpClient> Client(string agency, string role = "member") =>
        _clients.GetOrAdd($"{agency}|{role}", _ => NewClient(agency, role));

    private async Task<HttpClient> NewClient(string agency, string role)
    {
        var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/dev/tokens", new { agencyCode = agency, userId = $"{role}-of-{agency}", roles = new[] { role } });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Ids and plumbing only (which case a write created, a suggestion's id): never a decision of the policy.</summary>
    public async Task<List<T>> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters) command.Parameters.AddWithValue(parameterName, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}
