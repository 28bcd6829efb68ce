using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Consents.RevokeConsent;

/// <summary>The victim withdraws a consent; it stops all access it gave from the next request on.</summary>
/// <param name="Reason">Why, in a few words, e.g. "Asked by the victim."</param>
public sealed record RevokeConsentCommand([property: MaxLength(1000)] string Reason) : ICommand<ConsentRevoked>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public Guid ConsentId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

public sealed record ConsentRevoked(ConsentResponse Consent, string ETag);

public sealed class RevokeConsentValidator : AbstractValidator<RevokeConsentCommand>
{
    public RevokeConsentValidator()
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
    }
}

public sealed class RevokeConsentHandler(TacticsDbContext db, ICaseAccess access, ICurrentUser user, TimeProvider time)
    : ICommandHandler<RevokeConsentCommand, ConsentRevoked>
{
    public async ValueTask<ConsentRevoked> Handle(RevokeConsentCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [], command.IfMatch, ifMatchRequired: false, cancellationToken);
        var grant = await db.ConsentGrants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == command.ConsentId && g.CaseId == @case.Id, cancellationToken);
        // Its recorder, its recipient or the case owner revokes it; to anyone else it is an entry that does not exist.
        if (grant is null || !SideRecordPolicy.MayRevoke(access.Caller, @case.OwnerAgency, ConsentView.Facts(grant), access.VisibilityOf(@case.Core)))
        {
            throw new NotFoundException("consent");
        }
        if (await db.ConsentRevocations.AnyAsync(r => r.ConsentId == grant.Id, cancellationToken))
        {
            throw new ConflictException(ProblemTypes.ConsentAlreadyRevoked, "This consent is already revoked; the ledger keeps the first revocation.");
        }

        var now = time.UtcNowStored();
        var revocation = new ConsentRevocation(grant.Id, @case.Id, command.Reason.Trim(), user.AgencyCode, user.UserId, now);
        db.ConsentRevocations.Add(revocation);
        @case.RecordAppend(EventCatalogue.CaseConsentRevoked, user.AgencyCode, now, new Dictionary<string, Guid> { ["consentId"] = grant.Id });
        return new ConsentRevoked(ConsentView.ToResponse(grant, revocation, now,
            SideRecordPolicy.ForConsent(access.Caller, @case.OwnerAgency, ConsentView.Facts(grant), access.VisibilityOf(@case.Core))), ETags.For(@case.Version));
    }
}
