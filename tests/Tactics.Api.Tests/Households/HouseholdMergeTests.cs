using System.Net;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using static Tactics.Api.Tests.Households.HouseholdRequests;

namespace Tactics.Api.Tests.Households;

/// <summary>Merges by a referent, with a reason; undone exactly; refused to anyone else.</summary>
public sealed class HouseholdMergeTests(ApiFixture api)
{
    [Fact]
    public async Task A_referent_merges_two_households_with_a_reason_and_reads_the_merge_back()
    {
        using var client = await api.ClientFor("police-5344", "referent");
        var moved = await client.OpenCase(Couple.Fresh().Body(null));
        var kept = await client.OpenCase(Couple.Fresh().Body(null));
        var key = Guid.NewGuid().ToString();

        var response = await client.Merge(kept.HouseholdId(), moved.HouseholdId(), "Same couple, moved from Antwerp.", key);
        var merge = await response.Json(HttpStatusCode.Created);

        var mergeId = merge.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/households/{kept.HouseholdId()}/merges/{mergeId}", response.Headers.Location!.OriginalString);
        Assert.Equal("manual", merge.GetProperty("kind").GetString());
        Assert.Equal("Same couple, moved from Antwerp.", merge.GetProperty("reason").GetString());
        Assert.Equal(kept.HouseholdId(), merge.GetProperty("householdId").GetGuid());
        Assert.Equal(moved.HouseholdId(), merge.GetProperty("otherHouseholdId").GetGuid());
        Assert.Equal([moved.Id], merge.GetProperty("movedCaseIds").Guids());
        Assert.False(merge.TryGetProperty("suggestionId", out _));
        Assert.Equal(merge.ToString(), (await (await client.GetAsync(response.Headers.Location!.OriginalString)).Json()).ToString());
        Assert.Equal(merge.ToString(),
            Assert.Single((await (await client.GetAsync($"/api/v1/households/{moved.HouseholdId()}/merges")).Json()).GetProperty("items").EnumerateArray()).ToString());

        // The case moved: its own answer, the household view and the case list filtered by household agree.
        var (movedCase, etag) = await client.GetCase(moved.Id);
        Assert.Equal(kept.HouseholdId(), movedCase.GetProperty("householdId").GetGuid());
        Assert.NotEqual(moved.ETag, etag);
        Assert.Equal(new[] { moved.Id, kept.Id }.Order(), (await client.CasesOfHousehold(kept.HouseholdId())).Order());

        // A retry with the same key replays the merge; the same key with another body is a conflict.
        var replay = await client.Merge(kept.HouseholdId(), moved.HouseholdId(), "Same couple, moved from Antwerp.", key);
        Assert.True(replay.StatusCode == HttpStatusCode.Created, $"The replay answered {(int)replay.StatusCode}: {await replay.Content.ReadAsStringAsync()}");
        Assert.Equal(response.Headers.Location, replay.Headers.Location);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        await (await client.Merge(kept.HouseholdId(), moved.HouseholdId(), "Another reason.", key))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:idempotency-key-reused");
        // Without the key, merging an absorbed household again is a conflict.
        await (await client.Merge(kept.HouseholdId(), moved.HouseholdId(), "Again."))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:household-merged");
    }

    [Fact]
    public async Task An_undo_restores_each_case_exactly_and_waits_for_a_later_merge_to_be_undone_first()
    {
        using var client = await api.ClientFor("police-5344", "referent");
        var a = await client.OpenCase(Couple.Fresh().Body(null));
        var b = await client.OpenCase(Couple.Fresh().Body(null));
        var c = await client.OpenCase(Couple.Fresh().Body(null));
        var (ha, hb, hc) = (a.HouseholdId(), b.HouseholdId(), c.HouseholdId());

        var first = (await (await client.Merge(hb, ha, "A and B are one couple.")).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var second = (await (await client.Merge(hc, hb, "B and C are one couple.")).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(), (await client.CasesOfHousehold(hc)).Order());

        await (await client.PostJson($"/api/v1/households/{hb}/merges/{first}/undo", new { reason = "Too early." }))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:merge-superseded");
        await (await client.PostJson($"/api/v1/households/{hb}/merges/{first}/undo", new { reason = " " })).AssertValidationProblem("reason");

        await client.Undo(hc, second);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), (await client.CasesOfHousehold(hb)).Order());
        Assert.Equal([c.Id], await client.CasesOfHousehold(hc));
        await client.Undo(hb, first);
        Assert.Equal([a.Id], await client.CasesOfHousehold(ha));
        Assert.Equal([b.Id], await client.CasesOfHousehold(hb));
        Assert.Equal(ha, await client.HouseholdOf(a.Id));

        var merges = (await (await client.GetAsync($"/api/v1/households/{hb}/merges")).Json()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([second, first], merges.Select(m => m.GetProperty("id").GetGuid()));
        Assert.All(merges, m => Assert.True(m.TryGetProperty("undo", out _)));
    }

