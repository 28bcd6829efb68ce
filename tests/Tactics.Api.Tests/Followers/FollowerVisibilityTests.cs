using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Followers;

/// <summary>A follower entry is for the follower, and for the owner when it sees what that follower's basis covers.</summary>
public sealed class FollowerVisibilityTests(ApiFixture api)
{
    private static async Task<List<string?>> Followers(HttpClient client, Guid caseId, string query = "") =>
        [.. (await (await client.GetAsync($"/api/v1/cases/{caseId}/followers{query}")).Json()).GetProperty("items").EnumerateArray()
            .Select(f => f.GetProperty("agencyCode").GetString())];

    [Fact]
    public async Task An_owner_without_the_followers_categories_does_not_learn_who_follows()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase();
        using var sapv = await api.ClientFor("sapv-5344");
        await (await sapv.PostAsJsonAsync($"/api/v1/cases/{opened.Id}/followers", new { })).Json(HttpStatusCode.Created);

        // The SAPV follows by legal mission (facts, judicial...): the CPAS, which sees none of that, is not told.
        Assert.Empty(await Followers(cpas, opened.Id));
        await (await cpas.GetAsync($"/api/v1/cases/{opened.Id}/followers/sapv-5344")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        // Nor is another agency that sees the case but is neither the follower nor the owner.
        using var police = await api.ClientFor("police-5344");
        Assert.Empty(await Followers(police, opened.Id));
        // The follower sees its own entry.
        Assert.Equal(["sapv-5344"], await Followers(sapv, opened.Id));
    }

    [Fact]
    public async Task Followers_are_filtered_before_paging()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase();
        await (await cpas.PostAsJsonAsync($"/api/v1/cases/{opened.Id}/followers", new { })).Json(HttpStatusCode.Created);
        using var police = await api.ClientFor("police-5344");
        await (await police.PostAsJsonAsync($"/api/v1/cases/{opened.Id}/followers", new { })).Json(HttpStatusCode.Created);
        using var sapv = await api.ClientFor("sapv-5344");
        await (await sapv.PostAsJsonAsync($"/api/v1/cases/{opened.Id}/followers", new { })).Json(HttpStatusCode.Created);

        // By code: cpas-saint-josse, police-5344, sapv-5344. The police sees its own entry only, on a first page with no cursor.
        var page = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/followers?limit=1")).Json();
        Assert.Equal("police-5344", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("agencyCode").GetString());
        Assert.False(page.TryGetProperty("nextCursor", out _));
        // The owner sees itself, not the two whose legal mission covers what it does not see.
        Assert.Equal(["cpas-saint-josse"], await Followers(cpas, opened.Id, "?limit=1"));
    }
}
