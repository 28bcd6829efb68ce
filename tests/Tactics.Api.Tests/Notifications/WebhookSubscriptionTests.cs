using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Notifications;

/// <summary>Subscriptions: the agency's admins only, the secret once, public https receivers only.</summary>
public sealed class WebhookSubscriptionTests(ApiFixture api)
{
    private const string Route = "/api/v1/webhook-subscriptions";
    private static readonly string[] Types = ["custody.released", "custody.release_scheduled", "task.assigned"];

    private static string ReceiverUrl() => $"http://127.0.0.1:{Random.Shared.Next(20000, 60000)}/hooks/{Guid.NewGuid():N}";

    [Theory]
    [InlineData("member")]
    [InlineData("referent")]
    [InlineData("dpo")]
    public async Task Only_an_agency_admin_manages_subscriptions(string role)
    {
        using var client = await api.ClientFor("police-5339", role);
        await (await client.PostAsJsonAsync(Route, new { url = ReceiverUrl(), eventTypes = Types })).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:forbidden");
        await (await client.GetAsync(Route)).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:forbidden");
        await (await client.DeleteAsync($"{Route}/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:forbidden");
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_stored_encrypted()
    {
        using var admin = await api.ClientFor("police-5339", "agency_admin");
        var url = ReceiverUrl();
        var response = await admin.PostAsJsonAsync(Route, new { url, eventTypes = Types });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/webhook-subscriptions/{id}", response.Headers.Location?.OriginalString);
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal(url, created.GetProperty("url").GetString());
        Assert.Equal(Types, created.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("active", created.GetProperty("status").GetString());

        var one = await admin.GetStringAsync($"{Route}/{id}");
        var list = await admin.GetStringAsync($"{Route}?limit=200");
        Assert.DoesNotContain("secret\"", one, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(id.ToString(), list);
        Assert.DoesNotContain(secret["whsec_".Length..], one + list);
        Assert.DoesNotContain("\"secret\"", list);

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<TacticsDbContext>().WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id);
        Assert.DoesNotContain(secret["whsec_".Length..], stored.ProtectedSecret);

        var rotated = await (await admin.PostAsync($"{Route}/{id}/secret-rotation", null)).Content.ReadFromJsonAsync<JsonElement>();
        var next = rotated.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", next);
        Assert.NotEqual(secret, next);
        var afterRotation = await admin.GetFromJsonAsync<JsonElement>($"{Route}/{id}");
        var rotatedAt = afterRotation.GetProperty("secretRotatedAt").GetDateTimeOffset();
        Assert.Equal(rotatedAt + TimeSpan.FromHours(24), afterRotation.GetProperty("previousSecretExpiresAt").GetDateTimeOffset());
        Assert.DoesNotContain(next["whsec_".Length..], await admin.GetStringAsync($"{Route}/{id}"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Route}/{id}")).StatusCode);
        await (await admin.GetAsync($"{Route}/{id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task Another_agencys_subscription_is_a_404_exactly_like_a_missing_one()
    {
        using var owner = await api.ClientFor("sapv-5339", "agency_admin");
        var created = await (await owner.PostAsJsonAsync(Route, new { url = ReceiverUrl(), eventTypes = Types })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        using var other = await api.ClientFor("police-5339", "agency_admin");

        foreach (var target in new[] { id, Guid.NewGuid() })
        {
            await (await other.GetAsync($"{Route}/{target}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            await (await other.DeleteAsync($"{Route}/{target}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            await (await other.PostAsync($"{Route}/{target}/secret-rotation", null)).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            await (await other.GetAsync($"{Route}/{target}/deliveries")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            await (await other.PostAsync($"{Route}/{target}/deliveries/{Guid.NewGuid()}/retry", null)).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }
        Assert.DoesNotContain(id.ToString(), await other.GetStringAsync($"{Route}?limit=200"));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Route}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"{Route}/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://172.16.5.4/hooks")]
    [InlineData("https://172.31.255.1/hooks")]
    [InlineData("https://192.168.1.10/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://0.0.0.0/hooks")]
    [InlineData("https://[fd12:3456::1]/hooks")]
    [InlineData("https://[fe80::1]/hooks")]
    [InlineData("https://[::]/hooks")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks")]
    [InlineData("http://partner.example/tactics/hooks")]
    [InlineData("ftp://partner.example/hooks")]
    [InlineData("not a url")]
    [InlineData("https://user:pass@partner.example/hooks")]
    public async Task Private_link_local_unspecified_and_non_https_receivers_are_refused(string url)
    {
        using var admin = await api.ClientFor("victim-support-refuge-bruxelles", "agency_admin");
        await (await admin.PostAsJsonAsync(Route, new { url, eventTypes = Types })).AssertValidationProblem("url");
    }

    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("http://localhost:8080/hooks")]
    [InlineData("https://[::1]/hooks")]
    public async Task Loopback_receivers_are_refused_unless_configuration_allows_them(string url)
    {
        await using var strict = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
            ["Notifications:Webhooks:AllowLoopback"] = "false",
        });
        using var client = strict.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await api.TokenFor("victim-support-refuge-bruxelles", "agency_admin"));
        await (await client.PostAsJsonAsync(Route, new { url, eventTypes = Types })).AssertValidationProblem("url");

        using var relaxed = await api.ClientFor("victim-support-refuge-bruxelles", "agency_admin");
        var allowed = await relaxed.PostAsJsonAsync(Route, new { url = url.Replace("/hooks", $"/hooks/{Guid.NewGuid():N}"), eventTypes = Types });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var id = (await allowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await relaxed.DeleteAsync($"{Route}/{id}");
    }

    [Fact]
    public async Task Unknown_event_types_missing_fields_and_duplicates_are_refused()
    {
        using var admin = await api.ClientFor("sapv-5339", "agency_admin");
        await (await admin.PostAsJsonAsync(Route, new { url = ReceiverUrl(), eventTypes = new[] { "custody.exploded" } })).AssertValidationProblem("eventTypes[0]");
        await (await admin.PostAsJsonAsync(Route, new { url = ReceiverUrl(), eventTypes = Array.Empty<string>() })).AssertValidationProblem("eventTypes");
        await (await admin.PostAsJsonAsync(Route, new { eventTypes = Types })).AssertValidationProblem("url");

        var url = ReceiverUrl();
        var first = await admin.PostAsJsonAsync(Route, new { url, eventTypes = Types });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await (await admin.PostAsJsonAsync(Route, new { url, eventTypes = Types })).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:duplicate-webhook-subscription");
        await admin.DeleteAsync(first.Headers.Location!.OriginalString);
    }
}
