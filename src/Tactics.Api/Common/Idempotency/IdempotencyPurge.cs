using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Time;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Common.Idempotency;

/// <summary>Deletes idempotency records older than their 24 hours, once an hour (any instance may run it).</summary>
internal sealed class IdempotencyPurge(IServiceScopeFactory scopes, TimeProvider time, ILogger<IdempotencyPurge> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick tries again; the exception's type only, as everywhere.
                logger.LogWarning("Idempotency purge failed with {ExceptionType}", exception.GetType().Name);
            }
        }
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var expired = time.UtcNowStored() - IdempotencyKeys.Retention;
        return await db.IdempotencyRecords.Where(r => r.CreatedAt <= expired).ExecuteDeleteAsync(cancellationToken);
    }
}
