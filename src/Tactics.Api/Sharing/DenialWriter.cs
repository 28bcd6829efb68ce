using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>
/// The denials this instance scheduled after their responses, waiting for <see cref="DenialWriter"/>. Enqueuing never
/// blocks and never touches the database, so it costs a request nothing.
/// </summary>
public sealed class DenialQueue
{
    private readonly Channel<PendingDenial> _channel = Channel.CreateUnbounded<PendingDenial>(new UnboundedChannelOptions { SingleReader = true });

    internal void Enqueue(PendingDenial denial) => _channel.Writer.TryWrite(denial);

    internal ChannelReader<PendingDenial> Reader => _channel.Reader;
}

/// <summary>
/// Writes the scheduled denials into the access log, each in a fresh scope and a transaction of its own, outside any
/// request, and only for cases that exist (<see cref="AccessLog.WriteDenialAsync"/>). On a graceful stop it writes what is
/// still queued; a failed write is logged (without the case) and the loop goes on.
/// </summary>
internal sealed class DenialWriter(DenialQueue queue, IServiceScopeFactory scopes, ILogger<DenialWriter> logger) : BackgroundService
{
    /// <summary>Denials written at once: chains of different cases do not wait for each other (one chain's writers queue on its lock).</summary>
    private const int Writers = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Parallel.ForEachAsync(queue.Reader.ReadAllAsync(stoppingToken),
                new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = stoppingToken },
                async (denial, _) => await WriteAsync(denial));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        while (queue.Reader.TryRead(out var denial))
        {
            await WriteAsync(denial);
        }
    }

    /// <summary>Not cancelled by the stop: a denial once started is written, it is short.</summary>
    private async Task WriteAsync(PendingDenial denial)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<TacticsDbContext>>();
            await using var context = await contexts.CreateDbContextAsync(CancellationToken.None);
            await AccessLog.WriteDenialAsync(context, denial, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning("A denial could not be written to the access log ({ExceptionType})", exception.GetType().Name);
        }
    }
}
