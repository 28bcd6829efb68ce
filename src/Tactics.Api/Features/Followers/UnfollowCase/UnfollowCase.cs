using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Followers.UnfollowCase;

/// <summary>The caller's agency stops following the case; <paramref name="AgencyCode"/> must be its own code.</summary>
public sealed record UnfollowCaseCommand(Guid CaseId, string AgencyCode) : ICommand<Unit>;

public sealed class UnfollowCaseValidator : AbstractValidator<UnfollowCaseCommand>
{
    public UnfollowCaseValidator()
    {
        RuleFor(c => c.CaseId).NotEmpty();
        RuleFor(c => c.AgencyCode).NotEmpty().MaximumLength(FollowerResponse.AgencyCodeMaxLength);
    }
}

/// <summary>404 when the caller does not see the case; 403 for another agency's code; 204 otherwise, followed or not (idempotent).</summary>
public sealed class UnfollowCaseHandler(TacticsDbContext db, ICaseAccess access, ICurrentUser user) : ICommandHandler<UnfollowCaseCommand, Unit>
{
    public async ValueTask<Unit> Handle(UnfollowCaseCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [], ifMatch: null, ifMatchRequired: false, cancellationToken);
        if (command.AgencyCode != user.AgencyCode)
        {
            throw new ForbiddenException(ProblemTypes.OwnAgencyOnly, "An agency unfollows a case in its own name only: use the caller's own agency code.");
        }
        await db.CaseFollowers.Where(f => f.CaseId == @case.Id && f.AgencyCode == user.AgencyCode).ExecuteDeleteAsync(cancellationToken);
        return Unit.Value;
    }
}
