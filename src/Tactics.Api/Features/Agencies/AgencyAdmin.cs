using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Auth;

namespace Tactics.Api.Features.Agencies;

/// <summary>Who changes an agency's directory entry and referents: that agency's <c>agency_admin</c>, and no one else.</summary>
public static class AgencyAdmin
{
    public static void Ensure(ICurrentUser user, string agencyCode)
    {
        if (user.AgencyCode != agencyCode)
        {
            throw new ForbiddenException(ProblemTypes.OwnAgencyOnly, "An agency's admin changes its own agency only.");
        }
        if (!user.HasRole(UserRoles.AgencyAdmin))
        {
            throw new ForbiddenException(ProblemTypes.RoleRequired, "Only the agency's agency_admin changes its referents, contact and hours.");
        }
    }
}
