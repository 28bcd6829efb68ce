using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Common.Validation;

namespace Tactics.Api.Sharing;

/// <summary>What a caller wants to do with a case; each action has its own rule of who may.</summary>
public enum CaseAction
{
    Read,
    ChangeContact,
    CloseOrReopen,
    RecordIncident,
    AssessRisk,
    RecordConsent,
    Follow,
    AddRecord,
    OpenConsultation,
    ReadDisclosures,
    RecordCustodyEvent,
    ImposeMeasure,
    LiftMeasure,
}

/// <summary>A case the caller may read, with what it may see of it.</summary>
public sealed record CaseReadGrant(Case Case, CaseVisibility Visibility);

/// <summary>
/// The one gate to case data: every read and every write of a case goes through it, so the sharing policy
/// (DESIGN.md) replaces the rule here and nowhere else. For now an agency reaches the cases it owns.
/// A case the caller cannot reach is a 404 with exactly the problem of a case that does not exist.
/// </summary>
public interface ICaseAccess
{
    /// <summary>The request's one clock reading: every decision of one request is taken at this instant.</summary>
    DateTimeOffset Now { get; }

    /// <summary>The caller as the policy sees it.</summary>
    SharingCaller Caller { get; }

    /// <summary>The cases the caller reaches, no-tracking, for lists; render each through VisibilitiesAsync.</summary>
    IQueryable<Case> Reachable();

    /// <summary>What the caller may see of a case it reaches.</summary>
    CaseVisibility VisibilityOf(CaseCore @case);

