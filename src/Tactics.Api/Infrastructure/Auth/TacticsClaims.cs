namespace Tactics.Api.Infrastructure.Auth;

/// <summary>The token claims of the contract (DESIGN.md).</summary>
public static class TacticsClaims
{
    public const string Subject = "sub";
    public const string Agency = "agency";
    public const string AgencyKind = "agency_kind";
    public const string Roles = "roles";
}

/// <summary>A user's role inside an agency (claim <c>roles</c>).</summary>
public enum UserRole
{
    Member,
    Referent,
    AgencyAdmin,
    Dpo,
}

public static class UserRoles
{
    public const string Member = "member";
    public const string Referent = "referent";
    public const string AgencyAdmin = "agency_admin";
    public const string Dpo = "dpo";
}
