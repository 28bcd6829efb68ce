using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Households;
using Tactics.Api.Tests.Infrastructure;
using static Tactics.Api.Tests.Households.HouseholdRequests;

namespace Tactics.Api.Tests.Disclosures;

/// <summary>
/// A case a 458bis disclosure opened gives territory to no one but the addressed parquet (DESIGN.md, act 6), though its victim
/// lives in a zone; once the parquet's link suggestion is confirmed and merged, the ordinary rules apply again.
/// </summary>
public sealed class DisclosureConfinementTests(ApiFixture api)
{
    [Fact]
    public async Task A_disclosure_opened_case_reaches_the_addressed_parquet_alone_until_a_confirmed_link_merges_it()
    {
        var couple = Couple.Fresh();
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var disclosed = await cpas.PostAsJsonAsync("/api/v1/disclosures", new JsonObject
        {
            ["victim"] = Person("Sara", couple.LastName, couple.Victim, HouseholdReachTests.Fresh("Rue de la Limite", "1210", "Saint-Josse-ten-Noode")),
            ["author"] = Person("Tom", couple.LastName, couple.Author, null),
            ["reason"] = "Threats to kill with a weapon, repeated this week.",
        });
        var disclosureId = (await disclosed.Json(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        Guid caseId;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
            caseId = await db.Disclosures.AsNoTracking().Where(d => d.Id == disclosureId).Select(d => d.CaseId).SingleAsync();
        }

        using var parquet = await api.ClientFor("parquet-bruxelles", "referent");
        var (body, _) = await parquet.GetCase(caseId);
        var household = body.GetProperty("householdId").GetGuid();
        // The victim lives in zone 5344, yet none of the zone's or the district's other agencies reach the case or its household.
        foreach (var agency in new[] { "police-5344", "sapv-5344", "justice-house-bruxelles", "coordination-olista", "cpas-saint-josse" })
        {
            using var client = await api.ClientFor(agency, "referent");
            await (await client.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            await (await client.GetAsync($"/api/v1/households/{household}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }

        // The zone opens the same couple's case: a suggestion for the parquet, which confirms it; then the zone reaches the case.
        using var police = await api.ClientFor("police-5344", "referent");
        var opened = await police.OpenCase(couple.Body(null));
        var sid = Assert.Single(await parquet.Suggestions(household)).GetProperty("id").GetGuid();
        await (await parquet.PostJson($"/api/v1/households/{household}/link-suggestions/{sid}/confirmation")).Json();
        Assert.Equal(household, await police.HouseholdOf(opened.Id));
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync($"/api/v1/cases/{caseId}")).StatusCode);
    }
}
