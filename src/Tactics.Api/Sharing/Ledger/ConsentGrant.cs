using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.CaseSharing;

namespace Tactics.Api.Sharing.Ledger;

/// <summary>
/// One entry of the victim's consent ledger: to whom (an agency, or every agency of a kind), which
/// categories, for what, from when until when, how it was obtained and who recorded it. Append-only:
/// nothing ever rewrites it; a revocation is an entry of its own (<see cref="ConsentRevocation"/>).
/// </summary>
public sealed class ConsentGrant
{
    private ConsentGrant() { }

    public ConsentGrant(
        Guid caseId, string? recipientAgencyCode, AgencyKind? recipientKind, IEnumerable<DataCategory> categories,
        ConsentPurpose purpose, DateTimeOffset validFrom, DateTimeOffset? validUntil, ConsentObtainedHow obtainedHow,
        string? obtainedDetails, string recordedByAgency, string recordedByUser, DateTimeOffset recordedAt)
    {
        Id = Guid.CreateVersion7(recordedAt);
        CaseId = caseId;
        RecipientAgencyCode = recipientAgencyCode;
        RecipientKind = recipientKind;
        Categories = [.. categories.Distinct().Order()];
        Purpose = purpose;
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        ObtainedHow = obtainedHow;
        ObtainedDetails = obtainedDetails;
        RecordedByAgency = recordedByAgency;
        RecordedByUser = recordedByUser;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string? RecipientAgencyCode { get; private set; }
    public AgencyKind? RecipientKind { get; private set; }
    public List<DataCategory> Categories { get; private set; } = [];
    public ConsentPurpose Purpose { get; private set; }
    public DateTimeOffset ValidFrom { get; private set; }
    public DateTimeOffset? ValidUntil { get; private set; }
    public ConsentObtainedHow ObtainedHow { get; private set; }
    public string? ObtainedDetails { get; private set; }
    public string RecordedByAgency { get; private set; } = "";
    public string RecordedByUser { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
}

/// <summary>The victim withdrew a consent: effective from <see cref="RevokedAt"/>, for every later request.</summary>
public sealed class ConsentRevocation
{
    private ConsentRevocation() { }

    public ConsentRevocation(Guid consentId, Guid caseId, string reason, string revokedByAgency, string revokedByUser, DateTimeOffset revokedAt)
    {
        Id = Guid.CreateVersion7(revokedAt);
        ConsentId = consentId;
        CaseId = caseId;
        Reason = reason;
        RevokedByAgency = revokedByAgency;
        RevokedByUser = revokedByUser;
        RevokedAt = revokedAt;
    }

    public Guid Id { get; private set; }
    public Guid ConsentId { get; private set; }
    public Guid CaseId { get; private set; }
    public string Reason { get; private set; } = "";
    public string RevokedByAgency { get; private set; } = "";
    public string RevokedByUser { get; private set; } = "";
    public DateTimeOffset RevokedAt { get; private set; }
}
