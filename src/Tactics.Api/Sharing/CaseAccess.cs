using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Common.Validation;

namespace Tactics.Api.Sharing;

/// <summary>A case the caller may read, with what it may see of it.</summary>
public sealed record CaseReadGrant(Case Case, CaseVisibility Visibility)
{
    /// <summary>Whether the caller reaches another case of this case's household, when the read found it out (a read with persons); null otherwise.</summary>
    public bool? ReachesAnotherCaseOfHousehold { get; init; }
}

/// <summary>
/// The one gate to case data: every read and every write of a case goes through it, so the sharing policy
/// (DESIGN.md) replaces the rule here and nowhere else.
/// A case the caller cannot reach is a 404 with exactly the problem of a case that does not exist, at the same cost: reach is
/// decided first, in one query that answers "does this id exist among the cases the caller reaches?" (the same statements for
/// any id), and only a reached case is loaded. Its denial is logged after the response, and only if the case exists.
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

    /// <summary>
    /// Loads a case for reading the caller's entries at their own routes: like <see cref="ReadAsync(Guid, bool, CancellationToken)"/>,
    /// but an agency whose only link is entries it wrote itself is let in too (it then sees those entries and nothing else:
    /// filter each entry through <see cref="DecideEntry"/>). Its visibility may grant nothing.
    /// </summary>
    Task<CaseReadGrant> ReadEntriesAsync(Guid caseId, CancellationToken cancellationToken);

    /// <summary>The facts the policy decided this case on, for the caller (after a read or write load).</summary>
    CaseSharingFacts FactsOf(Guid caseId);

    /// <summary>
    /// What another agency (not the caller) sees of a case at this request's instant, without logging an access; null when it
    /// has no basis. Decides nothing for the caller: it tells whose answers an append changes (a consent entry the owner sees).
    /// </summary>
    Task<CaseVisibility?> VisibilityOfAgencyAsync(string agencyCode, Guid caseId, CancellationToken cancellationToken);

    /// <summary>The caller's ETag and <c>updatedAt</c> of a case, from the scopes it sees (<see cref="CaseStamps"/>).</summary>
    CaseStamp Stamp(CaseCore @case, CaseVisibility visibility, bool showsHouseholdLink);

    /// <summary>
    /// The caller's ETag and <c>updatedAt</c> of a case it loaded through this service (after a write: with what it appended),
    /// deciding whether it sees the household link on the way.
    /// </summary>
    Task<CaseStamp> StampAsync(Case @case, CancellationToken cancellationToken);

    /// <summary>
    /// The household-link rule for one case (<see cref="HouseholdLinks"/> applies it to pages): no query for a caller reaching the
    /// case by legal mission, else one asking whether it reaches another case of the household.
    /// </summary>
    Task<bool> ShowsHouseholdLinkAsync(Guid caseId, Guid householdId, CaseVisibility visibility, CancellationToken cancellationToken);
}

