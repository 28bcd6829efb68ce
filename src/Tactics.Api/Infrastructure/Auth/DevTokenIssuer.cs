using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Infrastructure.Auth;

/// <summary>Signs development tokens with the local key that the bearer handler validates against.</summary>
public sealed class DevTokenIssuer(AuthOptions options, SymmetricSecurityKey? key, TimeProvider time)
{
    public bool Enabled => key is not null;

    internal static Func<IServiceProvider, DevTokenIssuer> Create(AuthOptions options) => services =>
        new DevTokenIssuer(options, options.DevTokens.Enabled && string.IsNullOrWhiteSpace(options.Authority) ? Key(options) : null,
            services.GetRequiredService<TimeProvider>());

    internal static SymmetricSecurityKey Key(AuthOptions options)
    {
        var bytes = Convert.FromBase64String(options.DevTokens.SigningKey
            ?? throw new InvalidOperationException("Auth:DevTokens:SigningKey is required when dev tokens are enabled."));
        if (bytes.Length < 32) throw new InvalidOperationException("Auth:DevTokens:SigningKey must hold at least 32 bytes.");
        return new SymmetricSecurityKey(bytes);
    }

    public (string Token, DateTimeOffset ExpiresAt) Issue(string agencyCode, AgencyKind kind, string userId, IEnumerable<string> roles)
    {
        if (key is null) throw new InvalidOperationException("Dev tokens are disabled.");
        var now = time.GetUtcNow();
        var expires = now.Add(options.DevTokens.Lifetime);
        var claims = new List<Claim>
        {
            new(TacticsClaims.Subject, userId),
            new(TacticsClaims.Agency, agencyCode),
            new(TacticsClaims.AgencyKind, SnakeCaseEnumConverter<AgencyKind>.ToName(kind)),
        };
        claims.AddRange(roles.Select(role => new Claim(TacticsClaims.Roles, role)));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.DevIssuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
