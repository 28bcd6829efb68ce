using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Features.Consents.GrantConsent;

/// <summary>Records the victim's consent: to whom, which categories, for what, from when until when, how obtained.</summary>
/// <param name="Recipient">One agency (<c>agencyCode</c>) or every agency of a kind (<c>agencyKind</c>); never the recording agency itself.</param>
/// <param name="Categories">The data categories the recipient may see; never internal_notes.</param>
/// <param name="Purpose">follow_up, proactive_contact or referral.</param>
/// <param name="ValidFrom">From when (UTC).</param>
/// <param name="ValidUntil">Until when (UTC); after validFrom.</param>
/// <param name="Obtained">How the consent was obtained.</param>
public sealed record GrantConsentCommand(
    [property: Required] ConsentRecipient? Recipient,
    [property: Required, MaxLength(11)] IReadOnlyList<DataCategory>? Categories,
    [property: Required] ConsentPurpose? Purpose,
    [property: Required] DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    [property: Required] ConsentObtained? Obtained) : ICommand<ConsentGranted>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>The ledger entry and the case's new ETag.</summary>
public sealed record ConsentGranted(ConsentResponse Consent, string ETag) : ICreatedResource
{
    public Guid ResourceId => Consent.Id;
    public string Location => ConsentView.Location(Consent.CaseId, Consent.Id);
}

public sealed class GrantConsentValidator : AbstractValidator<GrantConsentCommand>
{
    public GrantConsentValidator(ICurrentUser user)
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Recipient).NotNull()
            .Must(r => (r!.AgencyCode is null) != (r.AgencyKind is null)).WithMessage("Give either agencyCode or agencyKind, not both.");
        RuleFor(c => c.Recipient!.AgencyCode).MaximumLength(64)
            .NotEqual(user.AgencyCode).WithMessage("An agency never records a consent to itself.")
            .When(c => c.Recipient?.AgencyCode is not null);
        RuleFor(c => c.Recipient!.AgencyKind).IsInEnum()
            .NotEqual(user.AgencyKind).WithMessage("An agency never records a consent to its own kind (that includes itself).")
            .When(c => c.Recipient?.AgencyKind is not null);
        RuleFor(c => c.Categories).NotEmpty().Must(c => c!.Count <= 11).WithMessage("At most 11 categories.");
        RuleForEach(c => c.Categories).IsInEnum()
            .NotEqual(DataCategory.InternalNotes).WithMessage("Internal notes never leave their agency: no consent can share them.");
        RuleFor(c => c.Categories).Must(c => !c!.Contains(DataCategory.Contact))
            .When(c => c.Recipient?.AgencyKind == AgencyKind.PerpetratorSupport)
            .WithMessage("Services for perpetrators never see the victim's contact, whatever the consent.");
        RuleFor(c => c.Purpose).NotNull().IsInEnum();
        RuleFor(c => c.ValidFrom).NotNull();
        RuleFor(c => c.ValidUntil).Must((c, until) => until is null || c.ValidFrom is null || until > c.ValidFrom)
            .WithMessage("validUntil must follow validFrom.");
        RuleFor(c => c.Obtained).NotNull();
        RuleFor(c => c.Obtained!.How).NotNull().IsInEnum().When(c => c.Obtained is not null);
        RuleFor(c => c.Obtained!.Details).MaximumLength(500).When(c => c.Obtained is not null);
    }
}

public sealed class GrantConsentHandler(TacticsDbContext db, ICaseAccess access, ICurrentUser user, ConsentLedger ledger, Tasks.FollowUp.FollowUpTasks followUp)
    : ICommandHandler<GrantConsentCommand, ConsentGranted>
{
    public async ValueTask<ConsentGranted> Handle(GrantConsentCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.RecordConsent], command.IfMatch, ifMatchRequired: false, cancellationToken);
        var recipient = command.Recipient!;
        if (recipient.AgencyCode is { } code && !await db.Agencies.AnyAsync(a => a.Code == code, cancellationToken))
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("recipient.agencyCode", "No agency has this code.")]);
        }
        if (recipient.AgencyCode is { } perpetratorService && command.Categories!.Contains(DataCategory.Contact)
            && await db.Agencies.AnyAsync(a => a.Code == perpetratorService && a.Kind == AgencyKind.PerpetratorSupport, cancellationToken))
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("categories",
                "Services for perpetrators never see the victim's contact, whatever the consent.")]);
        }

        // An agency grants only what it holds (SideRecordPolicy.NotGrantable): never what a consent or a 458ter gave it.
        var ownRecordCategories = (await db.AgencyRecords.AsNoTracking()
                .Where(r => r.CaseId == @case.Id && r.AuthorAgency == user.AgencyCode && (r.Category == DataCategory.Social || r.Category == DataCategory.Health))
                .Select(r => r.Category).Distinct().ToListAsync(cancellationToken))
            .ToHashSet();
        var notGrantable = SideRecordPolicy.NotGrantable(access.Caller, @case.OwnerAgency, access.VisibilityOf(@case.Core), ownRecordCategories, command.Categories!);
        if (notGrantable.Count > 0)
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("categories",
                $"The caller's agency may not grant {string.Join(", ", notGrantable.Select(EnumNames.Name))}: an agency grants the categories it holds "
                + "by legal mission, as the case's owner (core, identity, contact, children), or social and health it wrote records in on this case.")]);
        }

        var entry = ledger.Record(@case.Id, new NewConsent(recipient.AgencyCode, recipient.AgencyKind, command.Categories!, command.Purpose!.Value,
            command.ValidFrom!.Value, command.ValidUntil, command.Obtained!.How!.Value, command.Obtained.Details?.Trim()));
        var ownerVisibility = await access.VisibilityOfAgencyAsync(@case.OwnerAgency, @case.Id, cancellationToken);
        @case.RecordAppend(EventCatalogue.CaseConsentGranted, user.AgencyCode, entry.RecordedAt, SideRecordPolicy.ConsentScopes(entry.Facts, @case.OwnerAgency, ownerVisibility),
            new Dictionary<string, Guid> { ["consentId"] = entry.Id });
        await followUp.ConsentChangedAsync(@case, entry.Purpose, user.AgencyCode, entry.RecordedAt, cancellationToken);
        return new ConsentGranted(ConsentView.ToResponse(entry, entry.RecordedAt, new ConsentEntryAccess(true, SeesDetails: true)), (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}