    [Fact]
    public async Task A_case_left_away_from_its_pair_by_an_undo_joins_the_pair_on_its_next_incident()
    {
        using var client = await api.ClientFor("police-5344", "referent");
        var couple = Couple.Fresh();
        var first = await client.OpenCase(couple.Body(null));
        var other = await client.OpenCase(Couple.Fresh().Body(null));
        var mergeId = (await (await client.Merge(other.HouseholdId(), first.HouseholdId(), "One family.")).Json(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        // The pair's next case joins the household its first case is in now; the undo moves back only what the merge moved.
        var next = await client.OpenCase(couple.Body(null));
        Assert.Equal(other.HouseholdId(), next.HouseholdId());
        await client.Undo(other.HouseholdId(), mergeId);
        Assert.Equal(other.HouseholdId(), await client.HouseholdOf(next.Id));

        var recorded = await client.PostIncident(next.Id, CaseRequests.IncidentBody());
        await recorded.Json(HttpStatusCode.Created);

        Assert.Equal(first.HouseholdId(), await client.HouseholdOf(next.Id));
        Assert.Equal((await client.GetCase(next.Id)).ETag, recorded.Headers.ETag!.ToString());
        Assert.Equal(new[] { first.HouseholdId(), other.HouseholdId() }.Order(), (await client.Timeline(next.Id))
            .Where(e => e.GetProperty("type").GetString() == "case.household_linked").Select(e => e.GetProperty("householdId").GetGuid()).Order());
        Assert.Equal(new[] { first.Id, next.Id }.Order(), (await client.CasesOfHousehold(first.HouseholdId())).Order());
    }

    [Fact]
    public async Task Only_a_referent_handles_suggestions_and_merges()
    {
        using var member = await api.ClientFor("police-5344", "member");
        var (number, box) = FreshDwelling();
        var address = Address("Rue de Laeken", number, box, "1000", "Bruxelles");
        var first = await member.OpenCase(Couple.Fresh().Body(address));
        var second = await member.OpenCase(Couple.Fresh().Body(address));
        var household = second.HouseholdId();

        // Any role reads the household itself.
        Assert.Equal([second.Id], (await member.GetHousehold(household)).GetProperty("caseIds").Guids());

        using var referent = await api.ClientFor("police-5344", "referent");
        var sid = Assert.Single(await referent.Suggestions(household)).GetProperty("id").GetGuid();
        var merged = await (await referent.Merge(household, first.HouseholdId(), "One couple.")).Json(HttpStatusCode.Created);
        var mergeId = merged.GetProperty("id").GetGuid();

        var refused = new[]
        {
            await member.GetAsync($"/api/v1/households/{household}/link-suggestions"),
            await member.GetAsync($"/api/v1/households/{household}/link-suggestions/{sid}"),
            await member.PostJson($"/api/v1/households/{household}/link-suggestions/{sid}/confirmation"),
            await member.PostJson($"/api/v1/households/{household}/link-suggestions/{sid}/rejection", new { reason = "No." }),
            await member.Merge(household, first.HouseholdId(), "One couple."),
            await member.GetAsync($"/api/v1/households/{household}/merges"),
            await member.GetAsync($"/api/v1/households/{household}/merges/{mergeId}"),
            await member.PostJson($"/api/v1/households/{household}/merges/{mergeId}/undo", new { reason = "No." }),
        };
        foreach (var response in refused)
        {
            await response.AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:role-required");
        }
        Assert.Equal(household, await member.HouseholdOf(first.Id));
    }

    [Fact]
    public async Task A_merge_names_the_field_it_cannot_accept()
    {
        using var client = await api.ClientFor("police-5344", "referent");
        using var antwerp = await api.ClientFor("police-5345", "referent");
        var mine = await client.OpenCase(Couple.Fresh().Body(null));
        var other = await client.OpenCase(Couple.Fresh().Body(null));
        var notMine = await antwerp.OpenCase(Couple.Fresh().Body(null));
        var household = mine.HouseholdId();

        await (await client.Merge(household, other.HouseholdId(), null)).AssertValidationProblem("reason");
        await (await client.Merge(household, other.HouseholdId(), "   ")).AssertValidationProblem("reason");
        await (await client.Merge(household, other.HouseholdId(), new string('x', 1001))).AssertValidationProblem("reason");
        await (await client.Merge(household, null, "One couple.")).AssertValidationProblem("otherHouseholdId");
        await (await client.Merge(household, household, "One couple.")).AssertValidationProblem("otherHouseholdId");
        // An unknown household and one the caller does not reach get the same answer.
        var unknown = await (await client.Merge(household, Guid.NewGuid(), "One couple.")).AssertValidationProblem("otherHouseholdId");
        var unreached = await (await client.Merge(household, notMine.HouseholdId(), "One couple.")).AssertValidationProblem("otherHouseholdId");
        Assert.Equal(unknown.GetProperty("errors").ToString(), unreached.GetProperty("errors").ToString());
        await (await client.PostJson($"/api/v1/households/{household}/merges", "not an object")).AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:malformed-request");

        await (await client.Merge(Guid.NewGuid(), household, "One couple.")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await client.GetAsync($"/api/v1/households/{household}/merges/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await client.GetAsync($"/api/v1/households/{household}/link-suggestions/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await client.GetAsync($"/api/v1/households/{household}/link-suggestions?status=maybe")).AssertValidationProblem("status");
        // Nothing moved.
        Assert.Equal([mine.Id], await client.CasesOfHousehold(household));
        Assert.Equal(other.HouseholdId(), await client.HouseholdOf(other.Id));
    }
}
