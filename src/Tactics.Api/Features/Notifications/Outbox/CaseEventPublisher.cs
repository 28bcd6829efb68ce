using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Outbox;

/// <summary>
/// The one place where changes of a case become outbox events: every <see cref="CaseEvent"/> about to be saved whose
/// type the catalogue delivers (<see cref="EventCatalogue.IsDeliverable"/>) adds its thin event (case id, the ids the case
/// event names, and the agencies a named audience names) to the same unit of work, so the change and its event commit or
/// roll back together. Handlers write case events through <see cref="Case"/> and never raise these themselves;
/// timeline-only types (<c>case.contact_changed</c>, <c>case.risk_assessed</c>, <c>case.record_added</c>) never leave the timeline.
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
            .Where(e => e.State == EntityState.Added && EventCatalogue.IsDeliverable(e.Entity.Type))
            .Select(e => e.Entity)
            .OrderBy(e => e.Number)
            .ToList();
        foreach (var caseEvent in added)
        {
            if (_published.TryGetValue(caseEvent, out var earlier) && context.Entry(earlier).State == EntityState.Added) continue;
            var outboxEvent = EventOutbox.Build(caseEvent.Type, caseEvent.CaseId, caseEvent.Ids(), caseEvent.NamedAgencies(), caseEvent.OccurredAt,
                TaskCategory(context, caseEvent));
            context.Add(outboxEvent);
            _published.AddOrUpdate(caseEvent, outboxEvent);
        }
    }

    /// <summary>A task event belongs to its task's category, read from the task saved with it (the dispatcher reads it again).</summary>
    private static DataCategory? TaskCategory(DbContext context, CaseEvent caseEvent)
    {
        if (EventCatalogue.Get(caseEvent.Type).Rule != AudienceRule.TaskCategory || caseEvent.TaskId is not { } taskId) return null;
        var task = context.ChangeTracker.Entries<CaseTask>().FirstOrDefault(e => e.Entity.Id == taskId)?.Entity;
        return task is null ? null : EventCatalogue.TaskCategory(task.Kind);
    }
}
