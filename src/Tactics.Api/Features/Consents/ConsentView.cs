using System.ComponentModel.DataAnnotations;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Features.Consents;

public enum ConsentStatus
{
    Active,
    NotYetValid,
    Expired,
    Revoked,
}

/// <summary>To whom a consent is given: one agency, or every agency of a kind (exactly one of the two).</summary>
/// <param name="AgencyCode">An agency code, e.g. <c>cpas-saint-josse</c>.</param>
/// <param name="AgencyKind">An agency kind, e.g. <c>victim_support</c>.</param>
public sealed record ConsentRecipient([property: Category(DataCategory.Core), MaxLength(64)] string? AgencyCode, [property: Category(DataCategory.Core)] AgencyKind? AgencyKind);

/// <summary>How the consent was obtained.</summary>
/// <param name="How">written, verbal or electronic.</param>
/// <param name="Details">Where and how, e.g. "Signed form at the SAPV office"; for the recorder and the case owner only.</param>
public sealed record ConsentObtained([property: Category(DataCategory.Core), Required] ConsentObtainedHow? How, [property: Category(DataCategory.Core), MaxLength(500)] string? Details);

/// <summary>
/// A consent ledger entry and its status now. Shown to its recorder, its recipient, and the case owner when the owner sees
/// every category it grants; <c>obtained.details</c>, <c>recordedByUser</c> and the revocation's reason to the recorder and the owner only.
/// </summary>
public sealed record ConsentResponse(
    [property: Category(DataCategory.Core)] Guid Id,
    [property: Category(DataCategory.Core)] Guid CaseId,
    [property: Category(DataCategory.Core)] ConsentRecipient Recipient,
    [property: Category(DataCategory.Core), MaxLength(11)] IReadOnlyList<DataCategory> Categories,
    [property: Category(DataCategory.Core)] ConsentPurpose Purpose,
    [property: Category(DataCategory.Core)] DateTimeOffset ValidFrom,
    [property: Category(DataCategory.Core)] DateTimeOffset? ValidUntil,
    [property: Category(DataCategory.Core)] ConsentObtained Obtained,
    [property: Category(DataCategory.Core), MaxLength(64)] string RecordedByAgency,
    [property: Category(DataCategory.Core), MaxLength(100)] string? RecordedByUser,
    [property: Category(DataCategory.Core)] DateTimeOffset RecordedAt,
    [property: Category(DataCategory.Core)] ConsentStatus Status,
    [property: Category(DataCategory.Core)] ConsentRevocationResponse? Revocation);

/// <summary>The revocation of a consent: from when, by whom, why (the reason for the recorder and the case owner only).</summary>
public sealed record ConsentRevocationResponse(
    [property: Category(DataCategory.Core)] DateTimeOffset RevokedAt,
    [property: Category(DataCategory.Core), MaxLength(64)] string RevokedByAgency,
    [property: Category(DataCategory.Core), MaxLength(1000)] string? Reason);

public static class ConsentView
{
    public static ConsentResponse ToResponse(ConsentEntry entry, DateTimeOffset now, ConsentEntryAccess access) => new(
        entry.Id,
        entry.CaseId,
        new ConsentRecipient(entry.RecipientAgencyCode, entry.RecipientKind),
        entry.Categories,
        entry.Purpose,
        entry.ValidFrom,
        entry.ValidUntil,
        new ConsentObtained(entry.ObtainedHow, access.SeesDetails ? entry.ObtainedDetails : null),
        entry.RecordedByAgency,
        access.SeesDetails ? entry.RecordedByUser : null,
        entry.RecordedAt,
        entry.Revocation is { } revoked && revoked.RevokedAt <= now ? ConsentStatus.Revoked
            : entry.ValidFrom > now ? ConsentStatus.NotYetValid
            : entry.ValidUntil is { } until && until <= now ? ConsentStatus.Expired
            : ConsentStatus.Active,
        entry.Revocation is not { } revocation ? null
            : new ConsentRevocationResponse(revocation.RevokedAt, revocation.RevokedByAgency, access.SeesDetails ? revocation.Reason : null));

    public static string Location(Guid caseId, Guid consentId) => $"/api/v1/cases/{caseId}/consents/{consentId}";
}
