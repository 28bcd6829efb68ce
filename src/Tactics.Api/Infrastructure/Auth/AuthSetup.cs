using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Tactics.Api.Infrastructure.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddTacticsAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton(DevTokenIssuer.Create(options));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Audience = options.Audience;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = TacticsClaims.Subject,
                RoleClaimType = TacticsClaims.Roles,
            };

            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                // Production: keys and issuer from the IdP's discovery document.
                jwt.Authority = options.Authority;
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
            }
            else if (options.DevTokens.Enabled)
            {
                var key = DevTokenIssuer.Key(options);
                jwt.TokenValidationParameters.ValidIssuer = options.DevIssuer;
                jwt.TokenValidationParameters.IssuerSigningKey = key;
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
            else
            {
                throw new InvalidOperationException("Configure Auth:Authority (production) or enable Auth:DevTokens (local run).");
            }
        });

        services.AddAuthorizationBuilder()
            // Every endpoint needs a token unless it is marked anonymous on purpose.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireClaim(TacticsClaims.Agency).RequireClaim(TacticsClaims.AgencyKind).Build());

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        return services;
    }
}
