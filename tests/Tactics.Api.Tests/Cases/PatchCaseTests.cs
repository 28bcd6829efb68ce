using System.Net;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Cases;

/// <summary>PATCH /cases/{id}: a JSON merge patch under If-Match.</summary>
public sealed class PatchCaseTests(ApiFixture api)
{
    [Fact]
    public async Task Changing_the_victims_phone_changes_only_it_and_the_etag()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        var response = await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470654321" } }""", opened.ETag);
        var body = await response.Json();

        Assert.NotEqual(opened.ETag, response.Headers.ETag!.ToString());
        Assert.Equal("+32470654321", body.GetProperty("victim").GetProperty("phone").GetString());
        Assert.Equal("1210", body.GetProperty("victim").GetProperty("address").GetProperty("postcode").GetString());
        Assert.Equal("Amina", body.GetProperty("victim").GetProperty("firstName").GetString());
        Assert.Equal("open", body.GetProperty("status").GetString());
        var (read, etag) = await client.GetCase(opened.Id);
        Assert.Equal(response.Headers.ETag!.ToString(), etag);
        Assert.Equal("+32470654321", read.GetProperty("victim").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Address_members_merge_and_null_clears_optional_ones()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        var body = await (await client.PatchCase(opened.Id,
            """{ "victim": { "phone": null, "address": { "street": "Chaussée de Haecht", "box": null, "postcode": "1030", "commune": "Schaerbeek", "confidential": true } } }""",
            opened.ETag)).Json();

        var victim = body.GetProperty("victim");
        Assert.False(victim.TryGetProperty("phone", out _));
        var address = victim.GetProperty("address");
        Assert.Equal("Chaussée de Haecht", address.GetProperty("street").GetString());
        Assert.Equal("12", address.GetProperty("number").GetString());
        Assert.False(address.TryGetProperty("box", out _));
        Assert.Equal("1030", address.GetProperty("postcode").GetString());
        Assert.True(address.GetProperty("confidential").GetBoolean());

        var cleared = await (await client.PatchCase(opened.Id, """{ "author": { "address": null } }""", (await client.GetCase(opened.Id)).ETag)).Json();
        Assert.False(cleared.GetProperty("author").TryGetProperty("address", out _));
    }

    [Fact]
    public async Task An_incomplete_address_for_a_person_without_one_is_a_400_naming_the_missing_member()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase(CaseRequests.OpenCaseBody().Without("victim.address"));

        var response = await client.PatchCase(opened.Id, """{ "victim": { "address": { "postcode": "1030" } } }""", opened.ETag);

        await response.AssertValidationProblem("victim.address.street");
    }

    [Fact]
    public async Task Closing_requires_a_reason_and_reopening_clears_it()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        await (await client.PatchCase(opened.Id, """{ "status": "closed" }""", opened.ETag)).AssertValidationProblem("closedReason");
        await (await client.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "  " }""", opened.ETag)).AssertValidationProblem("closedReason");

        var closed = await client.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Victim moved abroad; file transferred." }""", opened.ETag);
        var closedBody = await closed.Json();
        Assert.Equal("closed", closedBody.GetProperty("status").GetString());
        Assert.Equal("Victim moved abroad; file transferred.", closedBody.GetProperty("closedReason").GetString());

        var reopened = await (await client.PatchCase(opened.Id, """{ "status": "open" }""", closed.Headers.ETag!.ToString())).Json();
        Assert.Equal("open", reopened.GetProperty("status").GetString());
        Assert.False(reopened.TryGetProperty("closedReason", out _));
    }

    [Fact]
    public async Task A_closed_case_accepts_nothing_but_reopening()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var closed = await client.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Done." }""", opened.ETag);
        var etag = closed.Headers.ETag!.ToString();

        await (await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470000001" } }""", etag)).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:case-closed");
        await (await client.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Again." }""", etag)).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:case-closed");
        await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody())).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:case-closed");
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:case-closed");

        // Reopening and correcting in one patch works.
        var body = await (await client.PatchCase(opened.Id, """{ "status": "open", "victim": { "phone": "+32470000001" } }""", etag)).Json();
        Assert.Equal("+32470000001", body.GetProperty("victim").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Without_if_match_the_patch_is_a_428()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        var response = await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470654321" } }""", ifMatch: null);

        await response.AssertProblem(HttpStatusCode.PreconditionRequired, "urn:tactics:problem:precondition-required");
        Assert.Equal(opened.ETag, (await client.GetCase(opened.Id)).ETag);
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470654321" } }""", opened.ETag)).Json();

        await (await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470999999" } }""", opened.ETag))
            .AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
        await (await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470999999" } }""", "W/\"2\""))
            .AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
        Assert.Equal("+32470654321", (await client.GetCase(opened.Id)).Body.GetProperty("victim").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_one_wins_the_other_gets_412()
    {
        using var first = await api.ClientFor("police-5344");
        using var second = await api.ClientFor("police-5344");
        var opened = await first.OpenCase();

        var responses = await Task.WhenAll(
            first.PatchCase(opened.Id, """{ "victim": { "phone": "+32470111111" } }""", opened.ETag),
            second.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Concurrent close." }""", opened.ETag));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
        await loser.AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(winner.Headers.ETag!.ToString(), (await first.GetCase(opened.Id)).ETag);
        Assert.NotEqual(opened.ETag, winner.Headers.ETag!.ToString());
    }

    [Theory]
    [InlineData("""{ "victim": { "firstName": "Other" } }""", "victim.firstName")]
    [InlineData("""{ "ownerAgency": "police-5339" }""", "ownerAgency")]
    [InlineData("""{ "children": [] }""", "children")]
    [InlineData("""{ "status": null }""", "status")]
    [InlineData("""{ "status": "archived" }""", "status")]
    [InlineData("""{ "closedReason": "No status." }""", "closedReason")]
    [InlineData("""{ "victim": null }""", "victim")]
    [InlineData("""{ "victim": { "phone": 32470 } }""", "victim.phone")]
    [InlineData("""{ "victim": { "phone": "not a phone" } }""", "victim.phone")]
    [InlineData("""{ "victim": { "address": { "postcode": "999" } } }""", "victim.address.postcode")]
    [InlineData("""{ "author": { "address": { "street": "" } } }""", "author.address.street")]
    [InlineData("""{ "author": { "address": { "confidential": null } } }""", "author.address.confidential")]
    [InlineData("""{ "author": { "address": { "floor": 3 } } }""", "author.address.floor")]
    public async Task An_invalid_patch_is_a_400_naming_the_member(string patch, string field)
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        await (await client.PatchCase(opened.Id, patch, opened.ETag)).AssertValidationProblem(field);
        Assert.Equal(opened.ETag, (await client.GetCase(opened.Id)).ETag);
    }

    [Fact]
    public async Task A_patch_of_the_author_of_a_case_without_one_is_a_400()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase(CaseRequests.OpenCaseBody().Without("author"));
        await (await client.PatchCase(opened.Id, """{ "author": { "phone": "+32470000002" } }""", opened.ETag)).AssertValidationProblem("author");
    }

    [Fact]
    public async Task A_patch_that_is_not_a_merge_patch_is_a_415_or_a_400()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        await (await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470654321" } }""", opened.ETag, "application/json"))
            .AssertProblem(HttpStatusCode.UnsupportedMediaType, "urn:tactics:problem:unsupported-media-type");
        await (await client.PatchCase(opened.Id, """[ { "op": "replace" } ]""", opened.ETag))
            .AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:malformed-request");
        await (await client.PatchCase(opened.Id, """{ "victim": """, opened.ETag))
            .AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:malformed-request");
    }

    [Fact]
    public async Task An_empty_patch_changes_nothing()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var response = await client.PatchCase(opened.Id, "{}", opened.ETag);
        await response.Json();
        Assert.Equal(opened.ETag, response.Headers.ETag!.ToString());
    }
}
