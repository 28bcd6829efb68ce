using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

[assembly: AssemblyFixture(typeof(Tactics.Api.Tests.Infrastructure.ApiFixture))]

namespace Tactics.Api.Tests.Infrastructure;

/// <summary>One database and one API host for the whole test run; tests write data of their own.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private TacticsApiFactory? _factory;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Every span emitted while the tests run.</summary>
    public TelemetryCapture Telemetry { get; } = new();

    public TacticsApiFactory Factory => _factory ?? throw new InvalidOperationException("Not started.");
    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.StartAsync();
        _factory = new TacticsApiFactory(_database.ConnectionString);
        _factory.CreateClient().Dispose(); // starts the host: migrations and seed run once here
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        Telemetry.Dispose();
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    /// <summary>A client holding a dev token obtained through <c>POST /dev/tokens</c>.</summary>
    public async Task<HttpClient> ClientFor(string agencyCode, params string[] roles)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(agencyCode, roles));
        return client;
    }

    public async Task<string> TokenFor(string agencyCode, params string[] roles)
    {
        using var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/dev/tokens", new
        {
            agencyCode,
            userId = $"user-of-{agencyCode}",
            roles = roles.Length == 0 ? ["member"] : roles,
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }
}
