using FluentValidation;
using Mediator;

namespace Tactics.Api.Features.Households.GetHousehold;

public sealed record GetHouseholdQuery(Guid HouseholdId) : IQuery<HouseholdResponse>;

public sealed class GetHouseholdValidator : AbstractValidator<GetHouseholdQuery>
{
    public GetHouseholdValidator() => RuleFor(q => q.HouseholdId).NotEmpty();
}

/// <summary>A household the caller reaches a case of: its id, the case ids it reaches, where it was merged.</summary>
public sealed class GetHouseholdHandler(HouseholdAccess access, HouseholdView view) : IQueryHandler<GetHouseholdQuery, HouseholdResponse>
{
    public async ValueTask<HouseholdResponse> Handle(GetHouseholdQuery query, CancellationToken cancellationToken) =>
        await view.HouseholdAsync(await access.ReachAsync(query.HouseholdId, cancellationToken), cancellationToken);
}
