using FluentValidation;
using Mediator;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Features.Consents.ListConsents;

/// <summary>The entries of the case's consent ledger the caller may see, oldest first, cursor-paged.</summary>
public sealed record ListConsentsQuery(Guid CaseId, int? Limit = null, string? Cursor = null) : IQuery<CaseDataPage<ConsentResponse>>, ICaseChildListQuery;

public sealed record GetConsentQuery(Guid CaseId, Guid ConsentId) : IQuery<ConsentResponse>;

public sealed class ListConsentsValidator : CaseChildListValidator<ListConsentsQuery>;

public sealed class GetConsentValidator : AbstractValidator<GetConsentQuery>
{
    public GetConsentValidator() => RuleFor(q => q.ConsentId).NotEmpty();
}

/// <summary>
/// A ledger entry is for its recorder, its recipient and the case owner when it sees every category the entry grants
/// (<see cref="SideRecordPolicy.ForConsent"/>); entries the caller may not see are left out before paging, and one of
/// them asked for by id is the 404 of an entry that does not exist.
/// </summary>
public sealed class ListConsentsHandler(ICaseAccess access, ConsentLedger ledger)
    : IQueryHandler<ListConsentsQuery, CaseDataPage<ConsentResponse>>, IQueryHandler<GetConsentQuery, ConsentResponse>
{
    public async ValueTask<CaseDataPage<ConsentResponse>> Handle(ListConsentsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);
        var now = access.Now;

        var page = await ledger.PageAsync(grant.Case.Id, after, limit, entry => Decide(grant, entry).Visible, cancellationToken);
        return new CaseDataPage<ConsentResponse>(
            [.. page.Items.Select(e => ConsentView.ToResponse(e, now, Decide(grant, e)))], page.NextCursor, grant.Visibility.Withheld);
    }

    public async ValueTask<ConsentResponse> Handle(GetConsentQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var entry = await ledger.FindAsync(grant.Case.Id, query.ConsentId, cancellationToken);
        var decision = entry is null ? ConsentEntryAccess.None : Decide(grant, entry);
        if (entry is null || !decision.Visible) throw new NotFoundException("consent");
        return ConsentView.ToResponse(entry, access.Now, decision);
    }

    private ConsentEntryAccess Decide(CaseReadGrant grant, ConsentEntry entry) =>
        SideRecordPolicy.ForConsent(access.Caller, grant.Case.OwnerAgency, entry.Facts, grant.Visibility);
}
