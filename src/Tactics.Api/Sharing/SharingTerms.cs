using System.Text.Json.Serialization;

namespace Tactics.Api.Sharing;

/// <summary>Every field of a case belongs to exactly one category; the category decides who may see it.</summary>
public enum DataCategory
{
    Core,
    Identity,
    Contact,
    Facts,
    Children,
    Risk,
    Judicial,
    Measures,
    Social,
    Health,
    InternalNotes,
}

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

/// <summary>Why a category is withheld from a caller (never what it holds).</summary>
public enum WithheldReason
{
    ConsentRequired,
    ConsentRevoked,
    ConsentExpired,
    OutsideMission,
    NeverShared,
    ProtectedContact,
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
