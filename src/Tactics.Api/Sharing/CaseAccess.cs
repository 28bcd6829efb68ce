using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Sharing;

/// <summary>What a caller wants to do with a case; each action has its own rule of who may.</summary>
public enum CaseAction
{
    Read,
    ChangeContact,
    CloseOrReopen,
    RecordIncident,
    AssessRisk,
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
    /// <summary>The cases the caller reaches, no-tracking, for lists; render each through <see cref="VisibilityOf"/>.</summary>
    IQueryable<Case> Reachable();

    /// <summary>What the caller may see of a case it reaches.</summary>
    CaseVisibility VisibilityOf(CaseCore @case);

    /// <summary>Loads a case for reading (no tracking; with victim, author and children when asked) or throws 404.</summary>
    Task<CaseReadGrant> ReadAsync(Guid caseId, bool withPersons, CancellationToken cancellationToken);

    /// <summary>
    /// Loads a case for a change, tracked and locked (<c>FOR UPDATE</c>) until the transaction ends, so
    /// concurrent writers queue up. Then, in this order: 404 when the caller does not reach it, 403 when the
    /// caller may not take one of these actions, 428 when <paramref name="ifMatchRequired"/> and no If-Match was sent,
    /// 412 when the If-Match is stale.
    /// </summary>
    Task<Case> WriteAsync(Guid caseId, IReadOnlyCollection<CaseAction> actions, string? ifMatch, bool ifMatchRequired, CancellationToken cancellationToken);
}

internal sealed class CaseAccess(TacticsDbContext db, ICurrentUser user) : ICaseAccess
{
    public IQueryable<Case> Reachable()
    {
        var agency = user.AgencyCode;
        return db.Cases.AsNoTracking().Where(c => c.OwnerAgency == agency);
    }

    public CaseVisibility VisibilityOf(CaseCore @case) => CaseVisibility.Everything;

    public async Task<CaseReadGrant> ReadAsync(Guid caseId, bool withPersons, CancellationToken cancellationToken)
    {
        var query = Reachable().Where(c => c.Id == caseId);
        if (withPersons)
        {
            query = query.Include(c => c.Victim).Include(c => c.Author);
        }
        var @case = await query.SingleOrDefaultAsync(cancellationToken) ?? throw CaseNotFound();
        return new CaseReadGrant(@case, VisibilityOf(@case.Core));
    }

    public async Task<Case> WriteAsync(Guid caseId, IReadOnlyCollection<CaseAction> actions, string? ifMatch, bool ifMatchRequired, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Case writes run inside the command's transaction (TransactionBehavior).");
        }
        // The row lock serialises writers of one case: the second reads the first one's version and gets its 412.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE id = {caseId} FOR UPDATE", cancellationToken);
        var agency = user.AgencyCode;
        var @case = await db.Cases
            .Include(c => c.Victim)
            .Include(c => c.Author)
            .SingleOrDefaultAsync(c => c.Id == caseId && c.OwnerAgency == agency, cancellationToken)
            ?? throw CaseNotFound();

        foreach (var action in actions.Where(action => !MayTake(action)))
        {
            throw new ForbiddenException(ProblemTypes.AgencyKindNotAllowed, ForbiddenDetail(action));
        }
        if (ifMatch is null)
        {
            if (ifMatchRequired) throw new PreconditionRequiredException();
        }
        else if (!ETags.Matches(ifMatch, @case.Version))
        {
            throw new PreconditionFailedException();
        }
        return @case;
    }

    private bool MayTake(CaseAction action) => action switch
    {
        CaseAction.RecordIncident => user.AgencyKind == AgencyKind.Police,
        CaseAction.RecordCustodyEvent => user.AgencyKind is AgencyKind.Parquet or AgencyKind.JusticeHouse,
        CaseAction.ImposeMeasure or CaseAction.LiftMeasure => user.AgencyKind is AgencyKind.Police or AgencyKind.Parquet,
        _ => true,
    };

    private static string ForbiddenDetail(CaseAction action) => action switch
    {
        CaseAction.RecordIncident => "Only a police zone records incidents (PV or sensitive-matter record).",
        CaseAction.RecordCustodyEvent => "Only the parquet or a justice house records custody events.",
        CaseAction.ImposeMeasure => "Only a police zone or the parquet imposes a protective measure.",
        CaseAction.LiftMeasure => "Only a police zone or the parquet lifts a protective measure.",
        _ => "The caller's agency may not take this action on the case.",
    };

    /// <summary>One and the same answer for a case that does not exist and a case the caller may not know of.</summary>
    private static NotFoundException CaseNotFound() => new("case");
}
