using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Sharing;

/// <summary>The agency a decision is taken for, with what its territory is made of.</summary>
public sealed record PolicyAgency(string Code, AgencyKind Kind, string? PoliceZone, string JudicialDistrict, IReadOnlyList<string> Postcodes);

/// <summary>The facts of one case for one agency, and whether a confidential address narrows its contact.</summary>
public sealed record LoadedCaseFacts(CaseSharingFacts Facts, bool ContactProtected);

/// <summary>
/// Loads what the policy needs to know of cases for an explicit agency: the request's caller, or (for the dispatcher) each
/// recipient of an event, without impersonating anyone. It decides nothing: <see cref="SharingPolicy"/> does, in memory.
/// Territory (DESIGN.md, "Legal mission has a territory" and "What no write may do"):
/// a police zone or SAPV reaches the cases it owns, those with an incident that gave its zone territory (act 5), and those
/// whose victim or author lives in its zone at a non-confidential address; a parquet, justice house or coordination those
/// of its judicial district's zones; each reaches every case of a household in which it reaches one. A case opened by a
/// 458bis disclosure gives territory to its addressed parquet alone and takes no part in the household rule (act 6).
/// </summary>
public sealed class CaseFactsLoader(TacticsDbContext db)
{
    public Task<PolicyAgency> AgencyAsync(string agencyCode, CancellationToken cancellationToken) =>
        AgencyQuery(agencyCode).SingleAsync(cancellationToken);

    public PolicyAgency Agency(string agencyCode) => AgencyQuery(agencyCode).Single();

    /// <summary>The agencies among <paramref name="agencyCodes"/> that exist, by code, in one query.</summary>
    public async Task<IReadOnlyDictionary<string, PolicyAgency>> AgenciesAsync(IReadOnlyCollection<string> agencyCodes, CancellationToken cancellationToken) =>
        await db.Agencies.AsNoTracking().Where(a => agencyCodes.Contains(a.Code))
            .Select(a => new PolicyAgency(a.Code, a.Kind, a.PoliceZone, a.JudicialDistrict, a.Postcodes))
            .ToDictionaryAsync(a => a.Code, cancellationToken);

    private IQueryable<PolicyAgency> AgencyQuery(string agencyCode) =>
        db.Agencies.AsNoTracking().Where(a => a.Code == agencyCode)
            .Select(a => new PolicyAgency(a.Code, a.Kind, a.PoliceZone, a.JudicialDistrict, a.Postcodes));

    /// <summary>The cases the agency reaches on a basis other than its own entries (its own entries give it no case).</summary>
    public IQueryable<Case> Reachable(PolicyAgency agency, DateTimeOffset now)
    {
        var me = agency.Code;
        var territorial = Territorial(agency);
        var consented = Consented(agency, now).Select(g => g.CaseId);
        var consulted = Consulted(agency, now).Select(c => c.CaseId);
        var released = ReleaseReached(agency);

        return db.Cases.AsNoTracking().Where(c => c.OwnerAgency == me
            || territorial.Any(t => t.Id == c.Id)
            || consented.Contains(c.Id)
            || consulted.Contains(c.Id)
            || released.Contains(c.Id));
    }

    /// <summary>
    /// Whether the agency reaches this case id (as <see cref="Reachable"/> does; with <paramref name="ownEntriesSuffice"/>, entries
    /// it wrote itself count too), in one query whose every branch is an index probe by the id itself. None of them starts from
    /// the case row, so an id that exists but is out of reach and an id that does not exist cost the same probes and the same
    /// single statement: the answer's timing tells nothing of the case's existence ("No existence oracle").
    /// </summary>
    public Task<bool> ReachesAsync(PolicyAgency agency, DateTimeOffset now, Guid caseId, bool ownEntriesSuffice, CancellationToken cancellationToken)
    {
        var me = agency.Code;
        var owned = db.Cases.Where(c => c.Id == caseId && c.OwnerAgency == me);
        var territorial = Territorial(agency).Where(c => c.Id == caseId);
        var consented = Consented(agency, now).Where(g => g.CaseId == caseId);
        var consulted = Consulted(agency, now).Where(c => c.CaseId == caseId);
        var released = ReleaseReached(agency).Where(id => id == caseId);
        var records = db.AgencyRecords.Where(r => ownEntriesSuffice && r.CaseId == caseId && r.AuthorAgency == me);
        var assessments = db.RiskAssessments.Where(r => ownEntriesSuffice && r.CaseId == caseId && r.AssessedBy == me);
        return db.Agencies.AsNoTracking().Where(a => a.Code == me)
            .Select(_ => owned.Any() || territorial.Any() || consented.Any() || consulted.Any() || released.Any()
                || records.Any() || assessments.Any())
            .SingleAsync(cancellationToken);
    }

