using Microsoft.EntityFrameworkCore;
using Tactics.Api.Infrastructure.Persistence.Seed;

namespace Tactics.Api.Infrastructure.Persistence;

public static class PersistenceSetup
{
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        // Unset, the API still starts (the spec can be generated) and /health/ready reports the database unreachable.
        var connectionString = configuration.GetConnectionString("Tactics") ?? "";
        services.AddDbContextFactory<TacticsDbContext>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(3))
            // Interceptors registered by the features (e.g. the outbox's commit signal).
            .AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>())
            // Parameter values may hold personal data: they must never reach a log line.
            .EnableSensitiveDataLogging(false));
        // One context per request; the factory also serves work that must commit on its own (denials in the access log).
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<TacticsDbContext>>().CreateDbContext());
        services.AddHealthChecks().AddDbContextCheck<TacticsDbContext>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>Applies pending migrations and, where configured, seeds the demo agencies (local run and tests).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var settings = app.Configuration.GetSection("Database");
        if (!settings.GetValue<bool>("MigrateOnStartup") && !settings.GetValue<bool>("SeedDemoAgencies"))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        if (settings.GetValue<bool>("MigrateOnStartup"))
        {
            await db.Database.MigrateAsync();
        }
        if (settings.GetValue<bool>("SeedDemoAgencies"))
        {
            await DemoAgencies.SeedAsync(db, CancellationToken.None);
        }
    }
}
