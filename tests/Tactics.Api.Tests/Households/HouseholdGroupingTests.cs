using System.Net;
using System.Text.Json;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;
using static Tactics.Api.Tests.Households.HouseholdRequests;

namespace Tactics.Api.Tests.Households;

/// <summary>Household grouping across zones: joins by victim–author pair, suggestions by address or by name and birth date.</summary>
public sealed class HouseholdGroupingTests(ApiFixture api)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_Antwerp_couple_with_an_incident_in_Brussels_ends_up_in_one_household_whichever_zone_reports_first(bool antwerpFirst)
    {
        using var antwerp = await api.ClientFor("police-5345");
        using var brussels = await api.ClientFor("police-5344");
        var couple = Couple.Fresh();
        var (number, box) = FreshDwelling();
        var home = Address("Meir", number, box, "2000", "Antwerpen");

        async Task<OpenedCase> OpenInAntwerp() => await antwerp.OpenCase(couple.Body(home, home));
        async Task<OpenedCase> OpenInBrusselsWithIncident()
        {
            var opened = await brussels.OpenCase(couple.Body(home, home));
            await (await brussels.PostIncident(opened.Id, CaseRequests.IncidentBody(zone: "5344"))).Json(HttpStatusCode.Created);
            return opened;
        }

        OpenedCase first, second;
        if (antwerpFirst)
        {
            first = await OpenInAntwerp();
            second = await OpenInBrusselsWithIncident();
        }
        else
        {
            first = await OpenInBrusselsWithIncident();
            second = await OpenInAntwerp();
        }
        var (firstClient, secondClient) = antwerpFirst ? (antwerp, brussels) : (brussels, antwerp);

        // The later case joined the first one's household at once, and said so in its answer and its timeline.
        var household = first.HouseholdId();
        Assert.Equal(household, second.HouseholdId());
        Assert.Equal(household, await firstClient.HouseholdOf(first.Id));
        Assert.Equal(household, await secondClient.HouseholdOf(second.Id));
        CaseAssertions.AssertETag(second.ETag);
        var linked = Assert.Single(await secondClient.Timeline(second.Id), e => e.GetProperty("type").GetString() == "case.household_linked");
        Assert.Equal(household, linked.GetProperty("householdId").GetGuid());
        Assert.DoesNotContain(await firstClient.Timeline(first.Id), e => e.GetProperty("type").GetString() == "case.household_linked");

        // Legal mission reaches every case of a household it reaches one of: both zones now see both files.
        var seenByAntwerp = await antwerp.GetHousehold(household);
        var seenByBrussels = await brussels.GetHousehold(household);
        var both = new[] { first.Id, second.Id }.Order().ToArray();
        Assert.Equal(both, seenByAntwerp.GetProperty("caseIds").Guids().Order());
        Assert.Equal(both, seenByBrussels.GetProperty("caseIds").Guids().Order());
        // And the Brussels zone reads the Antwerp file itself, by legal mission.
        Assert.Equal(HttpStatusCode.OK, (await brussels.GetAsync($"/api/v1/cases/{(antwerpFirst ? first.Id : second.Id)}")).StatusCode);
        Assert.Equal(household, seenByBrussels.GetProperty("id").GetGuid());
        Assert.False(seenByBrussels.TryGetProperty("mergedInto", out _));
        // A join is not a suggestion: nothing is left for a referent to decide.
        using var referent = await api.ClientFor("police-5344", "referent");
        Assert.Empty(await referent.Suggestions(household));
    }

    [Fact]
    public async Task Cases_of_one_pair_opened_at_the_same_time_in_two_zones_share_one_household()
    {
        using var antwerp = await api.ClientFor("police-5345");
        using var brussels = await api.ClientFor("police-5344");
        var couple = Couple.Fresh();

        var opened = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? antwerp : brussels).OpenCase(couple.Body(null))));

        Assert.Single(opened.Select(c => c.HouseholdId()).Distinct());
    }

    [Fact]
    public async Task The_same_pair_in_the_other_role_order_joins_too()
    {
        using var client = await api.ClientFor("police-5344");
        var couple = Couple.Fresh();
        var first = await client.OpenCase(couple.Body(null));
        var counterComplaint = await client.OpenCase(couple.Body(null, swapped: true));
        Assert.Equal(first.HouseholdId(), counterComplaint.HouseholdId());
    }

    [Fact]
    public async Task The_same_victim_with_another_author_is_not_joined()
    {
        using var client = await api.ClientFor("police-5344");
        var couple = Couple.Fresh();
        var first = await client.OpenCase(couple.Body(null));
        var other = await client.OpenCase((couple with { Author = NationalNumbers.Fresh() }).Body(null));
        Assert.NotEqual(first.HouseholdId(), other.HouseholdId());
    }

    [Fact]
    public async Task The_same_address_in_French_and_Dutch_is_a_suggestion_which_a_confirmation_merges_and_an_undo_restores()
    {
        using var client = await api.ClientFor("police-5344", "referent");
        var (number, box) = FreshDwelling();
        var french = await client.OpenCase(Couple.Fresh().Body(Address("Rue de la Loi", number, box, "1040", "Etterbeek")));
        // The Dutch name, with the number and the box written in the street line.
        var dutch = await client.OpenCase(Couple.Fresh().Body(null, Address($"Wetstraat {number} bus {box}", null, null, "1040", "Etterbeek")));
        var (frenchHousehold, dutchHousehold) = (french.HouseholdId(), dutch.HouseholdId());
        Assert.NotEqual(frenchHousehold, dutchHousehold);

        // A suggestion, seen from both households: ids, a reason code and a status, never what matched.
        var suggestion = Assert.Single(await client.Suggestions(dutchHousehold));
        Assert.Equal(dutchHousehold, suggestion.GetProperty("householdId").GetGuid());
        Assert.Equal(frenchHousehold, suggestion.GetProperty("otherHouseholdId").GetGuid());
        Assert.Equal("same_address", suggestion.GetProperty("reason").GetString());
        Assert.Equal("pending", suggestion.GetProperty("status").GetString());
        Assert.DoesNotContain(number, suggestion.ToString());
        Assert.DoesNotContain("Wetstraat", suggestion.ToString(), StringComparison.OrdinalIgnoreCase);
        var sid = suggestion.GetProperty("id").GetGuid();
        var fromFrench = Assert.Single(await client.Suggestions(frenchHousehold));
        Assert.Equal(sid, fromFrench.GetProperty("id").GetGuid());
        Assert.Equal(dutchHousehold, fromFrench.GetProperty("otherHouseholdId").GetGuid());
        Assert.Equal(sid, (await (await client.GetAsync($"/api/v1/households/{dutchHousehold}/link-suggestions/{sid}")).Json()).GetProperty("id").GetGuid());

        // Confirmed: the French household is merged into the Dutch one.
        var confirmed = await (await client.PostJson($"/api/v1/households/{dutchHousehold}/link-suggestions/{sid}/confirmation")).Json();
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal("police-5344", confirmed.GetProperty("decidedByAgency").GetString());
        var mergeId = confirmed.GetProperty("mergeId").GetGuid();

        Assert.Equal(dutchHousehold, await client.HouseholdOf(french.Id));
        Assert.Equal([french.Id, dutch.Id], (await client.GetHousehold(dutchHousehold)).GetProperty("caseIds").Guids());
        Assert.Equal(new[] { french.Id, dutch.Id }.Order(), (await client.CasesOfHousehold(dutchHousehold)).Order());
        Assert.Empty(await client.CasesOfHousehold(frenchHousehold));
        var absorbed = await client.GetHousehold(frenchHousehold);
        Assert.Empty(absorbed.GetProperty("caseIds").EnumerateArray());
        Assert.Equal(dutchHousehold, absorbed.GetProperty("mergedInto").GetProperty("householdId").GetGuid());
        Assert.Equal(mergeId, absorbed.GetProperty("mergedInto").GetProperty("mergeId").GetGuid());
        var linked = Assert.Single(await client.Timeline(french.Id), e => e.GetProperty("type").GetString() == "case.household_linked");
        Assert.Equal(dutchHousehold, linked.GetProperty("householdId").GetGuid());

        var merge = Assert.Single((await (await client.GetAsync($"/api/v1/households/{dutchHousehold}/merges")).Json()).GetProperty("items").EnumerateArray());
        Assert.Equal(mergeId, merge.GetProperty("id").GetGuid());
        Assert.Equal("confirmed_suggestion", merge.GetProperty("kind").GetString());
        Assert.Equal("Confirmed suggestion", merge.GetProperty("reason").GetString());
        Assert.Equal(sid, merge.GetProperty("suggestionId").GetGuid());
        Assert.Equal(frenchHousehold, merge.GetProperty("otherHouseholdId").GetGuid());
        Assert.Equal([french.Id], merge.GetProperty("movedCaseIds").Guids());
        Assert.Equal("police-5344", merge.GetProperty("merged").GetProperty("agency").GetString());
        Assert.Equal("user-of-police-5344", merge.GetProperty("merged").GetProperty("userId").GetString());
        Assert.False(merge.TryGetProperty("undo", out _));
        // Confirming twice is a conflict, not a second merge.
        await (await client.PostJson($"/api/v1/households/{dutchHousehold}/link-suggestions/{sid}/confirmation"))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:suggestion-not-pending");

        // Undone: the French case is back in its household, which holds it again, and the suggestion is pending again.
        var undone = await client.Undo(dutchHousehold, mergeId, "Two couples in one building.");
        Assert.Equal("Two couples in one building.", undone.GetProperty("undo").GetProperty("reason").GetString());
        Assert.Equal("police-5344", undone.GetProperty("undo").GetProperty("undone").GetProperty("agency").GetString());
        Assert.Equal(frenchHousehold, await client.HouseholdOf(french.Id));
        Assert.Equal(dutchHousehold, await client.HouseholdOf(dutch.Id));
        Assert.Equal([french.Id], await client.CasesOfHousehold(frenchHousehold));
        Assert.Equal([dutch.Id], await client.CasesOfHousehold(dutchHousehold));
        Assert.False((await client.GetHousehold(frenchHousehold)).TryGetProperty("mergedInto", out _));
        Assert.Equal("pending", Assert.Single(await client.Suggestions(dutchHousehold)).GetProperty("status").GetString());
        var events = await client.Timeline(french.Id);
        Assert.Equal([dutchHousehold, frenchHousehold],
            events.Where(e => e.GetProperty("type").GetString() == "case.household_linked").Select(e => e.GetProperty("householdId").GetGuid()));
        await (await client.PostJson($"/api/v1/households/{dutchHousehold}/merges/{mergeId}/undo", new { reason = "Again." }))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:merge-already-undone");
    }

    [Fact]
    public async Task The_same_name_and_birth_date_is_a_suggestion()
    {
        using var client = await api.ClientFor("police-5344", "referent");
        var couple = Couple.Fresh();
        var first = await client.OpenCase(couple.Body(null));
        // The same victim, known by name and birth date only, with an author of her own.
        var body = couple.Body(null);
        body["victim"]!.AsObject().Remove("nationalNumber");
        body["author"] = Person("Ivo", NationalNumbers.FreshName("Other"), NationalNumbers.Fresh(), null);
        var second = await client.OpenCase(body);

        Assert.NotEqual(first.HouseholdId(), second.HouseholdId());
        var suggestion = Assert.Single(await client.Suggestions(second.HouseholdId()));
        Assert.Equal("same_name_and_birth_date", suggestion.GetProperty("reason").GetString());
        Assert.Equal(first.HouseholdId(), suggestion.GetProperty("otherHouseholdId").GetGuid());
        Assert.DoesNotContain(couple.LastName, suggestion.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_confidential_address_is_never_matched(bool confidentialFirst)
    {
        using var client = await api.ClientFor("police-5344", "referent");
        var (number, box) = FreshDwelling();
        var open = Address("Chaussée de Haecht", number, box, "1030", "Schaerbeek");
        var shelter = Address("Chaussée de Haecht", number, box, "1030", "Schaerbeek", confidential: true);

        var first = await client.OpenCase(Couple.Fresh().Body(confidentialFirst ? shelter : open));
        var second = await client.OpenCase(Couple.Fresh().Body(confidentialFirst ? open : shelter));

        Assert.NotEqual(first.HouseholdId(), second.HouseholdId());
        Assert.Empty(await client.Suggestions(first.HouseholdId()));
        Assert.Empty(await client.Suggestions(second.HouseholdId()));
    }

    [Fact]
    public async Task A_rejected_suggestion_stays_rejected_and_is_not_suggested_again_on_the_next_incident()
    {
        using var client = await api.ClientFor("police-5344", "referent");
        var (number, box) = FreshDwelling();
        var address = Address("Rue Royale", number, box, "1000", "Bruxelles");
        var first = await client.OpenCase(Couple.Fresh().Body(address));
        var second = await client.OpenCase(Couple.Fresh().Body(address));
        var sid = Assert.Single(await client.Suggestions(second.HouseholdId())).GetProperty("id").GetGuid();
        var path = $"/api/v1/households/{second.HouseholdId()}/link-suggestions/{sid}";

        await (await client.PostJson($"{path}/rejection", new { reason = "" })).AssertValidationProblem("reason");
        await (await client.PostJson($"{path}/rejection", new { })).AssertValidationProblem("reason");
        var rejected = await (await client.PostJson($"{path}/rejection", new { reason = "Neighbours, not one couple." })).Json();

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("Neighbours, not one couple.", rejected.GetProperty("rejectionReason").GetString());
        Assert.Equal("police-5344", rejected.GetProperty("decidedByAgency").GetString());
        Assert.True(rejected.TryGetProperty("decidedAt", out _));
        await (await client.PostJson($"{path}/confirmation")).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:suggestion-not-pending");
        await (await client.PostJson($"{path}/rejection", new { reason = "Again." })).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:suggestion-not-pending");

        // An incident matches the case again: the rejected pair is not suggested anew.
        await (await client.PostIncident(second.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);
        Assert.Equal(["rejected"], (await client.Suggestions(second.HouseholdId())).Select(s => s.GetProperty("status").GetString()));
        Assert.Empty(await client.Suggestions(second.HouseholdId(), "pending"));
        Assert.NotEqual(first.HouseholdId(), await client.HouseholdOf(second.Id));
    }

    [Fact]
    public async Task An_incident_matches_the_case_again_after_its_address_changed()
    {
        using var client = await api.ClientFor("police-5344", "referent");
        var (number, box) = FreshDwelling();
        var first = await client.OpenCase(Couple.Fresh().Body(Address("Rue Neuve", number, box, "1000", "Bruxelles")));
        var moved = await client.OpenCase(Couple.Fresh().Body(null));
        Assert.Empty(await client.Suggestions(moved.HouseholdId()));

        var patch = $$"""{ "victim": { "address": { "street": "Nieuwstraat", "number": "{{number}}", "box": "{{box}}", "postcode": "1000", "commune": "Brussel", "confidential": false } } }""";
        var patched = await (await client.PatchCase(moved.Id, patch, moved.ETag)).Json();
        Assert.Empty(await client.Suggestions(moved.HouseholdId()));
        await (await client.PostIncident(moved.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        var suggestion = Assert.Single(await client.Suggestions(moved.HouseholdId()));
        Assert.Equal(first.HouseholdId(), suggestion.GetProperty("otherHouseholdId").GetGuid());
        Assert.Equal(patched.GetProperty("householdId").GetGuid(), moved.HouseholdId());
    }

    [Fact]
    public async Task The_household_view_never_lists_a_case_the_caller_does_not_reach()
    {
        using var brussels = await api.ClientFor("police-5344", "referent");
        using var antwerp = await api.ClientFor("police-5345");
        using var ixelles = await api.ClientFor("police-5339", "referent");
        using var cpas = await api.ClientFor("cpas-saint-josse", "referent");
        var couple = Couple.Fresh();
        var antwerpCase = await antwerp.OpenCase(couple.Body(null));
        var brusselsCase = await brussels.OpenCase(couple.Body(null));
        var household = brusselsCase.HouseholdId();
        Assert.Equal(household, antwerpCase.HouseholdId());
        // The CPAS reaches the Brussels case by the victim's consent, not the Antwerp one: one case reached without legal
        // mission does not show its household link.
        await brussels.GrantConsent(brusselsCase.Id, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        await (await cpas.GetAsync($"/api/v1/households/{household}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        // A second Brussels case of the couple, also consented: the CPAS reaches two cases of the household, so it sees it.
        var secondBrussels = await brussels.OpenCase(couple.Body(null));
        Assert.Equal(household, secondBrussels.HouseholdId());
        await brussels.GrantConsent(secondBrussels.Id, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);

        var view = await cpas.GetHousehold(household);
        Assert.Equal(new[] { brusselsCase.Id, secondBrussels.Id }.Order(), view.GetProperty("caseIds").Guids().Order());
        Assert.DoesNotContain(antwerpCase.Id.ToString(), view.ToString());
        Assert.Equal(["id", "createdAt", "caseIds"], view.EnumerateObject().Select(p => p.Name));

        // An agency that reaches no case of it gets exactly the answer of a household that does not exist.
        var hidden = await (await ixelles.GetAsync($"/api/v1/households/{household}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missing = await (await ixelles.GetAsync($"/api/v1/households/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(missing.GetProperty("title").GetString(), hidden.GetProperty("title").GetString());
        Assert.Equal(missing.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
        foreach (var route in new[] { "/link-suggestions", "/merges" })
        {
            await (await ixelles.GetAsync($"/api/v1/households/{household}{route}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }
        await (await ixelles.Merge(household, Guid.NewGuid(), "Guessing.")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }
}
