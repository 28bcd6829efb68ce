using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Common.Behaviors;

/// <summary>
/// Runs every use case in one database transaction (queries too: a read of case data and its access-log entry
/// commit together, no entry, no read) inside Npgsql's retrying execution strategy,
/// so a state change and everything it writes with it (events, audit) commit together or not at all.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(TacticsDbContext db)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var attempt = 0;
        try
        {
            return await strategy.ExecuteAsync(async () =>
            {
                // A retry runs the use case again from scratch: what the failed attempt tracked was rolled back.
                if (attempt++ > 0) db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var response = await next(message, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return response;
            });
        }
        catch
        {
            // The transaction rolled back: nothing it tracked may be saved by whatever runs next in this request.
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
