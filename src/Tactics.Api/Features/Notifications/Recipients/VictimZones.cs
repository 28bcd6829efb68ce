using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>The police zone agencies and SAPVs of a case's victim, and the case's owner (the last resort).</summary>
/// <param name="Owner">The agency that owns the case.</param>
/// <param name="Police">The police zones serving the victim's address, ordered by code.</param>
/// <param name="Sapv">The SAPVs of those zones, ordered by code.</param>
public sealed record VictimZone(string Owner, IReadOnlyList<string> Police, IReadOnlyList<string> Sapv)
{
    /// <summary>Who informs the victim: the zone's SAPV, else the zone's police, else the owner.</summary>
    public string InformVictimAssignee => Sapv.FirstOrDefault() ?? Police.FirstOrDefault() ?? Owner;

    /// <summary>Who hears of an overdue task (with the owner): the zone's police, else the owner.</summary>
    public string EscalationAgency => Police.FirstOrDefault() ?? Owner;
}

/// <summary>
/// Finds the police zone where the victim lives: the police agencies serving the postcode of the victim's address
/// (confidential addresses too: the zone where the victim lives is the one that must know). Without an address, or at a
/// postcode no partner zone serves, the zones of the case's incidents stand in; the SAPVs are those of the same zones.
/// </summary>
public sealed class VictimZones(TacticsDbContext db)
{
    public async Task<VictimZone?> ForCaseAsync(Guid caseId, CancellationToken cancellationToken) =>
        (await ForCasesAsync([caseId], cancellationToken)).GetValueOrDefault(caseId);

    /// <summary>The zones of many cases in three queries (cases, zone agencies, incidents where needed); absent cases are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, VictimZone>> ForCasesAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken)
    {
        var ids = caseIds.Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.OwnerAgency, Postcode = c.Victim.Address == null ? null : c.Victim.Address.Postcode })
            .ToListAsync(cancellationToken);
        if (cases.Count == 0) return new Dictionary<Guid, VictimZone>();

        var zoneAgencies = await db.Agencies.AsNoTracking()
            .Where(a => (a.Kind == AgencyKind.Police || a.Kind == AgencyKind.Sapv) && a.PoliceZone != null)
            .Select(a => new { a.Code, a.Kind, Zone = a.PoliceZone!, a.Postcodes })
            .ToListAsync(cancellationToken);

        var zonesByCase = cases.ToDictionary(c => c.Id, c => c.Postcode is { } postcode
            ? zoneAgencies.Where(a => a.Kind == AgencyKind.Police && a.Postcodes.Contains(postcode)).Select(a => a.Zone).ToList()
            : []);
        var withoutZone = zonesByCase.Where(pair => pair.Value.Count == 0).Select(pair => pair.Key).ToList();
        if (withoutZone.Count > 0)
        {
            var incidentZones = await db.Incidents.AsNoTracking().Where(i => withoutZone.Contains(i.CaseId))
                .Select(i => new { i.CaseId, i.PoliceZone }).Distinct().ToListAsync(cancellationToken);
            foreach (var incident in incidentZones) zonesByCase[incident.CaseId].Add(incident.PoliceZone);
        }

        return cases.ToDictionary(c => c.Id, c =>
        {
            var zones = zonesByCase[c.Id];
            var agencies = zoneAgencies.Where(a => zones.Contains(a.Zone)).ToList();
            return new VictimZone(
                c.OwnerAgency,
                [.. agencies.Where(a => a.Kind == AgencyKind.Police).Select(a => a.Code).Distinct().Order(StringComparer.Ordinal)],
                [.. agencies.Where(a => a.Kind == AgencyKind.Sapv).Select(a => a.Code).Distinct().Order(StringComparer.Ordinal)]);
        });
    }
}
