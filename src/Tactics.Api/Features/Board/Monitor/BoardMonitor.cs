using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Board;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Board.Monitor;

/// <summary>
/// Raises <c>decision.overdue</c>, once, for each board item past its due date without a decision: a case event naming the
/// parquet(s) that decide it (the parquets of the PV zone's judicial district; for a disclosure, the addressed parquet), with the
/// item's id and its assignee's user id. Items are claimed with <c>FOR UPDATE SKIP LOCKED</c> and marked in the transaction
/// that raises their event, so any number of instances may run it.
/// </summary>
public sealed class BoardMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<BoardOptions> options)
{
    /// <summary>One full pass: every item overdue now; returns how many were announced.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        int announced = 0, batch;
        do
        {
            batch = await AnnounceOverdueAsync(cancellationToken);
            announced += batch;
        }
        while (batch == options.CurrentValue.Monitor.BatchSize);
        return announced;
    }

    private async Task<int> AnnounceOverdueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = time.UtcNowStored();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var items = await db.BoardItems.FromSql($"""
                SELECT * FROM board_items
                WHERE decided_at IS NULL AND overdue_announced_at IS NULL AND due_at <= {now}
                ORDER BY due_at, id
                LIMIT {options.CurrentValue.Monitor.BatchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            if (items.Count == 0) return 0;
            var parquetsOfZone = await ParquetsOfZonesAsync(db, [.. items.Select(i => i.PoliceZone).OfType<string>().Distinct()], ct);
            foreach (var item in items)
            {
                IReadOnlyCollection<string> parquets = item.ParquetAgency is { } addressed ? [addressed] : parquetsOfZone.GetValueOrDefault(item.PoliceZone!, []);
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE id = {item.CaseId} FOR UPDATE", ct);
                var @case = await db.Cases.SingleAsync(c => c.Id == item.CaseId, ct);
                @case.DecisionOverdue(item, parquets, now);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return items.Count;
        }, cancellationToken);
    }

    /// <summary>The parquets of each zone's judicial district.</summary>
    private static async Task<Dictionary<string, List<string>>> ParquetsOfZonesAsync(TacticsDbContext db, List<string> zones, CancellationToken ct)
    {
        var pairs = await (from zone in db.Agencies
                           where zone.Kind == AgencyKind.Police && zone.PoliceZone != null && zones.Contains(zone.PoliceZone)
                           join parquet in db.Agencies on zone.JudicialDistrict equals parquet.JudicialDistrict
                           where parquet.Kind == AgencyKind.Parquet
                           select new { Zone = zone.PoliceZone!, parquet.Code }).Distinct().ToListAsync(ct);
        return pairs.GroupBy(p => p.Zone).ToDictionary(g => g.Key, g => g.Select(p => p.Code).Order(StringComparer.Ordinal).ToList());
    }
}

/// <summary>The monitor's loop in this instance (<c>Board:Monitor:Enabled</c>), on the application's clock.</summary>
internal sealed class BoardMonitorService(BoardMonitor monitor, TimeProvider time, IOptionsMonitor<BoardOptions> options,
    ILogger<BoardMonitorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Monitor.Enabled)
        {
            logger.LogInformation("Board monitor disabled in this instance");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var announced = await monitor.RunOnceAsync(stoppingToken);
                if (announced > 0) logger.LogInformation("Board monitor announced {Announced} overdue items", announced);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be down: try again on the next pass (what is overdue stays overdue).
                logger.LogWarning("Board monitor pass failed with {ExceptionType}", exception.GetType().Name);
            }
            try
            {
                await Task.Delay(options.CurrentValue.Monitor.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
