using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Notifications.Dispatch;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>
/// Who hears of each event of a dispatch batch: the candidates of its case (owner, followers, the agencies its raiser
/// named, the victim's zone, a task's assignee and escalation, a consent's parties), each judged on its own visibility of
/// the case, decided now by the sharing policy for that agency (<see cref="IAgencyVisibilities"/>), then the catalogue's
/// audience rule (<see cref="EventCatalogue.Audience"/>). Runs in the dispatcher's transaction, for a whole batch in a
/// handful of queries and one clock reading.
/// </summary>
internal sealed class CaseEventRecipients(TacticsDbContext db, VictimZones zones, IAgencyVisibilities visibilities, EventPartiesLoader parties,
    TimeProvider time) : IEventRecipients
{
    private const EventRouting ZoneRouting = EventRouting.ReleaseReach | EventRouting.VictimZone | EventRouting.VictimZonePolice;

    public async ValueTask<IReadOnlyDictionary<string, EventAudience>> ResolveAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var aboutCases = events.Where(e => e.CaseId is not null && EventCatalogue.IsDeliverable(e.Type)).ToList();
        var caseIds = aboutCases.Select(e => e.CaseId!.Value).Distinct().ToList();

        var owners = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.OwnerAgency, cancellationToken);
        var followers = (await db.CaseFollowers.AsNoTracking().Where(f => caseIds.Contains(f.CaseId))
            .Select(f => new { f.CaseId, f.AgencyCode }).ToListAsync(cancellationToken)).ToLookup(f => f.CaseId, f => f.AgencyCode);
        var zoneOf = await zones.ForCasesAsync(
            [.. aboutCases.Where(e => (EventCatalogue.Get(e.Type).Routing & ZoneRouting) != 0).Select(e => e.CaseId!.Value)], cancellationToken);
        var releaseRecorders = await ReleaseRecordersAsync(aboutCases, zoneOf, cancellationToken);
        List<string> parquets = aboutCases.Any(e => EventCatalogue.Get(e.Type).Routing.HasFlag(EventRouting.MissionParquets))
            ? await db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKind.Parquet).Select(a => a.Code).ToListAsync(cancellationToken)
            : [];

        var taskIds = aboutCases.Where(e => Rule(e) == AudienceRule.TaskCategory).Select(e => IdOf(e, "taskId")).OfType<Guid>().Distinct().ToList();
        var tasks = taskIds.Count == 0 ? [] : await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => (t.CaseId, Parties: new TaskParties(t.Kind, t.AssigneeAgency, t.EscalationAgency)), cancellationToken);
        var consents = await parties.ConsentsAsync(
            [.. aboutCases.Where(e => Rule(e) == AudienceRule.ConsentParties).Select(e => IdOf(e, "consentId")).OfType<Guid>().Distinct()], cancellationToken);

        // Each event's case as the catalogue needs it; a task or consent of another case names nobody.
        var cases = aboutCases.ToDictionary(e => e.Id, e =>
        {
            var caseId = e.CaseId!.Value;
            var zone = zoneOf.GetValueOrDefault(caseId);
            var police = zone?.Police ?? [];
            // Act 8: where no zone serves the victim (nor any incident's), the parquet that recorded the release.
            if (EventCatalogue.Get(e.Type).Routing.HasFlag(EventRouting.ReleaseReach) && police.Count == 0 && (zone?.Sapv.Count ?? 0) == 0
                && IdOf(e, "custodyEventId") is { } custodyId && releaseRecorders.TryGetValue((caseId, custodyId), out var recorder))
            {
                police = [recorder];
            }
            return new EventCase(
                owners.GetValueOrDefault(caseId),
                [.. followers[caseId]],
                e.RecipientAgencyCodes,
                police,
                zone?.Sapv ?? [],
                IdOf(e, "taskId") is { } taskId && tasks.TryGetValue(taskId, out var task) && task.CaseId == caseId ? task.Parties : null,
                IdOf(e, "consentId") is { } consentId && consents.TryGetValue(consentId, out var consent) && consent.CaseId == caseId ? consent.Parties : null,
                EventCatalogue.Get(e.Type).Routing.HasFlag(EventRouting.MissionParquets) ? parquets : null);
        });

        var candidates = aboutCases.SelectMany(e => Candidates(cases[e.Id]).Select(agency => (agency, e.CaseId!.Value))).Distinct().ToList();
        var visible = await visibilities.DecideAsync(candidates, now, cancellationToken);

        var resolved = new Dictionary<string, EventAudience>();
        foreach (var outboxEvent in events)
        {
            if (!EventCatalogue.IsDeliverable(outboxEvent.Type))
            {
                resolved[outboxEvent.Id] = new EventAudience([], outboxEvent.Category);
            }
            else if (outboxEvent.CaseId is not { } caseId)
            {
                // An event about no case carries no case data: the agencies its raiser named.
                resolved[outboxEvent.Id] = new EventAudience([.. outboxEvent.RecipientAgencyCodes.Distinct().Order(StringComparer.Ordinal)], outboxEvent.Category);
            }
            else
            {
                var @case = cases[outboxEvent.Id];
                var audience = EventCatalogue.Audience(outboxEvent.Type, @case, agency => visible.GetValueOrDefault((agency, caseId)));
                var category = EventCatalogue.CategoryOf(outboxEvent.Type, @case.Task?.Kind) ?? outboxEvent.Category;
                resolved[outboxEvent.Id] = new EventAudience([.. audience], category);
            }
        }
        return resolved;
    }

    private static AudienceRule Rule(OutboxEvent outboxEvent) => EventCatalogue.Get(outboxEvent.Type).Rule;

    private static IEnumerable<string> Candidates(EventCase @case) =>
        new[] { @case.Owner }.OfType<string>()
            .Concat(@case.Followers).Concat(@case.Named).Concat(@case.VictimZonePolice).Concat(@case.VictimZoneSapv)
            .Concat(@case.Task is { } task ? [task.Assignee, task.EscalationAgency] : [])
            .Concat(@case.Parquets ?? []);

    /// <summary>The agency that recorded each release of the batch whose victim no zone serves.</summary>
    private async Task<Dictionary<(Guid CaseId, Guid CustodyId), string>> ReleaseRecordersAsync(
        IReadOnlyList<OutboxEvent> events, IReadOnlyDictionary<Guid, VictimZone> zoneOf, CancellationToken cancellationToken)
    {
        var custodyIds = events
            .Where(e => EventCatalogue.Get(e.Type).Routing.HasFlag(EventRouting.ReleaseReach)
                && (!zoneOf.TryGetValue(e.CaseId!.Value, out var zone) || (zone.Police.Count == 0 && zone.Sapv.Count == 0)))
            .Select(e => IdOf(e, "custodyEventId")).OfType<Guid>().Distinct().ToList();
        if (custodyIds.Count == 0) return [];
        return await db.CustodyEvents.AsNoTracking().Where(c => custodyIds.Contains(c.Id))
            .ToDictionaryAsync(c => (c.CaseId, c.Id), c => c.RecordedBy, cancellationToken);
    }

    private static Guid? IdOf(OutboxEvent outboxEvent, string key) =>
        outboxEvent.Data.TryGetValue(key, out var text) && Guid.TryParse(text, out var id) ? id : null;
}
