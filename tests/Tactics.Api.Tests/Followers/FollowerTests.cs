using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Followers;

/// <summary>Following needs a basis that covers the case's events beyond core; an agency follows and unfollows in its own name.</summary>
public sealed class FollowerTests(ApiFixture api)
{
    private static Task<HttpResponseMessage> Follow(HttpClient client, Guid caseId) =>
        client.PostAsJsonAsync($"/api/v1/cases/{caseId}/followers", new { });

    private static async Task<JsonElement[]> Followers(HttpClient client, Guid caseId) =>
        [.. (await (await client.GetAsync($"/api/v1/cases/{caseId}/followers")).Json()).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_police_zone_in_its_territory_follows_a_case_once_however_often_it_asks()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        using var sapv = await api.ClientFor("sapv-5344");

        var first = await Follow(sapv, opened.Id);
        var started = await first.Json(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/cases/{opened.Id}/followers/sapv-5344", first.Headers.Location?.OriginalString);
        var again = await (await Follow(sapv, opened.Id)).Json(HttpStatusCode.OK);

        Assert.Equal("sapv-5344", started.GetProperty("agencyCode").GetString());
        Assert.Equal(started.GetProperty("since").GetDateTimeOffset(), again.GetProperty("since").GetDateTimeOffset());
        var follower = Assert.Single(await Followers(owner, opened.Id));
        // Agency and time only: no user, no personal data.
        Assert.Equal(["agencyCode", "since"], follower.EnumerateObject().Select(p => p.Name));
        Assert.Equal("sapv-5344", follower.GetProperty("agencyCode").GetString());

        // Following is no change of the case file: the case's ETag stays.
        Assert.Equal(opened.ETag, (await owner.GetCase(opened.Id)).ETag);
    }

    [Fact]
    public async Task A_cpas_without_consent_gets_the_404_of_a_case_that_does_not_exist()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        using var cpas = await api.ClientFor("cpas-saint-josse");

        var hidden = await (await Follow(cpas, opened.Id)).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missing = await (await Follow(cpas, Guid.NewGuid())).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        Assert.Equal(missing.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
        Assert.Empty(await Followers(owner, opened.Id));
    }

    [Fact]
    public async Task Coordination_sees_core_only_and_gets_a_403_naming_the_missing_basis()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        using var olista = await api.ClientFor("coordination-olista");
        Assert.Equal(HttpStatusCode.OK, (await olista.GetAsync($"/api/v1/cases/{opened.Id}")).StatusCode);

        var problem = await (await Follow(olista, opened.Id)).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:basis-required");

        Assert.Contains("facts, risk, judicial or measures", problem.GetProperty("detail").GetString());
        Assert.Contains("sees none of them", problem.GetProperty("detail").GetString());
        Assert.Empty(await Followers(owner, opened.Id));
    }

    [Fact]
    public async Task The_owner_follows_its_own_case_even_on_core_alone()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase();

        var followed = await (await Follow(cpas, opened.Id)).Json(HttpStatusCode.Created);

        Assert.Equal("cpas-saint-josse", followed.GetProperty("agencyCode").GetString());
    }

    [Fact]
    public async Task An_agency_unfollows_in_its_own_name_only()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        using var sapv = await api.ClientFor("sapv-5344");
        await (await Follow(owner, opened.Id)).Json(HttpStatusCode.Created);
        await (await Follow(sapv, opened.Id)).Json(HttpStatusCode.Created);

        await (await owner.DeleteAsync($"/api/v1/cases/{opened.Id}/followers/sapv-5344"))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:own-agency-only");
        using var foreign = await api.ClientFor("police-5339");
        await (await foreign.DeleteAsync($"/api/v1/cases/{opened.Id}/followers/police-5339"))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/cases/{opened.Id}/followers/police-5344")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/cases/{opened.Id}/followers/police-5344")).StatusCode);

        Assert.Equal(["sapv-5344"], (await Followers(owner, opened.Id)).Select(f => f.GetProperty("agencyCode").GetString()));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_replays_the_first_answer()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Request() => new(HttpMethod.Post, $"/api/v1/cases/{opened.Id}/followers")
        {
            Content = JsonContent.Create(new { }),
            Headers = { { "Idempotency-Key", key } },
        };

        var first = await (await owner.SendAsync(Request())).Json(HttpStatusCode.Created);
        var replay = await owner.SendAsync(Request());
        var again = await replay.Json(HttpStatusCode.Created);

        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal($"/api/v1/cases/{opened.Id}/followers/police-5344", replay.Headers.Location?.OriginalString);
        Assert.Equal(first.GetProperty("since").GetDateTimeOffset(), again.GetProperty("since").GetDateTimeOffset());
        var one = await (await owner.GetAsync($"/api/v1/cases/{opened.Id}/followers/police-5344")).Json();
        Assert.Equal(first.GetProperty("since").GetDateTimeOffset(), one.GetProperty("since").GetDateTimeOffset());
        await (await owner.GetAsync($"/api/v1/cases/{opened.Id}/followers/sapv-5344")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task Listing_followers_goes_through_the_policy()
    {
        using var owner = await api.ClientFor("police-5344");
        var opened = await owner.OpenCase();
        using var foreign = await api.ClientFor("police-5339");

        await (await foreign.GetAsync($"/api/v1/cases/{opened.Id}/followers")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var page = await (await owner.GetAsync($"/api/v1/cases/{opened.Id}/followers")).Json();
        CaseAssertions.AssertWithheldFromPolice(page);
    }
}
