using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Notifications.Dispatch;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>
/// Who hears of an event: the agencies its raiser named, the case's followers whose basis covers its category
/// (<see cref="IFollowerSource"/>), and the role rules of its type (<see cref="EventRouting"/>): a release reaches the
/// police zone of the victim's address and its SAPV, a task its assignee, an escalation the zone's police and the owner.
/// Runs in the dispatcher's transaction, at dispatch time.
/// </summary>
internal sealed class CaseEventRecipients(TacticsDbContext db, VictimZones zones, IFollowerSource followers) : IEventRecipients
{
    public async ValueTask<IReadOnlyCollection<string>> ResolveAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        var recipients = new SortedSet<string>(outboxEvent.RecipientAgencyCodes, StringComparer.Ordinal);
        if (outboxEvent.CaseId is not { } caseId) return recipients;

        recipients.UnionWith(await followers.FollowersCoveringAsync(caseId, outboxEvent.Category, cancellationToken));

        var rules = EventRouting.For(outboxEvent.Type);
        if (rules.HasFlag(RoleRule.Owner) || rules.HasFlag(RoleRule.VictimZonePolice) || rules.HasFlag(RoleRule.VictimZoneSapv))
        {
            var zone = await zones.ForCaseAsync(caseId, cancellationToken);
            if (zone is not null)
            {
                if (rules.HasFlag(RoleRule.Owner)) recipients.Add(zone.Owner);
                if (rules.HasFlag(RoleRule.VictimZonePolice)) recipients.UnionWith(zone.Police.DefaultIfEmpty(zone.Owner));
                if (rules.HasFlag(RoleRule.VictimZoneSapv)) recipients.UnionWith(zone.Sapv);
            }
        }
        if ((rules.HasFlag(RoleRule.TaskAssignee) || rules.HasFlag(RoleRule.TaskEscalation))
            && outboxEvent.Data.TryGetValue("taskId", out var taskText) && Guid.TryParse(taskText, out var taskId))
        {
            var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId && t.CaseId == caseId)
                .Select(t => new { t.AssigneeAgency, t.EscalationAgency }).SingleOrDefaultAsync(cancellationToken);
            if (task is not null)
            {
                if (rules.HasFlag(RoleRule.TaskAssignee)) recipients.Add(task.AssigneeAgency);
                if (rules.HasFlag(RoleRule.TaskEscalation)) recipients.Add(task.EscalationAgency);
            }
        }
        return recipients;
    }
}
