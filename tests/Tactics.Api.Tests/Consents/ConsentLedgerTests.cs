using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Consents;

/// <summary>The consent ledger is case data too: each entry for its recorder, its recipient and an owner that sees what it grants.</summary>
public sealed class ConsentLedgerTests(ApiFixture api)
{
    private static async Task<List<JsonElement>> Ledger(HttpClient client, Guid caseId, string query = "")
    {
        var page = await (await client.GetAsync($"/api/v1/cases/{caseId}/consents{query}")).Json();
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private static Task<HttpResponseMessage> Grant(HttpClient recorder, Guid caseId, string recipient, params string[] categories) =>
        recorder.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new JsonObject
        {
            ["recipient"] = SharingKit.ToAgency(recipient),
            ["categories"] = new JsonArray([.. categories.Select(c => (JsonNode)c)]),
            ["purpose"] = "follow_up",
            ["validFrom"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
            ["obtained"] = new JsonObject { ["how"] = "written", ["details"] = "Signed form at the shelter office." },
        });

    [Fact]
    public async Task An_identity_only_recipient_reads_its_own_entry_without_how_it_was_obtained_and_nothing_of_the_others()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        var toPraxis = await police.GrantConsent(opened.Id, SharingKit.ToAgency("perpetrator-support-praxis"), ["identity"]);
        var toShelter = await police.GrantConsent(opened.Id, SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["identity", "contact"]);
        using var praxis = await api.ClientFor("perpetrator-support-praxis");

        var seen = Assert.Single(await Ledger(praxis, opened.Id));
        Assert.Equal(toPraxis, seen.GetProperty("id").GetGuid());
        Assert.False(seen.GetProperty("obtained").TryGetProperty("details", out _));
        Assert.False(seen.TryGetProperty("recordedByUser", out _));
        // That a shelter is involved is not the perpetrator service's to know.
        await (await praxis.GetAsync($"/api/v1/cases/{opened.Id}/consents/{toShelter}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var timeline = await (await praxis.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
        Assert.Single(timeline.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "case.consent_granted");

        // The recorder (here the owner) reads both, with how they were obtained.
        var byOwner = await Ledger(police, opened.Id);
        Assert.Equal([toPraxis, toShelter], byOwner.Select(e => e.GetProperty("id").GetGuid()));
        Assert.All(byOwner, e => Assert.Equal("Signed form.", e.GetProperty("obtained").GetProperty("details").GetString()));
        Assert.All(byOwner, e => Assert.Equal("user-of-police-5344", e.GetProperty("recordedByUser").GetString()));
    }

    [Fact]
    public async Task The_owner_does_not_see_a_consent_to_categories_it_does_not_see()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("health-cpvs-bruxelles"), ["identity"]);
        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        await cpvs.AddRecord(opened.Id, "health", "Findings recorded at the CPVS.");
        var health = await cpvs.GrantConsent(opened.Id, SharingKit.ToAgency("parquet-bruxelles"), ["health"]);

        Assert.DoesNotContain(health, (await Ledger(police, opened.Id)).Select(e => e.GetProperty("id").GetGuid()));
        await (await police.GetAsync($"/api/v1/cases/{opened.Id}/consents/{health}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        using var sapv = await api.ClientFor("sapv-5344");
        Assert.Empty(await Ledger(sapv, opened.Id));

        Assert.Contains(health, (await Ledger(cpvs, opened.Id)).Select(e => e.GetProperty("id").GetGuid()));
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var received = await (await parquet.GetAsync($"/api/v1/cases/{opened.Id}/consents/{health}")).Json();
        Assert.False(received.GetProperty("obtained").TryGetProperty("details", out _));
    }

    [Fact]
    public async Task A_consent_grants_only_the_categories_its_recorder_holds()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();

        // Legal mission holds no social data: the police may not grant it.
        var refused = await (await Grant(police, opened.Id, "cpas-saint-josse", "identity", "social")).AssertValidationProblem("categories");
        Assert.Contains("social", refused.GetProperty("errors").GetProperty("categories")[0].GetString());
        Assert.DoesNotContain("identity", refused.GetProperty("errors").GetProperty("categories")[0].GetString()!.Split(':')[0]);

        // What a consent opened is not the recipient's to pass on.
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        using var cpas = await api.ClientFor("cpas-saint-josse");
        await (await Grant(cpas, opened.Id, "victim-support-refuge-bruxelles", "identity")).AssertValidationProblem("categories");
        await (await Grant(cpas, opened.Id, "victim-support-refuge-bruxelles", "social")).AssertValidationProblem("categories");

        // Its own social record it may share.
        await cpas.AddRecord(opened.Id, "social", "Housing at risk.");
        Assert.Equal(HttpStatusCode.Created, (await Grant(cpas, opened.Id, "victim-support-refuge-bruxelles", "social")).StatusCode);
        // Never to itself.
        await (await Grant(cpas, opened.Id, "cpas-saint-josse", "social")).AssertValidationProblem("recipient.agencyCode");
    }

    [Fact]
    public async Task The_ledger_is_cursor_paged_after_leaving_out_what_the_caller_may_not_see()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        var first = await police.GrantConsent(opened.Id, SharingKit.ToAgency("perpetrator-support-praxis"), ["identity"]);
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["identity"]);
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["contact"]);
        var last = await police.GrantConsent(opened.Id, SharingKit.ToAgency("perpetrator-support-praxis"), ["children"]);
        using var praxis = await api.ClientFor("perpetrator-support-praxis");

        var page1 = await (await praxis.GetAsync($"/api/v1/cases/{opened.Id}/consents?limit=1")).Json();
        Assert.Equal(first, Assert.Single(page1.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var page2 = await (await praxis.GetAsync($"/api/v1/cases/{opened.Id}/consents?limit=1&cursor={page1.GetProperty("nextCursor").GetString()}")).Json();
        Assert.Equal(last, Assert.Single(page2.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.False(page2.TryGetProperty("nextCursor", out _));

        Assert.Equal(4, (await Ledger(police, opened.Id, "?limit=200")).Count);
        Assert.True((await (await police.GetAsync($"/api/v1/cases/{opened.Id}/consents?limit=2")).Json()).TryGetProperty("nextCursor", out _));
        await (await police.GetAsync($"/api/v1/cases/{opened.Id}/consents?limit=0")).AssertValidationProblem("limit");
        await (await police.GetAsync($"/api/v1/cases/{opened.Id}/consents?cursor=not-a-cursor!")).AssertValidationProblem("cursor");
    }

    [Fact]
    public async Task The_recipient_revokes_its_consent_and_only_the_recorder_and_owner_read_why()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        var consent = await police.GrantConsent(opened.Id, SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["identity"]);
        var other = await police.GrantConsent(opened.Id, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        using var refuge = await api.ClientFor("victim-support-refuge-bruxelles");

        // An entry it does not see is one that does not exist.
        await (await refuge.PostAsJsonAsync($"/api/v1/cases/{opened.Id}/consents/{other}/revocation", new { reason = "Not mine." }))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var revoked = await (await refuge.PostAsJsonAsync($"/api/v1/cases/{opened.Id}/consents/{consent}/revocation", new { reason = "Asked by the victim." })).Json();
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.Equal("victim-support-refuge-bruxelles", revoked.GetProperty("revocation").GetProperty("revokedByAgency").GetString());
        Assert.False(revoked.GetProperty("revocation").TryGetProperty("reason", out _));

        var byOwner = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/consents/{consent}")).Json();
        Assert.Equal("Asked by the victim.", byOwner.GetProperty("revocation").GetProperty("reason").GetString());
    }
}