    /// <summary>Loads a case for reading (no tracking; with victim, author and children when asked) or throws 404.</summary>
    Task<CaseReadGrant> ReadAsync(Guid caseId, bool withPersons, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="ReadAsync(Guid, bool, CancellationToken)"/>, then 403 (logged as a denial) when the caller may not take
    /// one of these actions on what it reads (e.g. only a parquet reads 458bis disclosures).
    /// </summary>
    Task<CaseReadGrant> ReadAsync(Guid caseId, bool withPersons, IReadOnlyCollection<CaseAction> actions, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the agency <paramref name="agencyCode"/> (not the caller) reaches the case by legal mission: it owns it, or the
    /// case lies in its territory. Used to route a 458bis disclosure to a parquet that can read it; decides nothing for the caller.
    /// </summary>
    Task<bool> MissionReachesAsync(string agencyCode, Guid caseId, CancellationToken cancellationToken);

    /// <summary>
    /// Loads a case for a change, tracked and locked (<c>FOR UPDATE</c>) until the transaction ends, so
    /// concurrent writers queue up. Then, in this order: 404 when the caller does not reach it, 403 when the
    /// caller may not take one of these actions, 428 when <paramref name="ifMatchRequired"/> and no If-Match was sent,
    /// 412 when the If-Match is stale.
    /// </summary>
    Task<Case> WriteAsync(Guid caseId, IReadOnlyCollection<CaseAction> actions, string? ifMatch, bool ifMatchRequired, CancellationToken cancellationToken);


    /// <summary>May the caller write an entry in this category on a case it already loaded for writing? 403 otherwise.</summary>
    void EnsureMayWrite(Guid caseId, DataCategory category);

    /// <summary>The policy's decision for an entry written by <paramref name="authorAgency"/> (own records stay visible to their author).</summary>
    SharingDecision DecideEntry(Guid caseId, DataCategory category, string authorAgency);

    /// <summary>The visibility of each case of a list page; one access-log entry per case shown.</summary>
    Task<IReadOnlyDictionary<Guid, CaseVisibility>> VisibilitiesAsync(IReadOnlyCollection<Guid> caseIds, string operation, CancellationToken cancellationToken);

    /// <summary>What the caller may see of a case, without logging an access (routing thin events); null when it has no basis.</summary>
    Task<CaseVisibility?> VisibilityForRoutingAsync(Guid caseId, CancellationToken cancellationToken);

    /// <summary>Records, in the access log, that the caller opened this case (it owns what it wrote).</summary>
    Task RecordOpenedAsync(Case @case, CancellationToken cancellationToken);
}

internal sealed class CaseAccess(TacticsDbContext db, ICurrentUser user, TimeProvider time, AccessLog accessLog, IHttpContextAccessor http) : ICaseAccess
{
    private readonly Dictionary<Guid, (CaseSharingFacts Facts, CaseVisibility Visibility)> _loaded = [];
    private Agency? _caller;
    private (List<string> Zones, List<string> Owners, List<string> Postcodes)? _territory;

    private DateTimeOffset? _now;

    public DateTimeOffset Now => _now ??= time.GetUtcNow();

    public SharingCaller Caller => new(user.AgencyCode, user.AgencyKind, user.Roles);

    public IQueryable<Case> Reachable()
    {
        var me = user.AgencyCode;
        var kind = (AgencyKind?)user.AgencyKind;
        var now = Now;
        var territorial = Territorial();
        var consented = db.ConsentGrants
            .Where(g => (g.RecipientAgencyCode == me || (g.RecipientAgencyCode == null && g.RecipientKind == kind))
                && g.ValidFrom <= now && (g.ValidUntil == null || g.ValidUntil > now)
                && !db.ConsentRevocations.Any(r => r.ConsentId == g.Id && r.RevokedAt <= now))
            .Select(g => g.CaseId);
        var consulted = db.CaseConsultations.Where(c => c.Participants.Contains(me) && c.Until > now).Select(c => c.CaseId);
        var ownRecords = db.AgencyRecords.Where(r => r.AuthorAgency == me).Select(r => r.CaseId);
        var ownAssessments = db.RiskAssessments.Where(r => r.AssessedBy == me).Select(r => r.CaseId);

        return db.Cases.AsNoTracking().Where(c => c.OwnerAgency == me
            || territorial.Any(t => t.Id == c.Id)
            || consented.Contains(c.Id)
            || consulted.Contains(c.Id)
            || ownRecords.Contains(c.Id)
            || ownAssessments.Contains(c.Id));
    }

    /// <summary>
    /// Legal mission's territory: a police zone or SAPV reaches the cases of its zone (owned by the zone, with an
    /// incident there, or whose victim or author lives there); a parquet, justice house or coordination those of
    /// its judicial district; and each reaches every case of a household in which it reaches one.
    /// </summary>
    private IQueryable<Case> Territorial() =>
        LegalMission.HasTerritory(user.AgencyKind) ? TerritorialOf(TerritoryOfCaller()) : db.Cases.Where(_ => false);

    private IQueryable<Case> TerritorialOf((List<string> Zones, List<string> Owners, List<string> Postcodes) territory)
    {
        var (zones, owners, postcodes) = territory;
        var direct = db.Cases.Where(c => owners.Contains(c.OwnerAgency)
            || c.Incidents.Any(i => zones.Contains(i.PoliceZone))
            || postcodes.Contains(c.Victim.Address!.Postcode)
            || (c.Author != null && postcodes.Contains(c.Author.Address!.Postcode)));
        return db.Cases.Where(c => direct.Any(d => d.HouseholdId == c.HouseholdId));
    }

    /// <summary>The caller's zones, the police and SAPV agencies of those zones, and the postcodes it serves; read once per request.</summary>
    private (List<string> Zones, List<string> Owners, List<string> Postcodes) TerritoryOfCaller()
    {
        if (_territory is { } known) return known;
        var caller = _caller ??= db.Agencies.AsNoTracking().Single(a => a.Code == user.AgencyCode);
        _territory = TerritoryOf(caller);
        return _territory.Value;
    }

    private (List<string> Zones, List<string> Owners, List<string> Postcodes) TerritoryOf(Agency agency)
    {
        var zoneAgencies = db.Agencies.AsNoTracking().Where(a => a.PoliceZone != null);
        zoneAgencies = agency.Kind is AgencyKind.Police or AgencyKind.Sapv
            ? zoneAgencies.Where(a => a.PoliceZone == agency.PoliceZone)
            : zoneAgencies.Where(a => a.JudicialDistrict == agency.JudicialDistrict);
        var agencies = zoneAgencies.Select(a => new { a.Code, a.PoliceZone }).ToList();
        return ([.. agencies.Select(a => a.PoliceZone!).Distinct()], [.. agencies.Select(a => a.Code)], [.. agency.Postcodes]);
    }

    public async Task<bool> MissionReachesAsync(string agencyCode, Guid caseId, CancellationToken cancellationToken)
    {
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == agencyCode, cancellationToken);
        if (await db.Cases.AnyAsync(c => c.Id == caseId && c.OwnerAgency == agencyCode, cancellationToken)) return true;
        return LegalMission.HasTerritory(agency.Kind)
            && await TerritorialOf(TerritoryOf(agency)).AnyAsync(c => c.Id == caseId, cancellationToken);
    }

    public CaseVisibility VisibilityOf(CaseCore @case) =>
        _loaded.TryGetValue(@case.Id, out var loaded) ? loaded.Visibility : OwnersVisibility(@case);


    /// <summary>The visibility of the cases of a page, decided in a few queries and logged, one entry per case.</summary>
    public async Task<IReadOnlyDictionary<Guid, CaseVisibility>> VisibilitiesAsync(IReadOnlyCollection<Guid> caseIds, string operation, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, CaseVisibility>();
        foreach (var (caseId, facts) in await LoadFactsAsync(caseIds, cancellationToken))
        {
            var visibility = Decide(facts.Facts, facts.Protected);
            _loaded[caseId] = (facts.Facts, visibility);
            result[caseId] = visibility;
            var core = new Dictionary<DataCategory, SharingBasis> { [DataCategory.Core] = visibility.Granted[DataCategory.Core] };
            await accessLog.RecordAsync(new AccessRecord(caseId, SharingAction.Read, operation, true, core, new Dictionary<DataCategory, WithheldReason>()), cancellationToken);
        }
        return result;
    }

    public Task<CaseReadGrant> ReadAsync(Guid caseId, bool withPersons, CancellationToken cancellationToken) =>
        ReadAsync(caseId, withPersons, [], cancellationToken);

    public async Task<CaseReadGrant> ReadAsync(Guid caseId, bool withPersons, IReadOnlyCollection<CaseAction> actions, CancellationToken cancellationToken)
    {
        var query = db.Cases.AsNoTracking().Where(c => c.Id == caseId);
        if (withPersons)
        {
            query = query.Include(c => c.Victim).Include(c => c.Author);
        }
        var @case = await query.SingleOrDefaultAsync(cancellationToken);
        var visibility = @case is null ? null : await DecideAsync(@case.Id, cancellationToken);
        var operation = OperationName();
        if (@case is null || visibility is null)
        {
            await accessLog.RecordDenialAsync(Denied(caseId, SharingAction.Read, operation), cancellationToken);
            throw CaseNotFound();
        }
        foreach (var action in actions)
        {
            if (Forbidden(@case, action, visibility) is { } forbidden)
            {
                await accessLog.RecordDenialAsync(Denied(caseId, SharingAction.Read, operation), cancellationToken);
                throw forbidden;
            }
        }
        await accessLog.RecordAsync(new AccessRecord(caseId, SharingAction.Read, operation, true, visibility.Granted,
            visibility.Withheld.ToDictionary(w => w.Category, w => w.Reason)), cancellationToken);
        return new CaseReadGrant(@case, visibility);
    }

    public async Task<Case> WriteAsync(Guid caseId, IReadOnlyCollection<CaseAction> actions, string? ifMatch, bool ifMatchRequired, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Case writes run inside the command's transaction (TransactionBehavior).");
        }
        // The row lock serialises writers of one case: the second reads the first one's version and gets its 412.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE id = {caseId} FOR UPDATE", cancellationToken);
        var @case = await db.Cases
            .Include(c => c.Victim)
            .Include(c => c.Author)
            .SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        var visibility = @case is null ? null : await DecideAsync(caseId, cancellationToken);
        var operation = OperationName();
        if (@case is null || visibility is null)
        {
            await accessLog.RecordDenialAsync(Denied(caseId, SharingAction.Write, operation), cancellationToken);
            throw CaseNotFound();
        }

        foreach (var action in actions)
        {
            if (Forbidden(@case, action, visibility) is { } forbidden)
            {
                await accessLog.RecordDenialAsync(Denied(caseId, SharingAction.Write, operation), cancellationToken);
                throw forbidden;
            }
        }
        if (ifMatch is null)
        {
            if (ifMatchRequired) throw new PreconditionRequiredException();
        }
        else if (!ETags.Matches(ifMatch, @case.Version))
        {
            throw new PreconditionFailedException();
        }
        await accessLog.RecordAsync(new AccessRecord(caseId, SharingAction.Write, operation, true, visibility.Granted,
            visibility.Withheld.ToDictionary(w => w.Category, w => w.Reason)), cancellationToken);
        return @case;
    }

