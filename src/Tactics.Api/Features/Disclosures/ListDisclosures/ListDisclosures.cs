using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Disclosures.DiscloseDanger;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Disclosures.ListDisclosures;

public sealed record ListDisclosuresQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<DisclosureResponse>>, ICaseChildListQuery;

/// <summary>A 458bis disclosure, as the competent parquet reads it.</summary>
/// <param name="Id">The disclosure id.</param>
/// <param name="CaseId">The case it joined or opened.</param>
/// <param name="Reason">Why the danger is serious and imminent.</param>
/// <param name="Text">What the professional observed; absent when none was written.</param>
/// <param name="DiscloserAgency">The code of the disclosing agency (to call it back).</param>
/// <param name="At">When it was disclosed (UTC).</param>
public sealed record DisclosureResponse(
    Guid Id,
    Guid CaseId,
    [property: MaxLength(DiscloseDangerValidator.ReasonMaxLength)] string Reason,
    [property: MaxLength(DiscloseDangerValidator.TextMaxLength)] string? Text,
    [property: MaxLength(64)] string DiscloserAgency,
    DateTimeOffset At)
{
    public static DisclosureResponse From(Disclosure disclosure) => new(disclosure.Id, disclosure.CaseId, disclosure.Reason,
        disclosure.Text.Length == 0 ? null : disclosure.Text, disclosure.DiscloserAgency, disclosure.At);
}

public sealed class ListDisclosuresValidator : CaseChildListValidator<ListDisclosuresQuery>;

/// <summary>
/// The disclosures addressed to the caller's parquet, oldest first. 404 when the caller does not see the case; 403 for any
/// kind but parquet, whatever its basis; a parquet reads only the disclosures made to it (another parquet's stay its own).
/// </summary>
public sealed class ListDisclosuresHandler(ICaseAccess access, TacticsDbContext db, ICurrentUser user)
    : IQueryHandler<ListDisclosuresQuery, CaseDataPage<DisclosureResponse>>
{
    private static readonly TimeIdKeyset<Disclosure> Keyset = new(d => d.At, d => d.Id);

    public async ValueTask<CaseDataPage<DisclosureResponse>> Handle(ListDisclosuresQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, [CaseAction.ReadDisclosures], cancellationToken);
        var disclosures = db.Disclosures.AsNoTracking().Where(d => d.CaseId == grant.Case.Id && d.ParquetAgency == user.AgencyCode);
        var page = await Keyset.PageAsync(disclosures, query, cancellationToken);
        return CaseDataPage.Of(page, DisclosureResponse.From, grant.Visibility);
    }
}
