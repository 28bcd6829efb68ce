using System.Linq.Expressions;
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

    /// <summary>
    /// The cases the agency reaches on a basis other than its own entries (its own entries give it no case). Shaped for
    /// PostgreSQL at scale (README, "Performance"): an agency without a territory reaches few cases, so they are the union of
    /// index probes (owner, consents, consultations) joined back to the case rows; an agency with a territory reaches many, so
    /// each basis is a condition on the case row itself, which a page ordered by (created_at, id) tests case by case and stops
    /// at its limit, instead of first building the whole territory.
    /// </summary>
    public IQueryable<Case> Reachable(PolicyAgency agency, DateTimeOffset now)
    {
        var me = agency.Code;
        var consented = Consented(agency, now).Select(g => g.CaseId);
        var consulted = Consulted(agency, now).Select(c => c.CaseId);
        if (!LegalMission.HasTerritory(agency.Kind))
        {
            var reached = db.Cases.Where(c => c.OwnerAgency == me).Select(c => c.Id).Union(consented).Union(consulted);
            return db.Cases.AsNoTracking().Where(c => reached.Contains(c.Id));
        }

        Expression<Func<Case, bool>> owned = c => c.OwnerAgency == me || consented.Contains(c.Id) || consulted.Contains(c.Id);
        return db.Cases.AsNoTracking().Where(AnyOf(owned, InTerritory(agency), ReleaseReaches(agency)));
    }

    /// <summary>One condition that holds when any of <paramref name="conditions"/> holds, on the same case row.</summary>
    private static Expression<Func<Case, bool>> AnyOf(params Expression<Func<Case, bool>>[] conditions)
    {
        var row = conditions[0].Parameters[0];
        var body = conditions.Skip(1).Aggregate(conditions[0].Body, (either, next) => Expression.OrElse(either, OnRow(next, row)));
        return Expression.Lambda<Func<Case, bool>>(body, row);
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
        var released = db.Cases.Where(c => c.Id == caseId).Where(ReleaseReaches(agency));
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
    public IQueryable<Case> Territorial(PolicyAgency agency) => db.Cases.Where(InTerritory(agency));

    /// <summary>
    /// Legal mission's territory as a condition on the case row: a case outside any confinement is in it when a case of its
    /// household (itself included) is directly in the agency's zones; a confined case only for the agency it is confined to.
    /// </summary>
    private Expression<Func<Case, bool>> InTerritory(PolicyAgency agency)
    {
        if (!LegalMission.HasTerritory(agency.Kind)) return _ => false;
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
        return c => c.ConfinedToAgency == null
            ? direct.Any(d => d.HouseholdId == c.HouseholdId)
            : c.ConfinedToAgency == me;
    }

    /// <summary>
    /// Act 8: a release (scheduled or done) always reaches the police zone and SAPV where the victim lives, found from the
    /// address even when it is confidential. A condition on the case row.
    /// </summary>
    private Expression<Func<Case, bool>> ReleaseReaches(PolicyAgency agency)
    {
        if (agency.Kind is not (AgencyKind.Police or AgencyKind.Sapv)) return _ => false;
        var postcodes = agency.Postcodes.ToList();
        return c => c.CustodyEvents.Any(e => e.Kind == CustodyEventKind.Released || e.Kind == CustodyEventKind.ReleaseScheduled)
            && db.Persons.Any(p => p.Id == c.VictimId && postcodes.Contains(p.Address!.Postcode));
    }

    /// <summary>The facts of each case that exists among <paramref name="caseIds"/>, for the agency, in one query.</summary>
    public async Task<Dictionary<Guid, LoadedCaseFacts>> LoadAsync(PolicyAgency agency, IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken)
    {
        var rows = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(Projection(agency, whole: false, householdReach: null))
            .AsSingleQuery()
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Facts(agency));
    }

    /// <summary>
    /// The facts of many agencies' cases at once (the dispatcher's batch), in two queries whatever the number of agencies:
    /// what every agency shares (owner, addresses, consents, consultations) once per case, then what depends on the agency
    /// (territory, release reach, own entries) for every (agency, case) pair in one UNION ALL. The policy then decides each
    /// pair in memory. A pair is absent when its case does not exist.
    /// </summary>
    public async Task<Dictionary<(string Agency, Guid CaseId), LoadedCaseFacts>> LoadAsync(
        IReadOnlyCollection<(PolicyAgency Agency, IReadOnlyCollection<Guid> CaseIds)> batch, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string Agency, Guid CaseId), LoadedCaseFacts>();
        if (batch.Count == 0) return result;
        var caseIds = batch.SelectMany(b => b.CaseIds).Distinct().ToList();
        var shared = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(Projection(null, whole: false, householdReach: null))
            .AsSingleQuery()
            .ToDictionaryAsync(r => r.Id, cancellationToken);

        IQueryable<AgencyFactsRow>? perAgency = null;
        foreach (var (agency, ids) in batch)
        {
            var part = db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(AgencyProjection(agency));
            perAgency = perAgency is null ? part : perAgency.Concat(part);
        }
        var agencies = batch.Select(b => b.Agency).DistinctBy(a => a.Code).ToDictionary(a => a.Code);
        foreach (var bits in await perAgency!.ToListAsync(cancellationToken))
        {
            if (!shared.TryGetValue(bits.CaseId, out var row)) continue;
            result[(bits.Agency, bits.CaseId)] = row.Facts(agencies[bits.Agency], bits.InTerritory, bits.Released, bits.OwnEntries);
        }
        return result;
    }

    /// <summary>What of one case depends on the agency: territory, release reach (act 8) and its own entries.</summary>
    private sealed class AgencyFactsRow
    {
        public string Agency { get; init; } = "";
        public Guid CaseId { get; init; }
        public bool InTerritory { get; init; }
        public bool Released { get; init; }
        public bool OwnEntries { get; init; }
    }

    private Expression<Func<Case, AgencyFactsRow>> AgencyProjection(PolicyAgency agency)
    {
        var me = agency.Code;
        Expression<Func<Case, bool, bool, bool, AgencyFactsRow>> template = (c, inTerritory, released, ownEntries) => new AgencyFactsRow
        {
            Agency = me,
            CaseId = c.Id,
            InTerritory = inTerritory,
            Released = released,
            OwnEntries = ownEntries,
        };
        var row = template.Parameters[0];
        var body = new ParameterReplacer(new Dictionary<ParameterExpression, Expression>
        {
            [template.Parameters[1]] = OnRow(InTerritory(agency), row),
            [template.Parameters[2]] = OnRow(ReleaseReaches(agency), row),
            [template.Parameters[3]] = OnRow(OwnEntries(agency), row),
        }).Visit(template.Body);
        return Expression.Lambda<Func<Case, AgencyFactsRow>>(body, row);
    }

    /// <summary>Whether the agency wrote entries of its own on the case (a record or a risk assessment).</summary>
    private Expression<Func<Case, bool>> OwnEntries(PolicyAgency agency)
    {
        var me = agency.Code;
        return c => db.AgencyRecords.Any(r => r.AuthorAgency == me && r.CaseId == c.Id)
            || db.RiskAssessments.Any(r => r.AssessedBy == me && r.CaseId == c.Id);
    }

    /// <summary>
    /// A case for reading (no tracking; with victim and author when asked) and its facts for the agency, in one query; with
    /// <paramref name="withHouseholdReach"/>, also whether the agency reaches another case of its household at <paramref name="now"/>
    /// (the household-link rule). Null when the case does not exist.
    /// </summary>
    public async Task<(Case Case, LoadedCaseFacts Facts, bool ReachesAnotherCaseOfHousehold)?> ReadAsync(PolicyAgency agency, DateTimeOffset now, Guid caseId,
        bool withPersons, bool withHouseholdReach, CancellationToken cancellationToken)
    {
        var cases = db.Cases.AsNoTracking().Where(c => c.Id == caseId);
        if (withPersons) cases = cases.Include(c => c.Victim).Include(c => c.Author);
        var reachable = Reachable(agency, now);
        Expression<Func<Case, bool>> anotherOfHousehold = c => reachable.Any(r => r.HouseholdId == c.HouseholdId && r.Id != c.Id);
        var row = await cases.Select(Projection(agency, whole: true, withHouseholdReach ? anotherOfHousehold : null))
            .AsSingleQuery()
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Case!, row.Facts(agency), row.ReachesAnotherCaseOfHousehold);
    }

    /// <summary>One case's row: what the policy weighs, and the case itself when read.</summary>
    private sealed class FactsRow
    {
        public Case? Case { get; init; }
        public bool ReachesAnotherCaseOfHousehold { get; init; }
        public Guid Id { get; init; }
        public string OwnerAgency { get; init; } = "";
        public string? VictimPostcode { get; init; }
        public bool VictimConfidential { get; init; }
        public string? VictimAddressRecorder { get; init; }
        public bool AuthorConfidential { get; init; }
        public string? AuthorAddressRecorder { get; init; }
        public bool InTerritory { get; init; }
        public bool Released { get; init; }
        public bool OwnEntries { get; init; }
        public List<ConsentRow> Consents { get; init; } = [];
        public List<ConsultationRow> Consultations { get; init; } = [];

        public LoadedCaseFacts Facts(PolicyAgency agency) => Facts(agency, InTerritory, Released, OwnEntries);

        /// <summary>The facts for <paramref name="agency"/>, with what depends on it loaded apart.</summary>
        public LoadedCaseFacts Facts(PolicyAgency agency, bool inTerritory, bool released, bool ownEntries) => new(
            new CaseSharingFacts(Id, OwnerAgency, OwnerAgency == agency.Code || inTerritory, ownEntries,
                [.. Consents.Select(g => new ConsentFact(g.Id, g.RecipientAgencyCode, g.RecipientKind, g.Categories.ToHashSet(), g.ValidFrom, g.ValidUntil, g.RevokedAt))],
                [.. Consultations.Select(c => new ConsultationFact(c.Participants.ToHashSet(), c.Until))],
                released),
            ContactPolicy.AddressProtected(agency.Code, agency.Kind, agency.Postcodes, OwnerAgency,
                new ProtectedAddress(VictimConfidential, VictimPostcode, VictimAddressRecorder),
                new ProtectedAddress(AuthorConfidential, null, AuthorAddressRecorder)));
    }

    private sealed class ConsentRow
    {
        public Guid Id { get; init; }
        public string? RecipientAgencyCode { get; init; }
        public AgencyKind? RecipientKind { get; init; }
        public List<DataCategory> Categories { get; init; } = [];
        public DateTimeOffset ValidFrom { get; init; }
        public DateTimeOffset? ValidUntil { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
    }

    private sealed class ConsultationRow
    {
        public List<string> Participants { get; init; } = [];
        public DateTimeOffset Until { get; init; }
    }

    /// <summary>
    /// The projection of a case's facts for the agency: its territory, release reach, own entries, consents (with when each was
    /// revoked, if it was) and 458ter consultations, as subqueries of the case row. With <paramref name="whole"/>, the case entity
    /// too; with <paramref name="householdReach"/>, whether the agency reaches another case of its household.
    /// </summary>
    private Expression<Func<Case, FactsRow>> Projection(PolicyAgency? agency, bool whole, Expression<Func<Case, bool>>? householdReach)
    {
        // Without an agency, what depends on it is left false, for AgencyProjection to load.
        Expression<Func<Case, Case?, bool, bool, bool, bool, FactsRow>> template = (c, @case, another, inTerritory, released, ownEntries) => new FactsRow
        {
            Case = @case,
            ReachesAnotherCaseOfHousehold = another,
            Id = c.Id,
            OwnerAgency = c.OwnerAgency,
            VictimPostcode = (string?)c.Victim.Address!.Postcode,
            VictimConfidential = (bool?)c.Victim.Address!.Confidential ?? false,
            VictimAddressRecorder = c.Victim.AddressRecordedBy,
            AuthorConfidential = c.Author != null && ((bool?)c.Author.Address!.Confidential ?? false),
            AuthorAddressRecorder = c.Author != null ? c.Author.AddressRecordedBy : null,
            InTerritory = inTerritory,
            Released = released,
            OwnEntries = ownEntries,
            Consents = db.ConsentGrants.Where(g => g.CaseId == c.Id).Select(g => new ConsentRow
            {
                Id = g.Id,
                RecipientAgencyCode = g.RecipientAgencyCode,
                RecipientKind = g.RecipientKind,
                Categories = g.Categories,
                ValidFrom = g.ValidFrom,
                ValidUntil = g.ValidUntil,
                RevokedAt = db.ConsentRevocations.Where(r => r.ConsentId == g.Id).Select(r => (DateTimeOffset?)r.RevokedAt).FirstOrDefault(),
            }).ToList(),
            Consultations = db.CaseConsultations.Where(x => x.CaseId == c.Id).Select(x => new ConsultationRow { Participants = x.Participants, Until = x.Until }).ToList(),
        };
        var row = template.Parameters[0];
        var body = new ParameterReplacer(new Dictionary<ParameterExpression, Expression>
        {
            [template.Parameters[1]] = whole ? row : Expression.Constant(null, typeof(Case)),
            [template.Parameters[2]] = householdReach is null
                ? Expression.Constant(false)
                : OnRow(householdReach, row),
            [template.Parameters[3]] = agency is null ? Expression.Constant(false) : OnRow(InTerritory(agency), row),
            [template.Parameters[4]] = agency is null ? Expression.Constant(false) : OnRow(ReleaseReaches(agency), row),
            [template.Parameters[5]] = agency is null ? Expression.Constant(false) : OnRow(OwnEntries(agency), row),
        }).Visit(template.Body);
        return Expression.Lambda<Func<Case, FactsRow>>(body, row);
    }

    /// <summary>The body of a condition on a case, applied to <paramref name="row"/>.</summary>
    private static Expression OnRow(Expression<Func<Case, bool>> condition, ParameterExpression row) =>
        new ParameterReplacer(new Dictionary<ParameterExpression, Expression> { [condition.Parameters[0]] = row }).Visit(condition.Body);

    /// <summary>Puts expressions in the place of a lambda's parameters, to compose one projection from parts.</summary>
    private sealed class ParameterReplacer(IReadOnlyDictionary<ParameterExpression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            replacements.TryGetValue(node, out var replacement) ? replacement : node;
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