    public void EnsureMayWrite(Guid caseId, DataCategory category)
    {
        var (facts, _) = _loaded.TryGetValue(caseId, out var loaded) ? loaded
            : throw new InvalidOperationException("Load the case through WriteAsync first.");
        var decision = SharingPolicy.Decide(Caller, facts, category, SharingAction.Write, Now);
        if (!decision.Permitted)
        {
            throw new ForbiddenException(ProblemTypes.CategoryNotWritable,
                $"The caller's agency may not write in the category {EnumNames.Name(category)} ({EnumNames.Name(decision.Reason!.Value)}).");
        }
    }

    public SharingDecision DecideEntry(Guid caseId, DataCategory category, string authorAgency)
    {
        var (facts, _) = _loaded.TryGetValue(caseId, out var loaded) ? loaded
            : throw new InvalidOperationException("Load the case through ReadAsync or WriteAsync first.");
        return SharingPolicy.DecideEntry(Caller, facts, category, authorAgency, Now);
    }

    public Task<CaseVisibility?> VisibilityForRoutingAsync(Guid caseId, CancellationToken cancellationToken) => DecideAsync(caseId, cancellationToken);

    public Task RecordOpenedAsync(Case @case, CancellationToken cancellationToken)
    {
        var visibility = OwnersVisibility(@case.Core);
        return accessLog.RecordAsync(new AccessRecord(@case.Id, SharingAction.Write, OperationName(), true, visibility.Granted,
            visibility.Withheld.ToDictionary(w => w.Category, w => w.Reason)), cancellationToken);
    }

