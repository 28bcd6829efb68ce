using System.Net;
using System.Text.Json;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;
using static Tactics.Api.Tests.Households.HouseholdRequests;

namespace Tactics.Api.Tests.Households;

/// <summary>
/// The household link is case data too (DESIGN.md, "Side records are case data too"): shown only to callers that reach the
/// case by legal mission or reach another case of the household. For anyone else <c>householdId</c> is omitted, the household
/// is a 404 like one that does not exist, <c>?householdId=</c> finds nothing and no <c>case.household_linked</c> appears.
/// </summary>
public sealed class HouseholdLinkVisibilityTests(ApiFixture api)
{
    private const string Linked = "case.household_linked";

    /// <summary>A police case and a SAPV case of one couple: the SAPV's (legal mission) joins the police's household at once.</summary>
    private async Task<(Guid PoliceCase, Guid SapvCase, Guid Household)> JoinedPairAsync(HttpClient police, HttpClient sapv)
    {
        var couple = Couple.Fresh();
        var policeCase = await police.OpenCase(couple.Body(null));
        var sapvCase = await sapv.OpenCase(couple.Body(null));
        Assert.Equal(policeCase.HouseholdId(), sapvCase.HouseholdId());
        return (policeCase.Id, sapvCase.Id, policeCase.HouseholdId());
    }

    private static async Task<List<JsonElement>> ListedCases(HttpClient client)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/cases?limit=200{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        } while (cursor is not null);
        return items;
    }

    [Fact]
    public async Task A_cpas_with_a_consent_on_a_police_case_sees_no_household_link()
    {
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        var (policeCase, sapvCase, household) = await JoinedPairAsync(police, sapv);
        await sapv.GrantConsent(sapvCase, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        using var cpas = await api.ClientFor("cpas-saint-josse", "referent");

        // The case: no householdId, in the case and in the list.
        var (body, _) = await cpas.GetCase(sapvCase);
        Assert.False(body.TryGetProperty("householdId", out _), body.ToString());
        var listed = Assert.Single(await ListedCases(cpas), c => c.GetProperty("id").GetGuid() == sapvCase);
        Assert.False(listed.TryGetProperty("householdId", out _), listed.ToString());

        // The household: the very problem of one that does not exist.
        var unknown = await cpas.GetAsync($"/api/v1/households/{Guid.NewGuid()}");
        var hidden = await cpas.GetAsync($"/api/v1/households/{household}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var (unknownProblem, hiddenProblem) = (await unknown.Json(HttpStatusCode.NotFound), await hidden.Json(HttpStatusCode.NotFound));
        Assert.Equal(unknownProblem.GetProperty("type").GetString(), hiddenProblem.GetProperty("type").GetString());
        Assert.Equal(unknownProblem.GetProperty("detail").GetString(), hiddenProblem.GetProperty("detail").GetString());
        await (await cpas.GetAsync($"/api/v1/households/{household}/merges")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // The filter finds nothing; the timeline has no household entry.
        Assert.Empty(await cpas.CasesOfHousehold(household));
        Assert.DoesNotContain(await cpas.Timeline(sapvCase), e => e.GetProperty("type").GetString() == Linked);

        // The police of the zone, by legal mission, sees all of it.
        Assert.Equal(household, await police.HouseholdOf(sapvCase));
        Assert.Equal(household, Assert.Single(await ListedCases(police), c => c.GetProperty("id").GetGuid() == sapvCase).GetProperty("householdId").GetGuid());
        var seen = await police.GetHousehold(household);
        Assert.Equal(new[] { policeCase, sapvCase }.Order(), seen.GetProperty("caseIds").Guids().Order());
        Assert.Equal(new[] { policeCase, sapvCase }.Order(), (await police.CasesOfHousehold(household)).Order());
        Assert.Contains(await police.Timeline(sapvCase), e => e.GetProperty("type").GetString() == Linked
            && e.GetProperty("householdId").GetGuid() == household);
    }

    [Fact]
    public async Task A_caller_reaching_another_case_of_the_household_sees_the_link()
    {
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        var (policeCase, sapvCase, household) = await JoinedPairAsync(police, sapv);
        await police.GrantConsent(policeCase, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        await sapv.GrantConsent(sapvCase, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        using var cpas = await api.ClientFor("cpas-saint-josse");

        Assert.Equal(household, await cpas.HouseholdOf(policeCase));
        Assert.Equal(household, await cpas.HouseholdOf(sapvCase));
        Assert.Equal(new[] { policeCase, sapvCase }.Order(), (await cpas.GetHousehold(household)).GetProperty("caseIds").Guids().Order());
        Assert.Equal(new[] { policeCase, sapvCase }.Order(), (await cpas.CasesOfHousehold(household)).Order());
        Assert.Contains(await cpas.Timeline(sapvCase), e => e.GetProperty("type").GetString() == Linked);
    }

    [Fact]
    public async Task An_opener_without_legal_mission_sees_no_household_of_its_own_case()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase(Couple.Fresh().Body(null));
        var household = await api.StoredHouseholdOf(opened.Id);

        Assert.False(opened.Body.TryGetProperty("householdId", out _), opened.Body.ToString());
        Assert.False((await cpas.GetCase(opened.Id)).Body.TryGetProperty("householdId", out _));
        await (await cpas.GetAsync($"/api/v1/households/{household}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Empty(await cpas.CasesOfHousehold(household));
    }
}
