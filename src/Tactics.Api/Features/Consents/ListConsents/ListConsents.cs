using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Consents.ListConsents;

/// <summary>The entries of the case's consent ledger the caller may see, oldest first, cursor-paged.</summary>
public sealed record ListConsentsQuery(Guid CaseId, int? Limit = null, string? Cursor = null) : IQuery<CaseDataPage<ConsentResponse>>;

public sealed record GetConsentQuery(Guid CaseId, Guid ConsentId) : IQuery<ConsentResponse>;

public sealed class ListConsentsValidator : AbstractValidator<ListConsentsQuery>
{
    public ListConsentsValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

public sealed class GetConsentValidator : AbstractValidator<GetConsentQuery>
{
    public GetConsentValidator() => RuleFor(q => q.ConsentId).NotEmpty();
}

/// <summary>
/// A ledger entry is for its recorder, its recipient and the case owner when it sees every category the entry grants
/// (<see cref="SideRecordPolicy.ForConsent"/>); entries the caller may not see are left out before paging, and one of
/// them asked for by id is the 404 of an entry that does not exist.
/// </summary>
public sealed class ListConsentsHandler(ICaseAccess access, TacticsDbContext db)
    : IQueryHandler<ListConsentsQuery, CaseDataPage<ConsentResponse>>, IQueryHandler<GetConsentQuery, ConsentResponse>
{
    public async ValueTask<CaseDataPage<ConsentResponse>> Handle(ListConsentsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);
        var ledger = Ledger(grant.Case.Id);
        var now = access.Now;

        var page = await FilteredPage.CollectAsync<LedgerEntry>(
            async (last, take, ct) =>
            {
                var from = last is null ? after : (last.Grant.RecordedAt, last.Grant.Id);
                var rows = from is { } key
                    ? ledger.Where(e => EF.Functions.GreaterThan(ValueTuple.Create(e.Grant.RecordedAt, e.Grant.Id), ValueTuple.Create(key.At, key.Id)))
                    : ledger;
                return await rows.OrderBy(e => e.Grant.RecordedAt).ThenBy(e => e.Grant.Id).Take(take).ToListAsync(ct);
            },
            (entry, _) => Task.FromResult(Decide(grant, entry).Visible),
            limit, e => TimeIdCursor.Key(e.Grant.RecordedAt, e.Grant.Id), cancellationToken);
        return new CaseDataPage<ConsentResponse>(
            [.. page.Items.Select(e => ConsentView.ToResponse(e.Grant, e.Revocation, now, Decide(grant, e)))], page.NextCursor, grant.Visibility.Withheld);
    }

    public async ValueTask<ConsentResponse> Handle(GetConsentQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var entry = await Ledger(grant.Case.Id).SingleOrDefaultAsync(e => e.Grant.Id == query.ConsentId, cancellationToken);
        var decision = entry is null ? ConsentEntryAccess.None : Decide(grant, entry);
        if (entry is null || !decision.Visible) throw new NotFoundException("consent");
        return ConsentView.ToResponse(entry.Grant, entry.Revocation, access.Now, decision);
    }

    private ConsentEntryAccess Decide(CaseReadGrant grant, LedgerEntry entry) =>
        SideRecordPolicy.ForConsent(access.Caller, grant.Case.OwnerAgency, ConsentView.Facts(entry.Grant), grant.Visibility);

    private IQueryable<LedgerEntry> Ledger(Guid caseId) =>
        db.ConsentGrants.AsNoTracking().Where(g => g.CaseId == caseId)
            .Select(g => new LedgerEntry { Grant = g, Revocation = db.ConsentRevocations.FirstOrDefault(r => r.ConsentId == g.Id) });

    private sealed class LedgerEntry
    {
        public required Domain.CaseSharing.ConsentGrant Grant { get; init; }
        public Domain.CaseSharing.ConsentRevocation? Revocation { get; init; }
    }
}
