using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Tasks.Deadlines;

/// <summary>
/// What falls due with time alone, in passes any number of instances can run on one database: (1) open tasks past
/// their due time escalate, once (<c>task.escalated</c>); (2) measures ending within the notice (48 hours) are announced,
/// once (<c>measure.expiring</c>); (3) open proactive contacts whose consent expired (or was revoked) are cancelled. The first two are case events, so the catalogue decides their audience like any other's. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and marked in the transaction that raises their event, so no two instances act twice.
/// </summary>
public sealed class DeadlineMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptionsMonitor<TaskOptions> options)
{
    private TaskOptions Settings => options.CurrentValue;

    /// <summary>One full pass: everything due now; returns how many tasks escalated, measures were announced and tasks were cancelled.</summary>
    public async Task<(int Escalated, int Announced, int Cancelled)> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        int escalated = 0, announced = 0, cancelled = 0, batch;
        do
        {
            batch = await EscalateOverdueTasksAsync(cancellationToken);
            escalated += batch;
        }
        while (batch == Settings.Monitor.BatchSize);
        do
        {
            batch = await AnnounceExpiringMeasuresAsync(cancellationToken);
            announced += batch;
        }
        while (batch == Settings.Monitor.BatchSize);
        do
        {
            batch = await CancelLapsedProactiveContactsAsync(cancellationToken);
            cancelled += batch;
        }
        while (batch == Settings.Monitor.BatchSize);
        return (escalated, announced, cancelled);
    }

    /// <summary>A proactive contact exists only while its consent holds: one that expired (or was revoked) cancels the open task.</summary>
    private Task<int> CancelLapsedProactiveContactsAsync(CancellationToken cancellationToken) =>
        InTransactionAsync(async (db, now, ct) =>
        {
            var ids = await Sharing.Ledger.ProactiveContactConsents.LapsedTasks(db, now).Take(Settings.Monitor.BatchSize).ToArrayAsync(ct);
            if (ids.Length == 0) return 0;
            var tasks = await db.Tasks.FromSql($"""
                SELECT * FROM tasks
                WHERE id = ANY({ids}) AND completed_at IS NULL AND cancelled_at IS NULL
                ORDER BY id
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            foreach (var task in tasks)
            {
                (await LockedCaseAsync(db, task.CaseId, ct)).CancelTask(task, now);
            }
            return tasks.Count;
        }, cancellationToken);

    private Task<int> EscalateOverdueTasksAsync(CancellationToken cancellationToken) =>
        InTransactionAsync(async (db, now, ct) =>
        {
            var tasks = await db.Tasks.FromSql($"""
                SELECT * FROM tasks
                WHERE completed_at IS NULL AND cancelled_at IS NULL AND escalated_at IS NULL AND due_at <= {now}
                ORDER BY due_at, id
                LIMIT {Settings.Monitor.BatchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            foreach (var task in tasks)
            {
                (await LockedCaseAsync(db, task.CaseId, ct)).TaskEscalated(task, now);
            }
            return tasks.Count;
        }, cancellationToken);

    private Task<int> AnnounceExpiringMeasuresAsync(CancellationToken cancellationToken) =>
        InTransactionAsync(async (db, now, ct) =>
        {
            var horizon = now + Settings.MeasureExpiryNotice;
            var measures = await db.ProtectiveMeasures.FromSql($"""
                SELECT * FROM protective_measures
                WHERE lifted_at IS NULL AND expiry_announced_at IS NULL AND valid_until IS NOT NULL
                  AND valid_until > {now} AND valid_until <= {horizon}
                ORDER BY valid_until, id
                LIMIT {Settings.Monitor.BatchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            foreach (var measure in measures)
            {
                (await LockedCaseAsync(db, measure.CaseId, ct)).MeasureExpiring(measure, now);
            }
            return measures.Count;
        }, cancellationToken);

    /// <summary>
    /// The case of an overdue task or an ending measure, locked like any writer locks it (its events are numbered in order):
    /// its event takes the path of every case event, to the timeline and, through the catalogue, to the outbox.
    /// </summary>
    private static async Task<Case> LockedCaseAsync(TacticsDbContext db, Guid caseId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE id = {caseId} FOR UPDATE", ct);
        return await db.Cases.SingleAsync(c => c.Id == caseId, ct);
    }

    private async Task<int> InTransactionAsync(Func<TacticsDbContext, DateTimeOffset, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            // At the database's precision, so a row the query finds due is due for the entity's own check too.
            var now = time.UtcNowStored();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var count = await work(db, now, ct);
            if (count == 0) return 0;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return count;
        }, cancellationToken);
    }
}

/// <summary>The monitor's loop in this instance (<c>Tasks:Monitor:Enabled</c>), on the application's clock.</summary>
internal sealed class DeadlineMonitorService(DeadlineMonitor monitor, TimeProvider time, IOptionsMonitor<TaskOptions> options,
    ILogger<DeadlineMonitorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Monitor.Enabled)
        {
            logger.LogInformation("Deadline monitor disabled in this instance");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (escalated, announced, cancelled) = await monitor.RunOnceAsync(stoppingToken);
                if (escalated + announced + cancelled > 0)
                {
                    logger.LogInformation("Deadline monitor escalated {Escalated} tasks, announced {Announced} expiring measures and cancelled {Cancelled} tasks "
                        + "whose consent ended", escalated, announced, cancelled);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be down: try again on the next pass (what is due stays due).
                logger.LogWarning("Deadline monitor pass failed with {ExceptionType}", exception.GetType().Name);
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
