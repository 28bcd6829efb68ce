using FluentValidation;
using Mediator;
using Tactics.Api.Common.Http;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Cases.GetCase;

public sealed record GetCaseQuery(Guid CaseId) : IQuery<CaseRead>;

/// <summary>The case as the caller may see it, and its ETag.</summary>
public sealed record CaseRead(CaseResponse Case, string ETag);

public sealed class GetCaseValidator : AbstractValidator<GetCaseQuery>
{
    public GetCaseValidator() => RuleFor(q => q.CaseId).NotEmpty();
}

public sealed class GetCaseHandler(ICaseAccess access, HouseholdLinks households, CaseView view) : IQueryHandler<GetCaseQuery, CaseRead>
{
    public async ValueTask<CaseRead> Handle(GetCaseQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: true, cancellationToken);
        var showsLink = await households.ShownAsync(new HouseholdLinkCandidate(grant.Case.Id, grant.Case.HouseholdId, grant.Visibility,
            grant.ReachesAnotherCaseOfHousehold), cancellationToken);
        var stamp = access.Stamp(grant.Case.Core, grant.Visibility, showsLink);
        return new CaseRead(view.Detail(grant.Case, grant.Visibility, showsLink, stamp), stamp.ETag);
    }
}
