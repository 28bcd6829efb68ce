using Microsoft.EntityFrameworkCore;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>
/// The consent ledger's side of event audiences: who recorded a consent, to whom it goes and what it grants, for the
/// catalogue's <see cref="AudienceRule.ConsentParties"/> rule. The ledger is read here, in <c>Sharing/</c>, and nowhere else.
/// </summary>
public sealed class EventPartiesLoader(TacticsDbContext db)
{
    /// <summary>The parties of each consent that exists among <paramref name="consentIds"/>, with its case; a kind recipient names every agency of that kind.</summary>
    public async Task<IReadOnlyDictionary<Guid, (Guid CaseId, ConsentParties Parties)>> ConsentsAsync(IReadOnlyCollection<Guid> consentIds, CancellationToken cancellationToken)
    {
        if (consentIds.Count == 0) return new Dictionary<Guid, (Guid, ConsentParties)>();
        var grants = await db.ConsentGrants.AsNoTracking().Where(g => consentIds.Contains(g.Id))
            .Select(g => new { g.Id, g.CaseId, g.RecipientAgencyCode, g.RecipientKind, g.RecordedByAgency, g.Categories })
            .ToListAsync(cancellationToken);
        var kinds = grants.Where(g => g.RecipientAgencyCode is null && g.RecipientKind is not null).Select(g => g.RecipientKind!.Value).Distinct().ToList();
        var ofKind = (await db.Agencies.AsNoTracking().Where(a => kinds.Contains(a.Kind))
            .Select(a => new { a.Code, a.Kind }).ToListAsync(cancellationToken)).ToLookup(a => a.Kind, a => a.Code);
        return grants.ToDictionary(g => g.Id, g => (g.CaseId, new ConsentParties(
            g.RecipientAgencyCode is { } code ? [code] : g.RecipientKind is { } kind ? [.. ofKind[kind]] : [],
            g.RecordedByAgency,
            g.Categories)));
    }
}
