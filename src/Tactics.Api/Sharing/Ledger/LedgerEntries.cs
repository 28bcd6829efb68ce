using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.CaseSharing;

namespace Tactics.Api.Sharing.Ledger;

/// <summary>A consent the caller records: to whom, which categories, for what, from when until when, how it was obtained.</summary>
public sealed record NewConsent(
    string? RecipientAgencyCode, AgencyKind? RecipientKind, IReadOnlyList<DataCategory> Categories, ConsentPurpose Purpose,
    DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, ConsentObtainedHow ObtainedHow, string? ObtainedDetails);

/// <summary>One entry of a case's consent ledger, with its revocation if the victim withdrew it; what to show of it is the policy's call.</summary>
public sealed record ConsentEntry(
    Guid Id, Guid CaseId, string? RecipientAgencyCode, AgencyKind? RecipientKind, IReadOnlyList<DataCategory> Categories,
    ConsentPurpose Purpose, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, ConsentObtainedHow ObtainedHow, string? ObtainedDetails,
    string RecordedByAgency, string RecordedByUser, DateTimeOffset RecordedAt, ConsentRevocationEntry? Revocation)
{
    /// <summary>The entry's facts, as <see cref="SideRecordPolicy"/> decides on them.</summary>
    public ConsentEntryFacts Facts => new(RecordedByAgency, RecipientAgencyCode, RecipientKind, Categories);
}

/// <summary>The revocation of a consent: effective from <see cref="RevokedAt"/>.</summary>
public sealed record ConsentRevocationEntry(Guid Id, string Reason, string RevokedByAgency, string RevokedByUser, DateTimeOffset RevokedAt);

/// <summary>An article 458ter consultation of a case: its participants (the opener included), purpose and end date.</summary>
public sealed record ConsultationEntry(
    Guid Id, Guid CaseId, IReadOnlyList<string> Participants, string Purpose, DateTimeOffset Until,
    string OpenedByAgency, string OpenedByUser, DateTimeOffset OpenedAt);
