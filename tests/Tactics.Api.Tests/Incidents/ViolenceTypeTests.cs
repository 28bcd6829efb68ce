using System.Net;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Incidents;

/// <summary>The roadmap's classification of incidents (VIF / VC): a core field of the incident, and a filter of the case list.</summary>
public sealed class ViolenceTypeTests(ApiFixture api)
{
    [Fact]
    public async Task An_incident_carries_its_violence_type_to_every_caller_that_sees_the_incident()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();

        var recorded = await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody().With("violenceType", "partner"))).Json(HttpStatusCode.Created);
        var plain = await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        Assert.Equal("partner", recorded.GetProperty("violenceType").GetString());
        Assert.False(plain.TryGetProperty("violenceType", out _));
        var id = recorded.GetProperty("id").GetGuid();
        Assert.Equal("partner", (await (await police.GetAsync($"/api/v1/cases/{opened.Id}/incidents/{id}")).Json()).GetProperty("violenceType").GetString());
        var list = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/incidents")).Json();
        Assert.Equal(new string?[] { "partner", null }, list.GetProperty("items").EnumerateArray()
            .Select(i => i.TryGetProperty("violenceType", out var type) ? type.GetString() : null));
    }

    [Fact]
    public async Task The_case_list_filters_by_violence_type_within_reach()
    {
        using var police = await api.ClientFor("police-5344");
        var partner = await police.OpenCase();
        await (await police.PostIncident(partner.Id, CaseRequests.IncidentBody().With("violenceType", "partner"))).Json(HttpStatusCode.Created);
        var family = await police.OpenCase();
        await (await police.PostIncident(family.Id, CaseRequests.IncidentBody().With("violenceType", "intrafamily"))).Json(HttpStatusCode.Created);
        var unclassified = await police.OpenCase();
        await (await police.PostIncident(unclassified.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        async Task<List<Guid>> Listed(HttpClient client, string type, OpenedCase of)
        {
            var household = (await police.GetCase(of.Id)).Body.GetProperty("householdId").GetGuid();
            var page = await (await client.GetAsync($"/api/v1/cases?violenceType={type}&householdId={household}")).Json();
            return [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid())];
        }

        Assert.Equal([partner.Id], await Listed(police, "partner", partner));
        Assert.Empty(await Listed(police, "intrafamily", partner));
        Assert.Equal([family.Id], await Listed(police, "intrafamily", family));
        Assert.Empty(await Listed(police, "partner", family));
        Assert.Empty(await Listed(police, "partner", unclassified));
        Assert.Empty(await Listed(police, "intrafamily", unclassified));

        // Within reach only: another zone's police finds nothing, filter or not.
        using var antwerp = await api.ClientFor("police-5345");
        var newest = await (await antwerp.GetAsync("/api/v1/cases?violenceType=partner&limit=200")).Json();
        Assert.DoesNotContain(partner.Id, newest.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_bad_violence_type_is_a_400_naming_it()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();

        await (await police.GetAsync("/api/v1/cases?violenceType=domestic")).AssertValidationProblem("violenceType");
        await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody().With("violenceType", "domestic"))).AssertValidationProblem("violenceType");
        await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody().With("violenceType", JsonValue.Create(3)))).AssertValidationProblem("violenceType");
        Assert.Equal(opened.ETag, (await police.GetCase(opened.Id)).ETag);
    }
}
