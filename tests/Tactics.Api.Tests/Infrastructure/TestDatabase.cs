using Testcontainers.PostgreSql;

namespace Tactics.Api.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL the tests run against: <c>TACTICS_TEST_DB</c> (set by <c>make test</c>), else a
/// Testcontainers PostgreSQL where a Docker engine answers. Never an in-memory provider.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgreSqlContainer? _container;

    private TestDatabase(string connectionString, PostgreSqlContainer? container)
    {
        ConnectionString = connectionString;
        _container = container;
    }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("TACTICS_TEST_DB");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new TestDatabase(configured, null);
        }

        var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
        await container.StartAsync();
        return new TestDatabase(container.GetConnectionString(), container);
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
