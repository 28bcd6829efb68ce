using System.Text.Json.Serialization;

namespace Tactics.Api.Sharing;

/// <summary>Why an agency may see or do something.</summary>
public enum SharingBasis
{
    LegalMission,
    Consent,
    [JsonStringEnumMemberName("case_consultation_458ter")]
    CaseConsultation458ter,
    [JsonStringEnumMemberName("imminent_danger_458bis")]
    ImminentDanger458bis,
    OwnRecord,
}

public enum SharingAction
{
    Read,
    Write,
}

/// <summary>The policy's answer: a permit names its basis, a denial its reason.</summary>
public sealed record SharingDecision(bool Permitted, SharingBasis? Basis, WithheldReason? Reason)
{
    public static SharingDecision Permit(SharingBasis basis) => new(true, basis, null);

    public static SharingDecision Deny(WithheldReason reason) => new(false, null, reason);
}
