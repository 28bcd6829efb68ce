namespace Tactics.Api.Domain.Agencies;

/// <summary>
/// A person of an agency named for some postcodes: a police zone's EVA referent, a CPAS's DV referent. Its user id is the
/// identity provider's subject; the agency's <c>agency_admin</c> replaces the whole mapping at once.
/// </summary>
public sealed class AgencyReferent
{
    public const int MaxUserIdLength = 100;
    public const int MaxFunctionLength = 200;

    private AgencyReferent() { }

    public AgencyReferent(string agencyCode, int position, string userId, string function, IEnumerable<string> postcodes)
    {
        AgencyCode = agencyCode;
        Position = position;
        UserId = userId;
        Function = function;
        Postcodes = [.. postcodes.Distinct().Order(StringComparer.Ordinal)];
    }

    public string AgencyCode { get; private set; } = "";

    /// <summary>Its place in the mapping as the admin sent it.</summary>
    public int Position { get; private set; }

    public string UserId { get; private set; } = "";
    public string Function { get; private set; } = "";
    public List<string> Postcodes { get; private set; } = [];
}
