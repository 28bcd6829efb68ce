using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Agencies.GetAgency;

public sealed record GetAgencyQuery(string Code) : IQuery<AgencyResponse>;

public sealed class GetAgencyValidator : AbstractValidator<GetAgencyQuery>
{
    public GetAgencyValidator() => RuleFor(q => q.Code).NotEmpty().MaximumLength(64);
}

public sealed class GetAgencyHandler(TacticsDbContext db) : IQueryHandler<GetAgencyQuery, AgencyResponse>
{
    public async ValueTask<AgencyResponse> Handle(GetAgencyQuery query, CancellationToken cancellationToken) =>
        await db.Agencies.AsNoTracking().Where(a => a.Code == query.Code).ProjectToResponse().SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("agency");
}
