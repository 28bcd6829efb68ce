using System.Security.Claims;
using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Infrastructure.Auth;

/// <summary>The caller: a user of an agency, with the agency's kind and the user's roles.</summary>
public interface ICurrentUser
{
    string UserId { get; }
    string AgencyCode { get; }
    AgencyKind AgencyKind { get; }
    IReadOnlySet<string> Roles { get; }
    bool HasRole(string role) => Roles.Contains(role);
}

internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User
        ?? throw new InvalidOperationException("No authenticated caller in this scope.");

    public string UserId => Principal.FindFirstValue(TacticsClaims.Subject) ?? "";
    public string AgencyCode => Principal.FindFirstValue(TacticsClaims.Agency) ?? "";

    public AgencyKind AgencyKind =>
        Principal.FindFirstValue(TacticsClaims.AgencyKind) is { } kind
            ? Enum.Parse<AgencyKind>(kind.Replace("_", ""), ignoreCase: true)
            : throw new InvalidOperationException("The token carries no agency_kind.");

    public IReadOnlySet<string> Roles => Principal.FindAll(TacticsClaims.Roles).Select(c => c.Value).ToHashSet();
}
