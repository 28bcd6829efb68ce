using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Notifications;

namespace Tactics.Api.Features.Notifications.Outbox;

/// <summary>
/// The one place where changes of a case become outbox events: every <see cref="CaseEvent"/> about to be saved whose
/// type is in the event catalogue (<see cref="EventTypes"/>) adds its thin event (case id and the ids the case event
/// names) to the same unit of work, so the change and its event commit or roll back together. Handlers write case
/// events through <see cref="Case"/> and never raise these themselves; types outside the catalogue
/// (<c>case.contact_changed</c>, <c>case.risk_assessed</c>) stay on the timeline only.
/// </summary>
internal sealed class CaseEventPublisher : SaveChangesInterceptor
{
    // A save that fails and is retried with the same tracked entities must not publish twice.
    private readonly ConditionalWeakTable<CaseEvent, OutboxEvent> _published = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Publish(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Publish(DbContext? context)
    {
        if (context is null) return;
        // Case events join the context through the case's collection: find them before EF does.
        context.ChangeTracker.DetectChanges();
        var added = context.ChangeTracker.Entries<CaseEvent>()
            .Where(e => e.State == EntityState.Added && EventTypes.IsKnown(e.Entity.Type))
            .Select(e => e.Entity)
            .OrderBy(e => e.Number)
            .ToList();
        foreach (var caseEvent in added)
        {
            if (_published.TryGetValue(caseEvent, out var earlier) && context.Entry(earlier).State == EntityState.Added) continue;
            var outboxEvent = EventOutbox.Build(caseEvent.Type, caseEvent.CaseId, caseEvent.Ids(), null, caseEvent.OccurredAt);
            context.Add(outboxEvent);
            _published.AddOrUpdate(caseEvent, outboxEvent);
        }
    }
}