    /// <summary>The consents addressed to the agency (by code, or to its kind) that are live at <paramref name="now"/>.</summary>
    private IQueryable<ConsentGrant> Consented(PolicyAgency agency, DateTimeOffset now)
    {
        var me = agency.Code;
        var kind = (AgencyKind?)agency.Kind;
        return db.ConsentGrants
            .Where(g => (g.RecipientAgencyCode == me || (g.RecipientAgencyCode == null && g.RecipientKind == kind))
                && g.ValidFrom <= now && (g.ValidUntil == null || g.ValidUntil > now)
                && !db.ConsentRevocations.Any(r => r.ConsentId == g.Id && r.RevokedAt <= now));
    }

    /// <summary>The 458ter consultations the agency takes part in that are still open at <paramref name="now"/>.</summary>
    private IQueryable<CaseConsultation> Consulted(PolicyAgency agency, DateTimeOffset now)
    {
        var me = agency.Code;
        return db.CaseConsultations.Where(c => c.Participants.Contains(me) && c.Until > now);
    }

    /// <summary>Legal mission's territory of the agency (empty for kinds without one).</summary>
    public IQueryable<Case> Territorial(PolicyAgency agency)
    {
        if (!LegalMission.HasTerritory(agency.Kind)) return db.Cases.Where(_ => false);
        var me = agency.Code;
        var zoneAgencies = db.Agencies.AsNoTracking().Where(a => a.PoliceZone != null);
        zoneAgencies = agency.Kind is AgencyKind.Police or AgencyKind.Sapv
            ? zoneAgencies.Where(a => a.PoliceZone == agency.PoliceZone)
            : zoneAgencies.Where(a => a.JudicialDistrict == agency.JudicialDistrict);
        var zones = zoneAgencies.Select(a => a.PoliceZone!);
        var owners = zoneAgencies.Select(a => a.Code);
        var postcodes = agency.Postcodes.ToList();

        var direct = db.Cases.Where(c => c.ConfinedToAgency == null
            && (owners.Contains(c.OwnerAgency)
                || c.Incidents.Any(i => i.GivesTerritory && zones.Contains(i.PoliceZone))
                || (postcodes.Contains(c.Victim.Address!.Postcode) && !c.Victim.Address!.Confidential)
                || (c.Author != null && postcodes.Contains(c.Author.Address!.Postcode) && !c.Author.Address!.Confidential)));
        return db.Cases.Where(c => c.ConfinedToAgency == null
            ? direct.Any(d => d.HouseholdId == c.HouseholdId)
            : c.ConfinedToAgency == me);
    }

    /// <summary>
    /// Act 8: a release (scheduled or done) always reaches the police zone and SAPV where the victim lives, found from the
    /// address even when it is confidential.
    /// </summary>
    private IQueryable<Guid> ReleaseReached(PolicyAgency agency)
    {
        if (agency.Kind is not (AgencyKind.Police or AgencyKind.Sapv)) return db.Cases.Where(_ => false).Select(c => c.Id);
        var postcodes = agency.Postcodes.ToList();
        return db.Cases.Where(c => postcodes.Contains(c.Victim.Address!.Postcode)
                && c.CustodyEvents.Any(e => e.Kind == CustodyEventKind.Released || e.Kind == CustodyEventKind.ReleaseScheduled))
            .Select(c => c.Id);
    }

