using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

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

public sealed class RevokeConsentHandler(ConsentLedger ledger, ICaseAccess access, ICurrentUser user, Tasks.FollowUp.FollowUpTasks followUp)
    : ICommandHandler<RevokeConsentCommand, ConsentRevoked>
{
    public async ValueTask<ConsentRevoked> Handle(RevokeConsentCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [], command.IfMatch, ifMatchRequired: false, cancellationToken);
        var consent = await ledger.FindAsync(@case.Id, command.ConsentId, cancellationToken);
        // Its recorder, its recipient or the case owner revokes it; to anyone else it is an entry that does not exist.
        if (consent is null || !SideRecordPolicy.MayRevoke(access.Caller, @case.OwnerAgency, consent.Facts, access.VisibilityOf(@case.Core)))
        {
            throw new NotFoundException("consent");
        }
        if (consent.Revocation is not null)
        {
            throw new ConflictException(ProblemTypes.ConsentAlreadyRevoked, "This consent is already revoked; the ledger keeps the first revocation.");
        }

        var revoked = ledger.Revoke(consent, command.Reason.Trim());
        var now = revoked.Revocation!.RevokedAt;
        var ownerVisibility = await access.VisibilityOfAgencyAsync(@case.OwnerAgency, @case.Id, cancellationToken);
        @case.RecordAppend(EventCatalogue.CaseConsentRevoked, user.AgencyCode, now, SideRecordPolicy.ConsentScopes(revoked.Facts, @case.OwnerAgency, ownerVisibility),
            new Dictionary<string, Guid> { ["consentId"] = revoked.Id });
        await followUp.ConsentChangedAsync(@case, revoked.Purpose, user.AgencyCode, now, cancellationToken);
        return new ConsentRevoked(ConsentView.ToResponse(revoked, now,
            SideRecordPolicy.ForConsent(access.Caller, @case.OwnerAgency, revoked.Facts, access.VisibilityOf(@case.Core))), (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}