internal sealed class CaseAccess(TacticsDbContext db, ICurrentUser user, TimeProvider time, AccessLog accessLog, IHttpContextAccessor http,
    CaseFactsLoader facts) : ICaseAccess
{
    private readonly Dictionary<Guid, (CaseSharingFacts Facts, CaseVisibility Visibility)> _loaded = [];
    private PolicyAgency? _agency;
    private DateTimeOffset? _now;

    public DateTimeOffset Now => _now ??= time.GetUtcNow();

    public SharingCaller Caller => new(user.AgencyCode, user.AgencyKind, user.Roles);

    /// <summary>The caller's agency, read once per request.</summary>
    private PolicyAgency Agency => _agency ??= facts.Agency(user.AgencyCode);

    private async Task<PolicyAgency> AgencyAsync(CancellationToken cancellationToken) =>
        _agency ??= await facts.AgencyAsync(user.AgencyCode, cancellationToken);

    public IQueryable<Case> Reachable() => facts.Reachable(Agency, Now);

    public async Task<bool> MissionReachesAsync(string agencyCode, Guid caseId, CancellationToken cancellationToken)
    {
        var agency = await facts.AgencyAsync(agencyCode, cancellationToken);
        if (await db.Cases.AnyAsync(c => c.Id == caseId && c.OwnerAgency == agencyCode, cancellationToken)) return true;
        return await facts.Territorial(agency).AnyAsync(c => c.Id == caseId, cancellationToken);
    }

    public CaseVisibility VisibilityOf(CaseCore @case) =>
        _loaded.TryGetValue(@case.Id, out var loaded) ? loaded.Visibility : OwnersVisibility(@case);

    /// <summary>The visibility of the cases of a page, decided in a few queries and logged in one batch, one entry per case; a case the caller no longer sees is left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, CaseVisibility>> VisibilitiesAsync(IReadOnlyCollection<Guid> caseIds, string operation, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, CaseVisibility>();
        var accesses = new List<AccessRecord>();
        foreach (var (caseId, loaded) in await facts.LoadAsync(await AgencyAsync(cancellationToken), caseIds, cancellationToken))
        {
            var visibility = CaseVisibilities.Decide(Caller, loaded, Now);
            if (!visibility.Granted.TryGetValue(DataCategory.Core, out var coreBasis)) continue;
            _loaded[caseId] = (loaded.Facts, visibility);
            result[caseId] = visibility;
            var core = new Dictionary<DataCategory, SharingBasis> { [DataCategory.Core] = coreBasis };
            accesses.Add(new AccessRecord(caseId, SharingAction.Read, operation, true, core, new Dictionary<DataCategory, WithheldReason>()));
        }
        // One write for the whole page, however many cases it shows.
        await accessLog.RecordAllAsync(accesses, cancellationToken);
        return result;
    }

    public Task<CaseReadGrant> ReadAsync(Guid caseId, bool withPersons, CancellationToken cancellationToken) =>
        ReadAsync(caseId, withPersons, [], cancellationToken);

    public Task<CaseReadGrant> ReadAsync(Guid caseId, bool withPersons, IReadOnlyCollection<CaseAction> actions, CancellationToken cancellationToken) =>
        ReadCoreAsync(caseId, withPersons, actions, ownEntriesSuffice: false, cancellationToken);

    public Task<CaseReadGrant> ReadEntriesAsync(Guid caseId, CancellationToken cancellationToken) =>
        ReadCoreAsync(caseId, withPersons: false, [], ownEntriesSuffice: true, cancellationToken);

    private async Task<CaseReadGrant> ReadCoreAsync(Guid caseId, bool withPersons, IReadOnlyCollection<CaseAction> actions, bool ownEntriesSuffice,
        CancellationToken cancellationToken)
    {
        var operation = OperationName();
        // Reach first, in one query that costs the same whether the id exists or not: only a reached case is loaded.
        if (!await ReachesAsync(caseId, ownEntriesSuffice, cancellationToken))
        {
            throw Denied(caseId, SharingAction.Read, operation);
        }
        // The case, its facts and (for a read with persons, the case's own route) the household-link reach: one query.
        var read = await facts.ReadAsync(await AgencyAsync(cancellationToken), Now, caseId, withPersons, withHouseholdReach: withPersons, cancellationToken);
        var visibility = read is { } found ? Decide(caseId, found.Facts, ownEntriesSuffice) : null;
        if (read is not { Case: var @case } || visibility is null)
        {
            throw Denied(caseId, SharingAction.Read, operation);
        }
        EnsureMay(@case, actions, visibility, SharingAction.Read, operation);
        await accessLog.RecordAsync(new AccessRecord(caseId, SharingAction.Read, operation, true, visibility.Granted,
            visibility.Withheld.ToDictionary(w => w.Category, w => w.Reason)), cancellationToken);
        return new CaseReadGrant(@case, visibility) { ReachesAnotherCaseOfHousehold = withPersons ? read.Value.ReachesAnotherCaseOfHousehold : null };
    }

    public async Task<Case> WriteAsync(Guid caseId, IReadOnlyCollection<CaseAction> actions, string? ifMatch, bool ifMatchRequired, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Case writes run inside the command's transaction (TransactionBehavior).");
        }
        var operation = OperationName();
        // Reach first, like a read: a caller that does not reach the case neither waits for its row lock nor loads it.
        if (!await ReachesAsync(caseId, ownEntriesSuffice: false, cancellationToken))
        {
            throw Denied(caseId, SharingAction.Write, operation);
        }
        // The row lock serialises writers of one case: the second reads the first one's version and gets its 412.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE id = {caseId} FOR UPDATE", cancellationToken);
        var @case = await db.Cases
            .Include(c => c.Victim)
            .Include(c => c.Author)
            .SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        // Decided again under the lock: the reach may have changed while this writer waited.
        var visibility = @case is null ? null : await DecideAsync(caseId, ownEntriesSuffice: false, cancellationToken);
        if (@case is null || visibility is null)
        {
            throw Denied(caseId, SharingAction.Write, operation);
        }
        EnsureMay(@case, actions, visibility, SharingAction.Write, operation);
        if (ifMatch is null)
        {
            if (ifMatchRequired) throw new PreconditionRequiredException();
        }
        // Against the caller's own ETag: a change it cannot see is no reason for a 412 it would learn from.
        else if (!ETags.Matches(ifMatch, (await StampAsync(@case, cancellationToken)).ETag))
        {
            throw new PreconditionFailedException();
        }
        await accessLog.RecordAsync(new AccessRecord(caseId, SharingAction.Write, operation, true, visibility.Granted,
            visibility.Withheld.ToDictionary(w => w.Category, w => w.Reason)), cancellationToken);
        return @case;
    }

    /// <summary>Whether the caller reaches the id at all (the caller's agency, then one query): the same two statements for any id.</summary>
    private async Task<bool> ReachesAsync(Guid caseId, bool ownEntriesSuffice, CancellationToken cancellationToken) =>
        await facts.ReachesAsync(await AgencyAsync(cancellationToken), Now, caseId, ownEntriesSuffice, cancellationToken);

    /// <summary>403, logged as a denial, when the caller may not take one of the actions (the pure table of <see cref="CaseActions"/>).</summary>
    private void EnsureMay(Case @case, IReadOnlyCollection<CaseAction> actions, CaseVisibility visibility, SharingAction access, string operation)
    {
        foreach (var action in actions)
        {
            if (CaseActions.Check(Caller, @case.OwnerAgency, action, visibility) is { } denial)
            {
                accessLog.RecordDenial(DeniedAccess(@case.Id, access, operation));
                throw new ForbiddenException(denial.ProblemType, denial.Detail);
            }
        }
    }

    public void EnsureMayWrite(Guid caseId, DataCategory category)
    {
        var decision = SharingPolicy.Decide(Caller, FactsOf(caseId), category, SharingAction.Write, Now);
        if (!decision.Permitted)
        {
            throw new ForbiddenException(ProblemTypes.CategoryNotWritable,
                $"The caller's agency may not write in the category {EnumNames.Name(category)} ({EnumNames.Name(decision.Reason!.Value)}).");
        }
    }

    public SharingDecision DecideEntry(Guid caseId, DataCategory category, string authorAgency) =>
        SharingPolicy.DecideEntry(Caller, FactsOf(caseId), category, authorAgency, Now);

    public CaseSharingFacts FactsOf(Guid caseId) =>
        _loaded.TryGetValue(caseId, out var loaded) ? loaded.Facts
            : throw new InvalidOperationException("Load the case through ReadAsync or WriteAsync first.");

    public async Task<CaseVisibility?> VisibilityOfAgencyAsync(string agencyCode, Guid caseId, CancellationToken cancellationToken)
    {
        if (agencyCode == user.AgencyCode) return await DecideAsync(caseId, ownEntriesSuffice: false, cancellationToken);
        var agency = await facts.AgencyAsync(agencyCode, cancellationToken);
        var visibilities = await facts.VisibilitiesAsync(agency, new HashSet<string>(), [caseId], Now, cancellationToken);
        return visibilities.GetValueOrDefault(caseId);
    }

    public CaseStamp Stamp(CaseCore @case, CaseVisibility visibility, bool showsHouseholdLink) =>
        CaseStamps.For(@case.Id, @case.CreatedAt, @case.Changes, Caller, visibility, showsHouseholdLink);

    public async Task<CaseStamp> StampAsync(Case @case, CancellationToken cancellationToken)
    {
        var visibility = VisibilityOf(@case.Core);
        return Stamp(@case.Core, visibility, await ShowsHouseholdLinkAsync(@case.Id, @case.HouseholdId, visibility, cancellationToken));
    }

    public async Task<bool> ShowsHouseholdLinkAsync(Guid caseId, Guid householdId, CaseVisibility visibility, CancellationToken cancellationToken)
    {
        if (SideRecordPolicy.ReachesByLegalMission(visibility)) return true;
        var another = await facts.Reachable(await AgencyAsync(cancellationToken), Now)
            .AnyAsync(c => c.HouseholdId == householdId && c.Id != caseId, cancellationToken);
        return SideRecordPolicy.SeesHouseholdLink(visibility, another);
    }

    public Task<CaseVisibility?> VisibilityForRoutingAsync(Guid caseId, CancellationToken cancellationToken) =>
        DecideAsync(caseId, ownEntriesSuffice: false, cancellationToken);

    public Task RecordOpenedAsync(Case @case, CancellationToken cancellationToken)
    {
        var visibility = OwnersVisibility(@case.Core);
        return accessLog.RecordAsync(new AccessRecord(@case.Id, SharingAction.Write, OperationName(), true, visibility.Granted,
            visibility.Withheld.ToDictionary(w => w.Category, w => w.Reason)), cancellationToken);
    }

    private async Task<CaseVisibility?> DecideAsync(Guid caseId, bool ownEntriesSuffice, CancellationToken cancellationToken)
    {
        var all = await facts.LoadAsync(await AgencyAsync(cancellationToken), [caseId], cancellationToken);
        return all.TryGetValue(caseId, out var loaded) ? Decide(caseId, loaded, ownEntriesSuffice) : null;
    }

    /// <summary>What the caller may see of a loaded case, remembered for the request; null when it may not see it at all.</summary>
    private CaseVisibility? Decide(Guid caseId, LoadedCaseFacts loaded, bool ownEntriesSuffice)
    {
        var visibility = CaseVisibilities.Decide(Caller, loaded, Now);
        if (!visibility.Sees(DataCategory.Core) && !(ownEntriesSuffice && loaded.Facts.CallerHasOwnEntries)) return null;
        _loaded[caseId] = (loaded.Facts, visibility);
        return visibility;
    }

    /// <summary>The owner's view of its own case, known without a query (used right after opening it).</summary>
    private CaseVisibility OwnersVisibility(CaseCore @case)
    {
        var loaded = new LoadedCaseFacts(new CaseSharingFacts(@case.Id, @case.OwnerAgency, @case.OwnerAgency == user.AgencyCode, false, [], []), false);
        var visibility = CaseVisibilities.Decide(Caller, loaded, Now);
        _loaded[@case.Id] = (loaded.Facts, visibility);
        return visibility;
    }

    private static AccessRecord DeniedAccess(Guid caseId, SharingAction action, string operation) =>
        new(caseId, action, operation, false, new Dictionary<DataCategory, SharingBasis>(), new Dictionary<DataCategory, WithheldReason>());

    /// <summary>
    /// The 404 of a case the caller does not reach, its denial scheduled for after the response (written only if the case
    /// exists, never in this request's transaction): a random id and an unreachable case take the same path up to here.
    /// </summary>
    private NotFoundException Denied(Guid caseId, SharingAction action, string operation)
    {
        accessLog.RecordDenial(DeniedAccess(caseId, action, operation));
        return CaseNotFound();
    }

    /// <summary>The use case behind this access, for the log: the request's endpoint name (its operationId).</summary>
    private string OperationName() =>
        http.HttpContext?.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "internal";

    /// <summary>One and the same answer for a case that does not exist and a case the caller may not know of.</summary>
    private static NotFoundException CaseNotFound() => new("case");
}