    /// <summary>The facts of each case that exists among <paramref name="caseIds"/>, for the agency, in a few queries.</summary>
    public async Task<Dictionary<Guid, LoadedCaseFacts>> LoadAsync(PolicyAgency agency, IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken)
    {
        var me = agency.Code;
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new
            {
                c.Id,
                c.OwnerAgency,
                VictimPostcode = (string?)c.Victim.Address!.Postcode,
                VictimConfidential = (bool?)c.Victim.Address!.Confidential ?? false,
                VictimAddressRecorder = c.Victim.AddressRecordedBy,
                AuthorConfidential = c.Author != null && ((bool?)c.Author.Address!.Confidential ?? false),
                AuthorAddressRecorder = c.Author != null ? c.Author.AddressRecordedBy : null,
            })
            .ToListAsync(cancellationToken);
        if (cases.Count == 0) return [];
        var inTerritory = (await Territorial(agency).Where(c => caseIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var released = (await ReleaseReached(agency).Where(id => caseIds.Contains(id)).ToListAsync(cancellationToken)).ToHashSet();
        var (consents, consultations) = await LedgerFactsAsync(caseIds, cancellationToken);
        var ownEntries = (await db.AgencyRecords.Where(r => r.AuthorAgency == me && caseIds.Contains(r.CaseId)).Select(r => r.CaseId)
                .Union(db.RiskAssessments.Where(r => r.AssessedBy == me && caseIds.Contains(r.CaseId)).Select(r => r.CaseId))
                .ToListAsync(cancellationToken)).ToHashSet();

        return cases.ToDictionary(c => c.Id, c => new LoadedCaseFacts(
            new CaseSharingFacts(c.Id, c.OwnerAgency, c.OwnerAgency == me || inTerritory.Contains(c.Id), ownEntries.Contains(c.Id),
                [.. consents[c.Id]], [.. consultations[c.Id]], released.Contains(c.Id)),
            ContactPolicy.AddressProtected(agency.Code, agency.Kind, agency.Postcodes, c.OwnerAgency,
                new ProtectedAddress(c.VictimConfidential, c.VictimPostcode, c.VictimAddressRecorder),
                new ProtectedAddress(c.AuthorConfidential, null, c.AuthorAddressRecorder))));
    }

    /// <summary>The consents (with when each was revoked, if it was) and the 458ter consultations of these cases, by case, as the policy weighs them.</summary>
    public async Task<(ILookup<Guid, ConsentFact> Consents, ILookup<Guid, ConsultationFact> Consultations)> LedgerFactsAsync(
        IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken)
    {
        var consents = (await db.ConsentGrants.AsNoTracking().Where(g => caseIds.Contains(g.CaseId))
                .Select(g => new { Grant = g, RevokedAt = db.ConsentRevocations.Where(r => r.ConsentId == g.Id).Select(r => (DateTimeOffset?)r.RevokedAt).FirstOrDefault() })
                .ToListAsync(cancellationToken))
            .ToLookup(g => g.Grant.CaseId, g => new ConsentFact(g.Grant.Id, g.Grant.RecipientAgencyCode, g.Grant.RecipientKind,
                g.Grant.Categories.ToHashSet(), g.Grant.ValidFrom, g.Grant.ValidUntil, g.RevokedAt));
        var consultations = (await db.CaseConsultations.AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.CaseId, c => new ConsultationFact(c.Participants.ToHashSet(), c.Until));
        return (consents, consultations);
    }

    /// <summary>What the agency may see of each case it reaches, decided at <paramref name="now"/>; cases it does not reach are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, CaseVisibility>> VisibilitiesAsync(PolicyAgency agency, IReadOnlySet<string> roles,
        IReadOnlyCollection<Guid> caseIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var caller = new SharingCaller(agency.Code, agency.Kind, roles);
        var result = new Dictionary<Guid, CaseVisibility>();
        foreach (var (caseId, loaded) in await LoadAsync(agency, caseIds, cancellationToken))
        {
            var visibility = CaseVisibilities.Decide(caller, loaded, now);
            if (visibility.Sees(DataCategory.Core)) result[caseId] = visibility;
        }
        return result;
    }
}