    private ForbiddenException? Forbidden(Case @case, CaseAction action, CaseVisibility visibility) => action switch
    {
        CaseAction.RecordIncident when user.AgencyKind != AgencyKind.Police =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only a police zone records incidents (PV or sensitive-matter record)."),
        CaseAction.CloseOrReopen when @case.OwnerAgency != user.AgencyCode =>
            new(ProblemTypes.OwnerOnly, "Only the agency that owns the case closes or reopens it."),
        CaseAction.ChangeContact when @case.OwnerAgency != user.AgencyCode && !visibility.Sees(DataCategory.Contact) =>
            new(ProblemTypes.BasisRequired, "Changing contact details needs the owner's rights or a basis that covers contact."),
        CaseAction.RecordConsent when !visibility.Sees(DataCategory.Identity) =>
            new(ProblemTypes.BasisRequired, "Recording the victim's consent needs a basis that covers the victim's identity."),
        CaseAction.OpenConsultation when user.AgencyKind is not (AgencyKind.Parquet or AgencyKind.Coordination) =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only a parquet or a coordination agency opens a 458ter case consultation."),
        // A follower hears of the case's events: it needs a basis beyond core, covering at least one event category;
        // the owner follows its own case whatever it sees (its core events are its own business).
        CaseAction.Follow when @case.OwnerAgency != user.AgencyCode && !FollowableCategories.Any(visibility.Sees) =>
            new(ProblemTypes.BasisRequired, "Following a case needs a basis that covers its events beyond core (facts, risk, judicial or measures): "
                + "legal mission in the case's territory, the victim's consent to one of those categories, or a 458ter consultation. "
                + "The caller's agency sees none of them."),
        // The text of a 458bis disclosure is for the competent parquet alone, not for other agencies that see the case.
        CaseAction.ReadDisclosures when user.AgencyKind != AgencyKind.Parquet =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only the competent parquet reads 458bis disclosures."),
        CaseAction.RecordCustodyEvent when user.AgencyKind is not (AgencyKind.Parquet or AgencyKind.JusticeHouse) =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only the parquet or a justice house records custody events."),
        CaseAction.ImposeMeasure or CaseAction.LiftMeasure when user.AgencyKind is not (AgencyKind.Police or AgencyKind.Parquet) =>
            new(ProblemTypes.AgencyKindNotAllowed, "Only a police zone or the parquet imposes or lifts a protective measure."),
        // Judicial and measures data are written only by an agency that may read them: what it records, it sees.
        CaseAction.RecordCustodyEvent when !visibility.Sees(DataCategory.Judicial) =>
            new(ProblemTypes.BasisRequired, "Recording custody events needs a basis that covers the judicial category of this case."),
        CaseAction.ImposeMeasure or CaseAction.LiftMeasure when !visibility.Sees(DataCategory.Measures) =>
            new(ProblemTypes.BasisRequired, "Imposing or lifting a measure needs a basis that covers the measures category of this case."),
        _ => null,
    };

    /// <summary>The event categories beyond core (API-EXAMPLES.md, the event catalogue): a follower's basis must cover one.</summary>
    private static readonly DataCategory[] FollowableCategories =
        [DataCategory.Facts, DataCategory.Risk, DataCategory.Judicial, DataCategory.Measures];

