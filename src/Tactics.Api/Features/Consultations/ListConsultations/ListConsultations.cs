using FluentValidation;
using Mediator;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Features.Cases;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Features.Consultations.ListConsultations;

public sealed record ListConsultationsQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<ConsultationResponse>>, ICaseChildListQuery;

public sealed class ListConsultationsValidator : CaseChildListValidator<ListConsultationsQuery>;

/// <summary>The 458ter consultations of a case the caller takes part in, opened, or owns the case of; oldest first, past and active.</summary>
public sealed class ListConsultationsHandler(ICaseAccess access, ConsultationLedger ledger, TimeProvider time)
    : IQueryHandler<ListConsultationsQuery, CaseDataPage<ConsultationResponse>>
{
    public async ValueTask<CaseDataPage<ConsultationResponse>> Handle(ListConsultationsQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);

        // For their participants, their opener and the case owner; left out before paging for anyone else.
        var page = await ledger.PageAsync(grant.Case.Id, after, limit,
            c => SideRecordPolicy.ForConsultation(access.Caller, grant.Case.OwnerAgency, c.OpenedByAgency, c.Participants), cancellationToken);
        var now = time.GetUtcNow();
        return CaseDataPage.Of(page,
            c => ConsultationResponse.From(c, access.DecideEntry(grant.Case.Id, DataCategory.Facts, c.OpenedByAgency), now), grant.Visibility);
    }
}
