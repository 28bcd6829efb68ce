using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Agencies;

/// <summary>An agency's admin keeps its referents (postcodes to user ids) and its functional contact current; no one else may.</summary>
public sealed class AgencyReferentTests(ApiFixture api)
{
    private static JsonObject Mapping(params (string UserId, string[] Postcodes)[] referents) => new()
    {
        ["referents"] = new JsonArray([.. referents.Select(r => (JsonNode)new JsonObject
        {
            ["userId"] = r.UserId,
            ["function"] = "DV referent",
            ["postcodes"] = new JsonArray([.. r.Postcodes.Select(p => (JsonNode)p)]),
        })]),
    };

    private static Task<HttpResponseMessage> Patch(HttpClient client, string code, string mergePatch) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/agencies/{code}")
        {
            Content = new StringContent(mergePatch, Encoding.UTF8, "application/merge-patch+json"),
        });

    [Fact]
    public async Task The_agency_admin_replaces_its_referent_mapping_and_others_get_403()
    {
        using var admin = await api.ClientFor("cpas-saint-josse", "agency_admin");
        var body = await (await admin.PutAsJsonAsync("/api/v1/agencies/cpas-saint-josse/referents", Mapping(("cpas-dv-0007", ["1210"])))).Json();
        Assert.Equal("cpas-saint-josse", body.GetProperty("agencyCode").GetString());
        var referent = Assert.Single(body.GetProperty("referents").EnumerateArray());
        Assert.Equal(("cpas-dv-0007", "DV referent"), (referent.GetProperty("userId").GetString(), referent.GetProperty("function").GetString()));
        Assert.Equal(["1210"], referent.GetProperty("postcodes").Strings());

        // The whole mapping is replaced.
        body = await (await admin.PutAsJsonAsync("/api/v1/agencies/cpas-saint-josse/referents", Mapping(("cpas-dv-0009", ["1210"]), ("cpas-dv-0010", ["1030"])))).Json();
        Assert.Equal(["cpas-dv-0009", "cpas-dv-0010"], body.GetProperty("referents").EnumerateArray().Select(r => r.GetProperty("userId").GetString()));

        using var member = await api.ClientFor("cpas-saint-josse");
        await (await member.PutAsJsonAsync("/api/v1/agencies/cpas-saint-josse/referents", Mapping(("x", ["1210"]))))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:role-required");
        using var otherAdmin = await api.ClientFor("police-5344", "agency_admin");
        await (await otherAdmin.PutAsJsonAsync("/api/v1/agencies/cpas-saint-josse/referents", Mapping(("x", ["1210"]))))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:own-agency-only");
    }

    [Theory]
    [InlineData("""{ }""", "referents")]
    [InlineData("""{ "referents": [ { "function": "EVA referent", "postcodes": ["1210"] } ] }""", "referents[0].userId")]
    [InlineData("""{ "referents": [ { "userId": "eva-1", "function": "EVA referent", "postcodes": [] } ] }""", "referents[0].postcodes")]
    [InlineData("""{ "referents": [ { "userId": "eva-1", "function": "EVA referent", "postcodes": ["12100"] } ] }""", "referents[0].postcodes[0]")]
    [InlineData("""{ "referents": [ { "userId": "eva-1", "postcodes": ["1210"] } ] }""", "referents[0].function")]
    [InlineData("""{ "referents": [ { "userId": "eva-1", "function": "EVA", "postcodes": ["1210"] }, { "userId": "eva-2", "function": "EVA", "postcodes": ["1210"] } ] }""", "referents")]
    public async Task A_mapping_is_validated_field_by_field(string body, string field)
    {
        using var admin = await api.ClientFor("police-5339", "agency_admin");
        await (await admin.PutAsync("/api/v1/agencies/police-5339/referents", new StringContent(body, Encoding.UTF8, "application/json")))
            .AssertValidationProblem(field);
    }

    [Fact]
    public async Task The_agency_admin_edits_its_functional_contact_and_hours_and_the_directory_shows_them()
    {
        using var admin = await api.ClientFor("victim-support-refuge-bruxelles", "agency_admin");
        var before = await (await admin.GetAsync("/api/v1/agencies/victim-support-refuge-bruxelles")).Json();
        try
        {
            var edited = await (await Patch(admin, "victim-support-refuge-bruxelles",
                """{ "referent": { "email": "accueil@refuge.example", "phone": "+3222000000" }, "hours": "Mon–Fri 8:00–18:00" }""")).Json();
            Assert.Equal("Mon–Fri 8:00–18:00", edited.GetProperty("hours").GetString());
            Assert.Equal("accueil@refuge.example", edited.GetProperty("referent").GetProperty("email").GetString());
            Assert.Equal("+3222000000", edited.GetProperty("referent").GetProperty("phone").GetString());
            // A member left out keeps its value.
            Assert.Equal(before.GetProperty("referent").GetProperty("function").GetString(), edited.GetProperty("referent").GetProperty("function").GetString());
            using var anyone = await api.ClientFor("police-5344");
            Assert.Equal(edited.ToString(), (await (await anyone.GetAsync("/api/v1/agencies/victim-support-refuge-bruxelles")).Json()).ToString());

            await (await Patch(admin, "victim-support-refuge-bruxelles", """{ "referent": { "email": "not-an-email" } }""")).AssertValidationProblem("referent.email");
            await (await Patch(admin, "victim-support-refuge-bruxelles", """{ "hours": "" }""")).AssertValidationProblem("hours");
            using var member = await api.ClientFor("victim-support-refuge-bruxelles");
            await (await Patch(member, "victim-support-refuge-bruxelles", """{ "hours": "Never" }""")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:role-required");
            using var otherAdmin = await api.ClientFor("police-5344", "agency_admin");
            await (await Patch(otherAdmin, "victim-support-refuge-bruxelles", """{ "hours": "Never" }""")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:own-agency-only");
        }
        finally
        {
            var referent = before.GetProperty("referent");
            await (await Patch(admin, "victim-support-refuge-bruxelles", new JsonObject
            {
                ["referent"] = new JsonObject { ["email"] = referent.GetProperty("email").GetString(), ["phone"] = referent.GetProperty("phone").GetString() },
                ["hours"] = before.GetProperty("hours").GetString(),
            }.ToJsonString())).Json();
        }
    }
}
