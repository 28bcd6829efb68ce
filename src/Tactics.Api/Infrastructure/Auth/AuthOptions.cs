namespace Tactics.Api.Infrastructure.Auth;

/// <summary>Bound from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The OIDC authority of production (Keycloak, Entra ID...); its signing keys are discovered.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "tactics-api";

    /// <summary>Issuer of locally signed development tokens.</summary>
    public string DevIssuer { get; set; } = "tactics-dev";

    public DevTokenOptions DevTokens { get; set; } = new();
}

public sealed class DevTokenOptions
{
    /// <summary>Enables <c>POST /dev/tokens</c>; only ever on the local run and in tests.</summary>
    public bool Enabled { get; set; }

    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes, for development tokens.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}
