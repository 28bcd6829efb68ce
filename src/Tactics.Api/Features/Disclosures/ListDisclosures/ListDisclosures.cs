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

public sealed record ListDisclosuresQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<DisclosureResponse>>;

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

public sealed class ListDisclosuresValidator : AbstractValidator<ListDisclosuresQuery>
{
    public ListDisclosuresValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>
/// The disclosures addressed to the caller's parquet, oldest first. 404 when the caller does not see the case; 403 for any
/// kind but parquet, whatever its basis; a parquet reads only the disclosures made to it (another parquet's stay its own).
/// </summary>
public sealed class ListDisclosuresHandler(ICaseAccess access, TacticsDbContext db, ICurrentUser user, CaseView view)
    : IQueryHandler<ListDisclosuresQuery, CaseDataPage<DisclosureResponse>>
{
    public async ValueTask<CaseDataPage<DisclosureResponse>> Handle(ListDisclosuresQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, [CaseAction.ReadDisclosures], cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);

        var disclosures = db.Disclosures.AsNoTracking().Where(d => d.CaseId == grant.Case.Id && d.ParquetAgency == user.AgencyCode);
        if (after is { } last)
        {
            disclosures = disclosures.Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.At, d.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await disclosures.OrderBy(d => d.At).ThenBy(d => d.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, d => TimeIdCursor.Key(d.At, d.Id));
        return view.Page(new CursorPage<DisclosureResponse>([.. page.Items.Select(DisclosureResponse.From)], page.NextCursor), grant.Visibility);
    }
}
