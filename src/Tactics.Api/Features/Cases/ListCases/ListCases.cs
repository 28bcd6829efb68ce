using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Cases.ListCases;

public sealed record ListCasesQuery(string? Status, string? RiskLevel, string? Zone, string? HouseholdId, int? Limit, string? Cursor,
    string? ViolenceType = null)
    : IQuery<CursorPage<CaseSummaryResponse>>;

public sealed class ListCasesValidator : AbstractValidator<ListCasesQuery>
{
    public ListCasesValidator()
    {
        RuleFor(q => q.Status).MustBeEnumName<ListCasesQuery, CaseStatus>();
        RuleFor(q => q.RiskLevel).MustBeEnumName<ListCasesQuery, RiskLevel>();
        RuleFor(q => q.ViolenceType).MustBeEnumName<ListCasesQuery, ViolenceType>();
        RuleFor(q => q.Zone).Matches("^[0-9]{4}$").WithMessage("Must be a police zone number: four digits, e.g. 5344.");
        RuleFor(q => q.HouseholdId).Must(id => id is null || (id.Length == 36 && Guid.TryParse(id, out _)))
            .WithMessage("Must be a household id (a UUID).");
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _))
            .WithMessage("Must be the nextCursor of a previous page.");
    }
}

public sealed class ListCasesHandler(ICaseAccess access, HouseholdLinks households, TacticsDbContext db, CaseView view)
    : IQueryHandler<ListCasesQuery, CursorPage<CaseSummaryResponse>>
{
    public async ValueTask<CursorPage<CaseSummaryResponse>> Handle(ListCasesQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Cursor.DefaultLimit;
        var cases = access.Reachable();

        if (query.Status is not null)
        {
            var status = EnumNames.Parse<CaseStatus>(query.Status);
            cases = cases.Where(c => c.Status == status);
        }
        if (query.RiskLevel is not null)
        {
            var level = EnumNames.Parse<RiskLevel>(query.RiskLevel);
            cases = cases.Where(c => c.RiskLevel == level);
        }
        if (query.Zone is not null)
        {
            // A case is in a zone when an incident was recorded there or its owner is that zone's police or SAPV.
            var zone = query.Zone;
            cases = cases.Where(c => c.Incidents.Any(i => i.PoliceZone == zone)
                || db.Agencies.Any(a => a.Code == c.OwnerAgency && a.PoliceZone == zone));
        }
        if (query.ViolenceType is not null)
        {
            // The cases having an incident of that type (the type is core, like the incident's kind); inside the reach, before paging.
            var violenceType = EnumNames.Parse<ViolenceType>(query.ViolenceType);
            cases = cases.Where(c => c.Incidents.Any(i => i.ViolenceType == violenceType));
        }
        if (query.HouseholdId is not null)
        {
            // A household the caller may not know of (DESIGN.md, household link) finds nothing, like one that does not exist.
            var householdId = Guid.Parse(query.HouseholdId);
            cases = await households.KnowsHouseholdAsync(householdId, cancellationToken)
                ? cases.Where(c => c.HouseholdId == householdId)
                : cases.Where(_ => false);
        }
        if (TimeIdCursor.TryParse(query.Cursor, out var after) && after is { } last)
        {
            cases = cases.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(last.At, last.Id)));
        }

        var rows = await cases.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(limit + 1)
            .Select(c => new CaseCore(c.Id, c.HouseholdId, c.Status, c.RiskLevel, c.OwnerAgency, c.CreatedAt, c.Changes))
            .ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, c => TimeIdCursor.Key(c.CreatedAt, c.Id));
        var visibilities = await access.VisibilitiesAsync([.. page.Items.Select(c => c.Id)], "ListCases", cancellationToken);
        var shown = await households.ShownAsync([.. page.Items.Select(c => new HouseholdLinkCandidate(c.Id, c.HouseholdId, visibilities[c.Id]))], cancellationToken);
        return new CursorPage<CaseSummaryResponse>([.. page.Items.Select(c => view.Summary(c, visibilities[c.Id], shown.Contains(c.Id), access.Stamp(c, visibilities[c.Id], shown.Contains(c.Id))))], page.NextCursor);
    }
}
