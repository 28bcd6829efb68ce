using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Notifications.Dispatch;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>
/// Who hears of an event: the agencies its raiser named, the case's followers whose basis covers its category
/// (<see cref="IFollowerSource"/>), and the role rules of its type (<see cref="EventRouting"/>): a release reaches the
/// police zone of the victim's address and its SAPV, a task its assignee, an escalation the zone's police and the owner.
/// Runs in the dispatcher's transaction, at dispatch time, for a whole batch in a handful of queries.
/// </summary>
internal sealed class CaseEventRecipients(TacticsDbContext db, VictimZones zones, IFollowerSource followers) : IEventRecipients
{
    private const RoleRule CaseRules = RoleRule.Owner | RoleRule.VictimZonePolice | RoleRule.VictimZoneSapv;
    private const RoleRule TaskRules = RoleRule.TaskAssignee | RoleRule.TaskEscalation;

    public async ValueTask<IReadOnlyDictionary<string, IReadOnlyCollection<string>>> ResolveAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var aboutCases = events.Where(e => e.CaseId is not null).ToList();

        var followersOf = await followers.FollowersCoveringAsync(
            [.. aboutCases.Select(e => (e.CaseId!.Value, e.Category)).Distinct()], cancellationToken);
        var zoneOf = await zones.ForCasesAsync(
            [.. aboutCases.Where(e => (EventRouting.For(e.Type) & CaseRules) != 0).Select(e => e.CaseId!.Value)], cancellationToken);
        var taskIds = aboutCases.Where(e => (EventRouting.For(e.Type) & TaskRules) != 0).Select(TaskIdOf).OfType<Guid>().Distinct().ToList();
        var tasks = taskIds.Count == 0 ? [] : await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .Select(t => new { t.Id, t.CaseId, t.AssigneeAgency, t.EscalationAgency })
            .ToDictionaryAsync(t => t.Id, cancellationToken);

        var resolved = new Dictionary<string, IReadOnlyCollection<string>>();
        foreach (var outboxEvent in events)
        {
            var recipients = new SortedSet<string>(outboxEvent.RecipientAgencyCodes, StringComparer.Ordinal);
            resolved[outboxEvent.Id] = recipients;
            if (outboxEvent.CaseId is not { } caseId) continue;

            recipients.UnionWith(followersOf.GetValueOrDefault((caseId, outboxEvent.Category), []));
            var rules = EventRouting.For(outboxEvent.Type);
            if (zoneOf.TryGetValue(caseId, out var zone))
            {
                if (rules.HasFlag(RoleRule.Owner)) recipients.Add(zone.Owner);
                // No partner zone serves the victim: the owner hears of it, so a release is never unheard.
                if (rules.HasFlag(RoleRule.VictimZonePolice)) recipients.UnionWith(zone.Police.DefaultIfEmpty(zone.Owner));
                if (rules.HasFlag(RoleRule.VictimZoneSapv)) recipients.UnionWith(zone.Sapv);
            }
            // A task id of another case names nobody.
            if (TaskIdOf(outboxEvent) is { } taskId && tasks.TryGetValue(taskId, out var task) && task.CaseId == caseId)
            {
                if (rules.HasFlag(RoleRule.TaskAssignee)) recipients.Add(task.AssigneeAgency);
                if (rules.HasFlag(RoleRule.TaskEscalation)) recipients.Add(task.EscalationAgency);
            }
        }
        return resolved;
    }

    private static Guid? TaskIdOf(OutboxEvent outboxEvent) =>
        outboxEvent.Data.TryGetValue("taskId", out var text) && Guid.TryParse(text, out var id) ? id : null;
}
