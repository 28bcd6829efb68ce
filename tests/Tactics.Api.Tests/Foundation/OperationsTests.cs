using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Foundation;

public sealed class OperationsTests(ApiFixture api)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_a_token(string path)
    {
        using var client = api.Anonymous();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_fails_when_the_database_is_unreachable()
    {
        await using var broken = new TacticsApiFactory("Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2", new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
        });
        using var client = broken.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/agencies", true)]
    [InlineData("/api/v1/agencies/nope", true)]
    [InlineData("/api/v1/agencies", false)]
    public async Task Every_api_response_is_no_store(string path, bool authenticated)
    {
        using var client = authenticated ? await api.ClientFor("police-5344") : api.Anonymous();
        var response = await client.GetAsync(path);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path} lacks Cache-Control: no-store");
    }

    [Fact]
    public async Task The_rate_limit_answers_429_with_retry_after()
    {
        await using var limited = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:PermitsPerMinute"] = "3",
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
        });
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await api.TokenFor("police-5339"));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/agencies")).StatusCode);
        }
        var refused = await client.GetAsync("/api/v1/agencies");

        await refused.AssertProblem(HttpStatusCode.TooManyRequests, "urn:tactics:problem:rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Use_cases_are_logged_by_name_through_the_pipeline()
    {
        using var client = await api.ClientFor("police-5344");
        await client.GetAsync("/api/v1/agencies/sapv-5344");
        Assert.Contains(api.Factory.LogLines, line => line.Contains("GetAgencyQuery completed"));
    }

    [Fact]
    public async Task The_idempotency_purge_is_a_hosted_service_that_test_hosts_switch_off()
    {
        await using var defaults = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Idempotency:Purge:Enabled"] = "true",
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
        });
        Assert.Contains(defaults.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Name == "IdempotencyPurge");
        Assert.DoesNotContain(api.Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Name == "IdempotencyPurge");
    }
}
