using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Domain.SafeContacts;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Features.Tasks.FollowUp;

/// <summary>
/// Who follows up one family-dispute PV (DESIGN.md, the task row's chains). EVA call-back: the EVA referent of the PV's zone mapped
/// for the victim's postcode, where the victim lives in that zone, else that zone's police, which its escalation reaches.
/// Proactive contact: the SAPV of the victim's zone, else the SAPV of the PV's zone, which its escalation reaches.
/// </summary>
public sealed record FollowUpChain(string? PvZonePolice, string? EvaReferentUserId, string? ProactiveAssignee, string? ProactiveEscalation);

/// <summary>
/// The follow-up a family-dispute PV calls for: an <c>eva_callback</c> task at once, and a <c>proactive_contact</c> task (D+2)
/// while, and only while, the case holds an active consent with purpose <c>proactive_contact</c> for that SAPV. Its writers call
/// it on the case they hold locked: recording an incident, recording or revoking a consent; the deadline monitor, when a consent
/// expired. The tasks it creates and cancels are case changes like any other (<see cref="Case.AssignTask"/>, <see cref="Case.CancelTask"/>).
/// </summary>
public sealed class FollowUpTasks(TacticsDbContext db, IOptionsMonitor<TaskOptions> options)
{
    /// <summary>A PV was appended to the case: a family-dispute PV gets its tasks; a complaint following one is linked to its EVA call-back.</summary>
    public async Task IncidentRecordedAsync(Case @case, Incident incident, string actorAgency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (incident.Kind == IncidentKind.Complaint && incident.FollowsIncidentId is { } followed)
        {
            var callbacks = await db.Tasks.Where(t => t.CaseId == @case.Id && t.IncidentId == followed && t.Kind == TaskKind.EvaCallback).ToListAsync(cancellationToken);
            foreach (var callback in callbacks) callback.LinkFollowUp(incident.Id);
            return;
        }
        if (incident.Kind != IncidentKind.FamilyDisputeReport) return;

        var chain = (await ChainsAsync(@case, [incident], withEvaReferent: true, cancellationToken))[incident.Id];
        if (chain.PvZonePolice is { } police)
        {
            var due = (incident.ReportedAt + options.CurrentValue.EvaCallbackWithin).TruncateToStored();
            @case.AssignTask(new CaseTask(Guid.NewGuid(), @case.Id, TaskKind.EvaCallback, police, police, null, now, due, chain.EvaReferentUserId, incident.Id),
                actorAgency, now);
        }
        await ReconcileProactiveContactsAsync(@case, actorAgency, now, cancellationToken);
    }

