using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tactics.Api.Tests.Infrastructure;

/// <summary>The real API, its real pipeline and real JWT validation, over the test database.</summary>
public class TacticsApiFactory(
    string connectionString,
    IReadOnlyDictionary<string, string?>? overrides = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The dev-token key of the tests; tests sign their own bad tokens with it.</summary>
    public const string SigningKey = "dGVzdHMtb25seS1zaWduaW5nLWtleS1mb3ItdGFjdGljcy1hcGktMzJieXRlcw==";
    public const string Audience = "tactics-api";
    public const string Issuer = "tactics-dev";
    public const string WebhookSecretKey = "dGVzdHMtb25seS13ZWJob29rLXNlY3JldC1rZXktMzI=";

    /// <summary>The national-number keys of the tests (never those of the local run or production).</summary>
    public const string NationalNumberEncryptionKey = "UpVSYejuhTAv4MImb1X/3YHW0ZVsPrnks4ecuSFM4D0=";
    public const string NationalNumberHmacKey = "e61cIiN+ov3doH8gyAudph74xlyZborHPVIcDQUXsbM=";

    /// <summary>Every log line the API wrote, formatted as the JSON console would see its message.</summary>
    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tactics"] = connectionString,
            ["Auth:Authority"] = "",
            ["Auth:Audience"] = Audience,
            ["Auth:DevIssuer"] = Issuer,
            ["Auth:DevTokens:Enabled"] = "true",
            ["Auth:DevTokens:SigningKey"] = SigningKey,
            ["Database:MigrateOnStartup"] = "true",
            ["Database:SeedDemoAgencies"] = "true",
            ["RateLimiting:PermitsPerMinute"] = "100000",
            ["Persons:NationalNumberEncryptionKey"] = NationalNumberEncryptionKey,
            ["Persons:NationalNumberHmacKey"] = NationalNumberHmacKey,
            ["Logging:Console:LogLevel:Default"] = "Warning",
            // Tests share one database: a dispatcher in every host would steal other tests' events, so hosts
            // run one only when a test asks for it (the application's own default is on).
            ["Notifications:Dispatcher:Enabled"] = "false",
            // Likewise the deadline monitor: tests drive it, on a fake clock, when they need it.
            ["Tasks:Monitor:Enabled"] = "false",
            ["Board:Monitor:Enabled"] = "false",
            // A host whose fake clock runs a day ahead would purge every other test's fresh Idempotency-Key records.
            ["Idempotency:Purge:Enabled"] = "false",
            ["Notifications:Webhooks:AllowLoopback"] = "true",
            ["Notifications:Webhooks:SecretEncryptionKey"] = WebhookSecretKey,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(collection =>
        {
            collection.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(LogLines)));
            services?.Invoke(collection);
        });
    }
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

    public void Dispose() { }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                line += " " + string.Join(' ', values.Select(kv => $"{kv.Key}={kv.Value}"));
            }
            if (exception is not null) line += " " + exception;
            lines.Enqueue(line);
        }
    }
}
