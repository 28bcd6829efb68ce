using System.Net;
using System.Text.Json;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Cases;

public sealed class ListCasesTests(ApiFixture api)
{
    private static async Task<List<JsonElement>> All(HttpClient client, string query)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/cases?limit=200&{query}{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null);
        return items;
    }

    [Fact]
    public async Task The_list_holds_the_callers_cases_newest_first_with_core_data_only()
    {
        // An agency of its own (a health service) keeps the count exact while other tests run in parallel.
        using var client = await api.ClientFor("victim-support-refuge-bruxelles");
        var first = await client.OpenCase();
        var second = await client.OpenCase();
        using var other = await api.ClientFor("police-5344");
        var foreign = await other.OpenCase();

        var items = await All(client, "");

        var ids = items.Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(second.Id) < ids.IndexOf(first.Id), "newest first");
        Assert.DoesNotContain(foreign.Id, ids);
        // Other agencies may have shared cases with it by consent; its own are there, the foreign one is not.
        var summary = items.Single(i => i.GetProperty("id").GetGuid() == first.Id);
        Assert.False(summary.TryGetProperty("victim", out _));
        CaseAssertions.AssertWithheld(summary, "facts:consent_required", "risk:consent_required", "judicial:consent_required", "measures:consent_required", "social:consent_required", "health:consent_required", "internal_notes:never_shared");
        Assert.False(summary.TryGetProperty("version", out _));
        Assert.Equal(summary.GetProperty("createdAt").GetDateTimeOffset(), summary.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_gaps_or_repeats()
    {
        using var client = await api.ClientFor("perpetrator-support-praxis");
        var opened = new List<Guid>();
        for (var i = 0; i < 5; i++) opened.Add((await client.OpenCase()).Id);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/cases?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(opened, id => Assert.Contains(id, seen));
        Assert.Equal(opened.AsEnumerable().Reverse(), seen.Where(opened.Contains));
    }

    [Fact]
    public async Task Cases_are_filtered_by_status_risk_level_household_and_zone()
    {
        using var client = await api.ClientFor("police-5344");
        var closed = await client.OpenCase();
        await (await client.PatchCase(closed.Id, """{ "status": "closed", "closedReason": "Transferred." }""", closed.ETag)).Json();
        var critical = await client.OpenCase();
        await (await client.PostRiskAssessment(critical.Id, CaseRequests.RiskBody("yes", "yes", "yes", "yes", "yes"))).Json(HttpStatusCode.Created);

        var closedIds = (await All(client, "status=closed")).Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(closed.Id, closedIds);
        Assert.DoesNotContain(critical.Id, closedIds);

        var criticalIds = (await All(client, "riskLevel=critical&status=open")).Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(critical.Id, criticalIds);
        Assert.DoesNotContain(closed.Id, criticalIds);

        var household = critical.Body.GetProperty("householdId").GetGuid();
        var inHousehold = await All(client, $"householdId={household}");
        Assert.Equal(critical.Id, Assert.Single(inHousehold).GetProperty("id").GetGuid());

        // Zone 5344: the owner is police-5344. Zone 5345: neither the owner nor any incident is there.
        Assert.Contains(critical.Id, (await All(client, "zone=5344")).Select(i => i.GetProperty("id").GetGuid()));
        Assert.DoesNotContain(critical.Id, (await All(client, "zone=5345")).Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_case_of_an_agency_without_zone_and_without_incident_is_in_no_zone()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase();
        Assert.DoesNotContain(opened.Id, (await All(cpas, "zone=5344")).Select(i => i.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("status=pending", "status")]
    [InlineData("riskLevel=extreme", "riskLevel")]
    [InlineData("zone=53", "zone")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=%%%", "cursor")]
    [InlineData("cursor=bm90LWEta2V5", "cursor")]
    [InlineData("cursor=MjUzNDAyMzAwODAwMDAwMDAwXzAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw", "cursor")]
    [InlineData("householdId=not-a-guid", "householdId")]
    public async Task Invalid_filters_are_a_400_naming_them(string query, string field)
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.GetAsync($"/api/v1/cases?{query}")).AssertValidationProblem(field);
    }
}
