using System.Net;
using System.Text.Json;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Agencies;

public sealed class AgencyDirectoryTests(ApiFixture api)
{
    private static readonly string[] DemoCodes =
    [
        "police-5344", "police-5339", "police-5345", "parquet-bruxelles", "parquet-antwerpen", "sapv-5344", "sapv-5339",
        "sapv-5345", "cpas-saint-josse", "health-cpvs-bruxelles", "victim-support-refuge-bruxelles",
        "perpetrator-support-praxis", "justice-house-bruxelles", "coordination-olista",
    ];

    [Fact]
    public async Task The_demo_agencies_are_seeded_with_their_stable_codes()
    {
        using var client = await api.ClientFor("cpas-saint-josse");
        var page = await (await client.GetAsync("/api/v1/agencies?limit=200")).ReadJson<JsonElement>();

        var codes = page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ToList();
        Assert.Equal(DemoCodes.Order(), codes.Order());
        Assert.False(page.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task Agencies_are_filtered_by_kind()
    {
        using var client = await api.ClientFor("police-5344");
        var page = await (await client.GetAsync("/api/v1/agencies?kind=victim_support")).ReadJson<JsonElement>();

        var agency = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("victim-support-refuge-bruxelles", agency.GetProperty("code").GetString());
        Assert.Equal("victim_support", agency.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Agencies_are_filtered_by_the_postcode_they_serve()
    {
        using var client = await api.ClientFor("police-5344");
        var page = await (await client.GetAsync("/api/v1/agencies?postcode=1210&kind=police")).ReadJson<JsonElement>();

        var agency = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("police-5344", agency.GetProperty("code").GetString());

        var all = await (await client.GetAsync("/api/v1/agencies?postcode=1210")).ReadJson<JsonElement>();
        var codes = all.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ToHashSet();
        Assert.Contains("cpas-saint-josse", codes);
        Assert.Contains("sapv-5344", codes);
        Assert.DoesNotContain("police-5345", codes);
    }

    [Fact]
    public async Task One_agency_shows_its_zone_communes_postcodes_and_referent()
    {
        using var client = await api.ClientFor("parquet-bruxelles");
        var response = await client.GetAsync("/api/v1/agencies/police-5344");
        var agency = await response.ReadJson<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("police", agency.GetProperty("kind").GetString());
        Assert.Equal("5344", agency.GetProperty("policeZone").GetString());
        Assert.Equal("bruxelles", agency.GetProperty("judicialDistrict").GetString());
        Assert.Equal(["Schaerbeek", "Saint-Josse-ten-Noode", "Evere"], agency.GetProperty("communes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["1030", "1210", "1140"], agency.GetProperty("postcodes").EnumerateArray().Select(c => c.GetString()));
        Assert.False(string.IsNullOrEmpty(agency.GetProperty("referent").GetProperty("email").GetString()));
    }

    [Fact]
    public async Task An_unknown_agency_is_a_404_problem()
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.GetAsync("/api/v1/agencies/police-0000")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task Pages_follow_the_cursor_to_the_end_without_gaps_or_repeats()
    {
        using var client = await api.ClientFor("police-5344");
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/agencies?limit=4{(cursor is null ? "" : "&cursor=" + cursor)}")).ReadJson<JsonElement>();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("code").GetString()!));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        } while (cursor is not null);

        Assert.Equal(4, pages);
        Assert.Equal(DemoCodes.Order(StringComparer.Ordinal), seen);
    }

    [Theory]
    [InlineData("kind=bakery", "kind")]
    [InlineData("postcode=12", "postcode")]
    [InlineData("postcode=abcd", "postcode")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=%25%25%25", "cursor")]
    public async Task Bad_filters_get_a_400_naming_the_field(string query, string field)
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.GetAsync($"/api/v1/agencies?{query}")).AssertValidationProblem(field);
    }
}