    /// <summary>A consent was recorded or revoked: one for proactive contact may create or cancel the D+2 tasks of the case's PVs.</summary>
    public Task ConsentChangedAsync(Case @case, ConsentPurpose purpose, string actorAgency, DateTimeOffset now, CancellationToken cancellationToken) =>
        purpose == ConsentPurpose.ProactiveContact ? ReconcileProactiveContactsAsync(@case, actorAgency, now, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Makes the case's proactive-contact tasks match its consents at <paramref name="now"/>: one for each family-dispute PV whose
    /// SAPV holds an active consent (due at D+2, or at once when D+2 has passed), and none pending where it does not (cancelled).
    /// Consents and revocations recorded in this request count (they are read from the change being saved too).
    /// </summary>
    public async Task ReconcileProactiveContactsAsync(Case @case, string actorAgency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reports = (await db.Incidents.Where(i => i.CaseId == @case.Id && i.Kind == IncidentKind.FamilyDisputeReport).ToListAsync(cancellationToken))
            .Concat(@case.Incidents.Where(i => i.Kind == IncidentKind.FamilyDisputeReport))
            .DistinctBy(i => i.Id).ToList();
        if (reports.Count == 0) return;

        var consentedFor = await ProactiveContactConsents.ForCaseAsync(db, @case.Id, now, cancellationToken);
        var tasks = (await db.Tasks.Where(t => t.CaseId == @case.Id && t.Kind == TaskKind.ProactiveContact).ToListAsync(cancellationToken))
            .Concat(@case.Tasks.Where(t => t.Kind == TaskKind.ProactiveContact))
            .DistinctBy(t => t.Id).ToList();
        var chains = await ChainsAsync(@case, reports, withEvaReferent: false, cancellationToken);

        foreach (var report in reports)
        {
            if (chains[report.Id] is not { ProactiveAssignee: { } sapv, ProactiveEscalation: { } escalation }) continue;
            var consented = consentedFor(sapv);
            var live = tasks.Where(t => t.IncidentId == report.Id && t.CancelledAt is null).ToList();
            if (!consented)
            {
                foreach (var pending in live.Where(t => t.IsPending)) @case.CancelTask(pending, now);
            }
            else if (live.Count == 0)
            {
                var due = ProactiveContactDueAt(report.ReportedAt);
                @case.AssignTask(new CaseTask(Guid.NewGuid(), @case.Id, TaskKind.ProactiveContact, sapv, escalation, null, now,
                    (due > now ? due : now).TruncateToStored(), incidentId: report.Id), actorAgency, now);
            }
        }
    }

    /// <summary>Two calendar days after the report, at the same local time in Brussels (daylight saving time taken into account).</summary>
    public static DateTimeOffset ProactiveContactDueAt(DateTimeOffset reportedAt)
    {
        var local = TimeZoneInfo.ConvertTime(reportedAt, SafeContact.Brussels).DateTime.AddDays(2);
        // A local time skipped by the spring change does not exist: an hour later does.
        if (SafeContact.Brussels.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), SafeContact.Brussels), TimeSpan.Zero);
    }

    /// <summary>The police and SAPV agencies of the zones, read once per request (an incident's follow-up reconciles its D+2 tasks too).</summary>
    private IReadOnlyList<(string Code, AgencyKind Kind, string Zone, IReadOnlyList<string> Postcodes)>? _zoneAgencies;

    /// <summary>
    /// The chains of these PVs of the case, from the victim's postcode (a confidential address too: it is where the victim lives);
    /// with <paramref name="withEvaReferent"/>, the EVA referent too (one query a PV: only a new PV's call-back needs it).
    /// </summary>
    private async Task<Dictionary<Guid, FollowUpChain>> ChainsAsync(Case @case, IReadOnlyCollection<Incident> reports, bool withEvaReferent,
        CancellationToken cancellationToken)
    {
        var postcode = @case.Victim.Address?.Postcode;
        var zoneAgencies = _zoneAgencies ??= [.. (await db.Agencies.AsNoTracking()
            .Where(a => (a.Kind == AgencyKind.Police || a.Kind == AgencyKind.Sapv) && a.PoliceZone != null)
            .Select(a => new { a.Code, a.Kind, Zone = a.PoliceZone!, a.Postcodes })
            .ToListAsync(cancellationToken)).Select(a => (a.Code, a.Kind, a.Zone, (IReadOnlyList<string>)a.Postcodes))];
        string? First(AgencyKind kind, Func<string, bool> inZone) =>
            zoneAgencies.Where(a => a.Kind == kind && inZone(a.Zone)).Select(a => a.Code).Order(StringComparer.Ordinal).FirstOrDefault();

        var victimZones = postcode is null ? [] : zoneAgencies.Where(a => a.Kind == AgencyKind.Police && a.Postcodes.Contains(postcode)).Select(a => a.Zone).ToHashSet();
        var victimSapv = First(AgencyKind.Sapv, victimZones.Contains);
        var chains = new Dictionary<Guid, FollowUpChain>();
        foreach (var report in reports)
        {
            var police = First(AgencyKind.Police, zone => zone == report.PoliceZone);
            var pvSapv = First(AgencyKind.Sapv, zone => zone == report.PoliceZone);
            string? referent = null;
            if (withEvaReferent && police is not null && postcode is not null && victimZones.Contains(report.PoliceZone))
            {
                referent = await db.AgencyReferents.AsNoTracking().Where(r => r.AgencyCode == police && r.Postcodes.Contains(postcode))
                    .OrderBy(r => r.Position).Select(r => r.UserId).FirstOrDefaultAsync(cancellationToken);
            }
            var assignee = victimSapv ?? pvSapv;
            chains[report.Id] = new FollowUpChain(police, referent, assignee, pvSapv ?? assignee);
        }
        return chains;
    }
}
