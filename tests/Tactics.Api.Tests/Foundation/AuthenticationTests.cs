using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Foundation;

public sealed class AuthenticationTests(ApiFixture api)
{
    /// <summary>The routes that are anonymous on purpose; any other anonymous route fails the test.</summary>
    private static readonly HashSet<string> AnonymousOnPurpose = ["GET /health/live", "GET /health/ready", "POST /dev/tokens"];

    [Fact]
    public async Task Every_endpoint_requires_a_token_unless_it_is_anonymous_on_purpose()
    {
        var endpoints = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        using var client = api.Anonymous();
        var checkedRoutes = 0;

        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                var route = $"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}";
                var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                if (anonymous)
                {
                    Assert.Contains(route, AnonymousOnPurpose);
                    continue;
                }

                var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment =>
                    string.Concat(segment.Parts.Select(part => part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal
                        ? literal.Content
                        : Guid.NewGuid().ToString()))));
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = JsonContent.Create(new { });
                }
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} answered {(int)response.StatusCode} without a token");
                await response.AssertProblem(HttpStatusCode.Unauthorized, "urn:tactics:problem:unauthorized");
                checkedRoutes++;
            }
        }
        Assert.True(checkedRoutes >= 2, "the API routes were enumerated");
    }

    [Fact]
    public async Task A_dev_token_opens_the_api()
    {
        using var client = await api.ClientFor("police-5344");
        var response = await client.GetAsync("/api/v1/agencies/police-5344");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_dev_token_carries_the_contract_claims()
    {
        var token = new JsonWebToken(await api.TokenFor("sapv-5345", "referent", "dpo"));
        Assert.Equal("user-of-sapv-5345", token.Subject);
        Assert.Equal("sapv-5345", token.GetClaim("agency").Value);
        Assert.Equal("sapv", token.GetClaim("agency_kind").Value);
        Assert.Equal(["referent", "dpo"], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal(["tactics-api"], token.Audiences);
    }

    public static TheoryData<string> BadTokens() => new()
    {
        "expired",
        "wrong_key",
        "alg_none",
        "wrong_audience",
        "wrong_issuer",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_gets_401(string kind)
    {
        var token = kind switch
        {
            "expired" => Sign(TacticsApiFactory.SigningKey, TacticsApiFactory.Audience, TacticsApiFactory.Issuer, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddMinutes(-5)),
            "wrong_key" => Sign(Convert.ToBase64String(Encoding.UTF8.GetBytes("another-key-that-is-long-enough-for-hmac-256")), TacticsApiFactory.Audience, TacticsApiFactory.Issuer),
            "alg_none" => Unsigned(),
            "wrong_audience" => Sign(TacticsApiFactory.SigningKey, "some-other-api", TacticsApiFactory.Issuer),
            "wrong_issuer" => Sign(TacticsApiFactory.SigningKey, TacticsApiFactory.Audience, "someone-else"),
            _ => "not.a.token",
        };
        using var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/v1/agencies");

        await response.AssertProblem(HttpStatusCode.Unauthorized, "urn:tactics:problem:unauthorized");
    }

    [Fact]
    public async Task A_correctly_signed_token_of_the_tests_is_accepted_so_the_bad_token_cases_are_meaningful()
    {
        using var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Sign(TacticsApiFactory.SigningKey, TacticsApiFactory.Audience, TacticsApiFactory.Issuer));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/agencies")).StatusCode);
    }

    [Fact]
    public async Task Dev_tokens_are_404_when_disabled()
    {
        await using var production = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Auth:DevTokens:Enabled"] = "false",
            ["Auth:Authority"] = "https://idp.invalid/realms/tactics",
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
        });
        using var client = production.CreateClient();

        var response = await client.PostAsJsonAsync("/dev/tokens", new { agencyCode = "police-5344", userId = "x", roles = new[] { "member" } });

        await response.AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task Dev_tokens_refuse_an_unknown_agency_and_an_unknown_role()
    {
        using var client = api.Anonymous();
        var unknownAgency = await client.PostAsJsonAsync("/dev/tokens", new { agencyCode = "police-9999", userId = "x", roles = new[] { "member" } });
        await unknownAgency.AssertValidationProblem("agencyCode");

        var unknownRole = await client.PostAsJsonAsync("/dev/tokens", new { agencyCode = "police-5344", userId = "x", roles = new[] { "superuser" } });
        await unknownRole.AssertValidationProblem("roles[0]");
    }

    private static string Sign(string base64Key, string audience, string issuer, DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "tester"), new Claim("agency", "police-5344"), new Claim("agency_kind", "police"), new Claim("roles", "member")]),
            IssuedAt = notBefore ?? now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(base64Key)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static string Unsigned()
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new JwtPayload(TacticsApiFactory.Issuer, TacticsApiFactory.Audience,
            [new Claim("sub", "tester"), new Claim("agency", "police-5344"), new Claim("agency_kind", "police"), new Claim("roles", "member")],
            now.UtcDateTime, now.AddMinutes(10).UtcDateTime);
        return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(new JwtHeader(), payload));
    }
}
