using Microsoft.EntityFrameworkCore;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>
/// The denial outbox: a denial is staged as a row of its own once its response is complete, in a transaction of its own (never
/// the request's), whether its case exists or not, and <see cref="DenialWriter"/> is woken. A staged denial survives a restart.
/// </summary>
public sealed class DenialOutbox(IDbContextFactory<TacticsDbContext> contexts, ILogger<DenialOutbox> logger)
{
    private readonly SemaphoreSlim _signal = new(0);

    public async Task StageAsync(PendingDenial denial)
    {
        try
        {
            await using var context = await contexts.CreateDbContextAsync();
            context.DenialOutbox.Add(denial.Staged());
            await context.SaveChangesAsync();
            Wake();
        }
        catch (Exception exception)
        {
            // Nothing of the case: the type only (DESIGN.md, no personal data in logs).
            logger.LogWarning("A denial could not be staged in the outbox ({ExceptionType})", exception.GetType().Name);
        }
    }

    /// <summary>Wakes the writer: a denial was staged (or found staged) and waits for its entry.</summary>
    public void Wake() => _signal.Release();

    /// <summary>Waits until a denial is staged, or at most <paramref name="interval"/> (another instance may have staged one).</summary>
    internal async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        await _signal.WaitAsync(interval, cancellationToken);
        while (_signal.CurrentCount > 0) _signal.Wait(0, cancellationToken);
    }
}

/// <summary>
/// Writes the staged denials into the access log, a batch at a time in a transaction of its own, outside any request, and
/// only for cases that exist (<see cref="AccessLog.WriteStagedAsync"/>). Woken by each staging; it drains what earlier runs
/// left at start, and looks again every 30 s for what another instance staged or a failed pass left (logged without the case).
/// </summary>
internal sealed class DenialWriter(DenialOutbox outbox, IDbContextFactory<TacticsDbContext> contexts, ILogger<DenialWriter> logger) : BackgroundService
{
    public const int BatchSize = 200;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await DrainAsync(stoppingToken);
            try
            {
                await outbox.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
        await DrainAsync(CancellationToken.None);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            while (await AccessLog.WriteStagedAsync(context, BatchSize, cancellationToken) == BatchSize)
            {
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogWarning("Staged denials could not be written to the access log ({ExceptionType}); they stay in the outbox", exception.GetType().Name);
        }
    }
}
