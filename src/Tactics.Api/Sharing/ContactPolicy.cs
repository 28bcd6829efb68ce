using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Sharing;

/// <summary>A person's address as the confidential-address rule needs it: never its content.</summary>
/// <param name="Confidential">A protected address (a shelter).</param>
/// <param name="Postcode">The postcode, for the police zone where the victim lives (the victim's address only).</param>
/// <param name="RecordedBy">The agency that recorded it; null for addresses recorded before the column existed (the owner's).</param>
public sealed record ProtectedAddress(bool Confidential, string? Postcode, string? RecordedBy);

/// <summary>
/// The confidential-address hard rule (DESIGN.md): a confidential address goes to no one but the agency that recorded it and the
/// police zone where the victim lives; only the agency that recorded it may change it or make it non-confidential. Pure.
/// </summary>
public static class ContactPolicy
{
    /// <summary>Whether the address fields are withheld from <paramref name="agencyCode"/> though it may see <c>contact</c>.</summary>
    public static bool AddressProtected(string agencyCode, AgencyKind kind, IReadOnlyCollection<string> agencyPostcodes, string ownerAgency,
        ProtectedAddress victim, ProtectedAddress author)
    {
        var victimZonePolice = kind == AgencyKind.Police && victim.Postcode is not null && agencyPostcodes.Contains(victim.Postcode);
        return (victim.Confidential && !IsRecorder(agencyCode, ownerAgency, victim) && !victimZonePolice)
            || (author.Confidential && !IsRecorder(agencyCode, ownerAgency, author) && !victimZonePolice);
    }

    /// <summary>Whether the agency may replace the address or change its confidential flag: anyone who may change contact,
    /// except for a confidential address, which only its recorder changes.</summary>
    public static bool MayChangeAddress(string agencyCode, string ownerAgency, ProtectedAddress current) =>
        !current.Confidential || IsRecorder(agencyCode, ownerAgency, current);

    private static bool IsRecorder(string agencyCode, string ownerAgency, ProtectedAddress address) =>
        agencyCode == (address.RecordedBy ?? ownerAgency);
}
