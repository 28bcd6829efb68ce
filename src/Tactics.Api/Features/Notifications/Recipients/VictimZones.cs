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
/// (confidential addresses too: the zone where the victim lives is the one that must know). Without an address the
/// zones of the case's incidents stand in; the SAPVs are those of the same zone numbers.
/// </summary>
public sealed class VictimZones(TacticsDbContext db)
{
    public async Task<VictimZone?> ForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.OwnerAgency, Postcode = c.Victim.Address == null ? null : c.Victim.Address.Postcode })
            .SingleOrDefaultAsync(cancellationToken);
        if (@case is null) return null;

        var zones = new List<string>();
        if (@case.Postcode is { } postcode)
        {
            zones = await db.Agencies.AsNoTracking()
                .Where(a => a.Kind == AgencyKind.Police && a.PoliceZone != null && a.Postcodes.Contains(postcode))
                .Select(a => a.PoliceZone!).ToListAsync(cancellationToken);
        }
        if (zones.Count == 0)
        {
            zones = await db.Incidents.AsNoTracking().Where(i => i.CaseId == caseId).Select(i => i.PoliceZone).Distinct().ToListAsync(cancellationToken);
        }
        if (zones.Count == 0) return new VictimZone(@case.OwnerAgency, [], []);

        var agencies = await db.Agencies.AsNoTracking()
            .Where(a => (a.Kind == AgencyKind.Police || a.Kind == AgencyKind.Sapv) && a.PoliceZone != null && zones.Contains(a.PoliceZone))
            .Select(a => new { a.Code, a.Kind })
            .ToListAsync(cancellationToken);
        return new VictimZone(
            @case.OwnerAgency,
            [.. agencies.Where(a => a.Kind == AgencyKind.Police).Select(a => a.Code).Order(StringComparer.Ordinal)],
            [.. agencies.Where(a => a.Kind == AgencyKind.Sapv).Select(a => a.Code).Order(StringComparer.Ordinal)]);
    }
}