    private async Task<CaseVisibility?> DecideAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var facts = (await LoadFactsAsync([caseId], cancellationToken)).GetValueOrDefault(caseId);
        if (facts.Facts is null) return null;
        var visibility = Decide(facts.Facts, facts.Protected);
        if (!visibility.Sees(DataCategory.Core)) return null;
        _loaded[caseId] = (facts.Facts, visibility);
        return visibility;
    }

    /// <summary>Every category through the one decision function; a confidential address narrows contact further.</summary>
    private CaseVisibility Decide(CaseSharingFacts facts, bool contactProtected)
    {
        var now = Now;
        var granted = new Dictionary<DataCategory, SharingBasis>();
        var withheld = new List<WithheldCategory>();
        foreach (var category in Enum.GetValues<DataCategory>())
        {
            var decision = SharingPolicy.Decide(Caller, facts, category, SharingAction.Read, now);
            if (decision.Permitted && category == DataCategory.Contact && contactProtected)
            {
                decision = SharingDecision.Deny(WithheldReason.ProtectedContact);
            }
            if (decision.Permitted) granted[category] = decision.Basis!.Value;
            else withheld.Add(new WithheldCategory(category, decision.Reason!.Value));
        }
        return new CaseVisibility(granted, withheld);
    }

    /// <summary>The owner's view of its own case, known without a query (used right after opening it).</summary>
    private CaseVisibility OwnersVisibility(CaseCore @case)
    {
        var facts = new CaseSharingFacts(@case.Id, @case.OwnerAgency, @case.OwnerAgency == user.AgencyCode, false, [], []);
        var visibility = Decide(facts, contactProtected: false);
        _loaded[@case.Id] = (facts, visibility);
        return visibility;
    }

    private async Task<Dictionary<Guid, (CaseSharingFacts Facts, bool Protected)>> LoadFactsAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken cancellationToken)
    {
        var me = user.AgencyCode;
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new
            {
                c.Id,
                c.OwnerAgency,
                VictimPostcode = (string?)c.Victim.Address!.Postcode,
                VictimConfidential = (bool?)c.Victim.Address!.Confidential ?? false,
                AuthorConfidential = c.Author != null && ((bool?)c.Author.Address!.Confidential ?? false),
            })
            .ToListAsync(cancellationToken);
        var inTerritory = (await Territorial().Where(c => caseIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var consents = (await db.ConsentGrants.AsNoTracking().Where(g => caseIds.Contains(g.CaseId))
                .Select(g => new { Grant = g, RevokedAt = db.ConsentRevocations.Where(r => r.ConsentId == g.Id).Select(r => (DateTimeOffset?)r.RevokedAt).FirstOrDefault() })
                .ToListAsync(cancellationToken))
            .ToLookup(g => g.Grant.CaseId, g => new ConsentFact(g.Grant.Id, g.Grant.RecipientAgencyCode, g.Grant.RecipientKind,
                g.Grant.Categories.ToHashSet(), g.Grant.ValidFrom, g.Grant.ValidUntil, g.RevokedAt));
        var consultations = (await db.CaseConsultations.AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.CaseId, c => new ConsultationFact(c.Participants.ToHashSet(), c.Until));
        var ownEntries = (await db.AgencyRecords.Where(r => r.AuthorAgency == me && caseIds.Contains(r.CaseId)).Select(r => r.CaseId)
                .Union(db.RiskAssessments.Where(r => r.AssessedBy == me && caseIds.Contains(r.CaseId)).Select(r => r.CaseId))
                .ToListAsync(cancellationToken)).ToHashSet();
        var victimZonePolice = user.AgencyKind == AgencyKind.Police ? (await CallerAgencyAsync(cancellationToken)).Postcodes : [];

        return cases.ToDictionary(c => c.Id, c => (
            new CaseSharingFacts(c.Id, c.OwnerAgency, c.OwnerAgency == me || inTerritory.Contains(c.Id), ownEntries.Contains(c.Id),
                [.. consents[c.Id]], [.. consultations[c.Id]]),
            // A confidential address goes to the agency that recorded it (the owner) and the police of the victim's zone, no one else.
            Protected: (c.VictimConfidential || c.AuthorConfidential) && c.OwnerAgency != me
                && !(c.VictimPostcode != null && victimZonePolice.Contains(c.VictimPostcode))));
    }

    private async Task<Agency> CallerAgencyAsync(CancellationToken cancellationToken) =>
        _caller ??= await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == user.AgencyCode, cancellationToken);

    private static AccessRecord Denied(Guid caseId, SharingAction action, string operation) =>
        new(caseId, action, operation, false, new Dictionary<DataCategory, SharingBasis>(), new Dictionary<DataCategory, WithheldReason>());

    /// <summary>The use case behind this access, for the log: the request's endpoint name (its operationId).</summary>
    private string OperationName() =>
        http.HttpContext?.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "internal";

    /// <summary>One and the same answer for a case that does not exist and a case the caller may not know of.</summary>
    private static NotFoundException CaseNotFound() => new("case");
}
