using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;
using static Tactics.Api.Tests.Households.HouseholdRequests;

namespace Tactics.Api.Tests.Households;

/// <summary>
/// Linking households never widens reach by the back door (DESIGN.md, "What no write may do", acts 3 and 4): a confirmation
/// needs a referent reaching both households, else the other side confirms too; the pair join is for legal-mission openers.
/// </summary>
public sealed class HouseholdReachTests(ApiFixture api)
{
    public const string ConfirmationRequested = "household.confirmation_requested";

    /// <summary>A person with a name and birth date and no national number (the throwaway case of a hostile referent).</summary>
    public static JsonObject NamedOnly(string firstName, string lastName, DateOnly birthDate, JsonObject? address) =>
        Person(firstName, lastName, null, address).With("birthDate", birthDate.ToString("yyyy-MM-dd"));

    /// <summary>An address of a dwelling no other test uses.</summary>
    public static JsonObject Fresh(string street, string postcode, string commune)
    {
        var (number, box) = FreshDwelling();
        return Address(street, number, box, postcode, commune);
    }

    /// <summary>The agencies an outbox event names for this suggestion, and the ids it carries (read from the database).</summary>
    public static async Task<List<(string[] Recipients, Dictionary<string, string> Data, Guid? CaseId)>> EventsOf(ApiFixture api, string type, Guid suggestionId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var events = await db.OutboxEvents.AsNoTracking().Where(e => e.Type == type).ToListAsync();
        return [.. events.Where(e => e.Data.GetValueOrDefault("suggestionId") == suggestionId.ToString())
            .Select(e => (e.RecipientAgencyCodes.Order().ToArray(), e.Data, e.CaseId))];
    }

    [Fact]
    public async Task A_referent_confirming_a_suggestion_with_a_household_it_does_not_reach_waits_for_the_other_side()
    {
        using var antwerpPolice = await api.ClientFor("police-5345", "referent");
        using var ixelles = await api.ClientFor("police-5339", "referent");
        var couple = Couple.Fresh();
        var (number, box) = FreshDwelling();
        var antwerp = await antwerpPolice.OpenCase(couple.Body(Address("Meir", number, box, "2000", "Antwerpen")));
        await (await antwerpPolice.PostIncident(antwerp.Id, CaseRequests.IncidentBody(zone: "5345"))).Json(HttpStatusCode.Created);

        // A throwaway case in Ixelles with the Antwerp victim's name and birth date.
        var throwaway = await ixelles.OpenCase(new JsonObject
        {
            ["victim"] = NamedOnly("Sara", couple.LastName, couple.Victim.BirthDate, Fresh("Rue du Trône", "1050", "Ixelles")),
        });
        var (mine, theirs) = (throwaway.HouseholdId(), antwerp.HouseholdId());
        var suggestion = Assert.Single(await ixelles.Suggestions(mine));
        Assert.Equal("same_name_and_birth_date", suggestion.GetProperty("reason").GetString());
        var sid = suggestion.GetProperty("id").GetGuid();

        // The first side's confirmation merges nothing: 202, awaiting the other side.
        var first = await ixelles.PostJson($"/api/v1/households/{mine}/link-suggestions/{sid}/confirmation");
        var awaiting = await first.Json(HttpStatusCode.Accepted);
        Assert.Equal("awaiting_other_side", awaiting.GetProperty("status").GetString());
        Assert.Equal("police-5339", awaiting.GetProperty("firstConfirmed").GetProperty("agency").GetString());
        Assert.False(awaiting.TryGetProperty("mergeId", out _));
        await (await ixelles.GetAsync($"/api/v1/cases/{antwerp.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(mine, await ixelles.HouseholdOf(throwaway.Id));
        Assert.Equal(theirs, await antwerpPolice.HouseholdOf(antwerp.Id));
        Assert.Equal([throwaway.Id], await ixelles.CasesOfHousehold(mine));

        // Confirming again from the same side, by the same agency or another one that reaches only this side, merges nothing.
        await (await ixelles.PostJson($"/api/v1/households/{mine}/link-suggestions/{sid}/confirmation"))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:suggestion-not-pending");
        using var ixellesSapv = await api.ClientFor("sapv-5339", "referent");
        await (await ixellesSapv.PostJson($"/api/v1/households/{mine}/link-suggestions/{sid}/confirmation"))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:suggestion-not-pending");
        await (await ixelles.GetAsync($"/api/v1/cases/{antwerp.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // The other side's agencies are told, with ids only: the Antwerp zone, its SAPV and its parquet.
        var (recipients, data, caseId) = Assert.Single(await EventsOf(api, ConfirmationRequested, sid));
        Assert.Equal(["parquet-antwerpen", "police-5345", "sapv-5345"], recipients);
        Assert.Equal(new Dictionary<string, string> { ["householdId"] = theirs.ToString(), ["suggestionId"] = sid.ToString() }, data);
        Assert.Null(caseId);

        // A referent of the other side sees the suggestion, never what matched, and its confirmation merges.
        var seen = Assert.Single(await antwerpPolice.Suggestions(theirs), s => s.GetProperty("id").GetGuid() == sid);
        Assert.Equal("awaiting_other_side", seen.GetProperty("status").GetString());
        Assert.DoesNotContain(couple.LastName, seen.ToString());
        var merged = await (await antwerpPolice.PostJson($"/api/v1/households/{theirs}/link-suggestions/{sid}/confirmation")).Json();
        Assert.Equal("confirmed", merged.GetProperty("status").GetString());
        Assert.Equal(theirs, await ixelles.HouseholdOf(throwaway.Id));
        Assert.Equal(HttpStatusCode.OK, (await ixelles.GetAsync($"/api/v1/cases/{antwerp.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_referent_reaching_both_households_merges_at_once()
    {
        using var antwerpPolice = await api.ClientFor("police-5345", "referent");
        var couple = Couple.Fresh();
        var first = await antwerpPolice.OpenCase(couple.Body(Fresh("Meir", "2000", "Antwerpen")));
        var second = await antwerpPolice.OpenCase(new JsonObject
        {
            ["victim"] = NamedOnly("Sara", couple.LastName, couple.Victim.BirthDate, Fresh("Groenplaats", "2000", "Antwerpen")),
        });
        var sid = Assert.Single(await antwerpPolice.Suggestions(second.HouseholdId())).GetProperty("id").GetGuid();

        var merged = await (await antwerpPolice.PostJson($"/api/v1/households/{second.HouseholdId()}/link-suggestions/{sid}/confirmation")).Json();

        Assert.Equal("confirmed", merged.GetProperty("status").GetString());
        Assert.False(merged.TryGetProperty("firstConfirmed", out _));
        Assert.Equal(second.HouseholdId(), await antwerpPolice.HouseholdOf(first.Id));
        Assert.Empty(await EventsOf(api, ConfirmationRequested, sid));
    }

    [Fact]
    public async Task A_manual_merge_still_needs_both_households_reached()
    {
        using var antwerpPolice = await api.ClientFor("police-5345", "referent");
        using var ixelles = await api.ClientFor("police-5339", "referent");
        var antwerp = await antwerpPolice.OpenCase(Couple.Fresh().Body(Fresh("Meir", "2000", "Antwerpen")));
        var mine = await ixelles.OpenCase(Couple.Fresh().Body(Fresh("Rue du Trône", "1050", "Ixelles")));

        await (await ixelles.Merge(mine.HouseholdId(), antwerp.HouseholdId(), "Same couple.")).AssertValidationProblem("otherHouseholdId");

        await (await ixelles.GetAsync($"/api/v1/cases/{antwerp.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task A_consent_on_one_case_gives_no_ground_to_merge_its_household()
    {
        using var nord = await api.ClientFor("police-5344", "referent");
        using var ixelles = await api.ClientFor("police-5339", "referent");
        var consented = await nord.OpenCase(Couple.Fresh().Body(Fresh("Rue Royale", "1210", "Saint-Josse-ten-Noode")));
        var sibling = await nord.OpenCase(Couple.Fresh().Body(Fresh("Rue Royale", "1030", "Schaerbeek")));
        await (await nord.Merge(consented.HouseholdId(), sibling.HouseholdId(), "One family.")).Json(HttpStatusCode.Created);
        await nord.GrantConsent(consented.Id, SharingKit.ToAgency("police-5339"), ["identity"]);
        var mine = await ixelles.OpenCase(Couple.Fresh().Body(Fresh("Rue du Trône", "1050", "Ixelles")));

        // Either way round, a household reached by consent only is not the caller's to merge: one case reached by consent
        // does not even show its household (the household link), so it answers like a household that does not exist.
        await (await ixelles.Merge(mine.HouseholdId(), consented.HouseholdId(), "Same couple.")).AssertValidationProblem("otherHouseholdId");
        await (await ixelles.Merge(consented.HouseholdId(), mine.HouseholdId(), "Same couple."))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        await (await ixelles.GetAsync($"/api/v1/cases/{sibling.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(mine.HouseholdId(), await ixelles.HouseholdOf(mine.Id));
    }

    [Fact]
    public async Task A_coordination_referent_sees_its_own_case_s_household_by_mission_but_neither_reads_nor_confirms_suggestions()
    {
        // Coordination reaches its Brussels case by legal mission (core in its territory): the household link is shown, and the
        // suggestion routes answer that its kind does not link households.
        using var referent = await api.ClientFor("coordination-olista", "referent");
        using var police = await api.ClientFor("police-5344", "referent");
        var (number, box) = FreshDwelling();
        var address = Address("Rue de la Limite", number, box, "1210", "Saint-Josse-ten-Noode");
        var opened = await police.OpenCase(Couple.Fresh().Body(address));
        var own = await referent.OpenCase(Couple.Fresh().Body(address));
        var household = own.HouseholdId();
        var sid = Assert.Single(await police.Suggestions(opened.HouseholdId())).GetProperty("id").GetGuid();

        await (await referent.GetAsync($"/api/v1/households/{household}/link-suggestions"))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        await (await referent.PostJson($"/api/v1/households/{household}/link-suggestions/{sid}/confirmation"))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        Assert.Equal("pending", Assert.Single(await police.Suggestions(opened.HouseholdId())).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("cpas-saint-josse")]
    [InlineData("health-cpvs-bruxelles")]
    public async Task A_referent_of_another_kind_neither_reads_nor_confirms_link_suggestions(string agency)
    {
        // Without legal mission, its own case's household is not even known to it (the household link): 404 before the 403.
        using var referent = await api.ClientFor(agency, "referent");
        using var police = await api.ClientFor("police-5344", "referent");
        var (number, box) = FreshDwelling();
        var address = Address("Rue de la Limite", number, box, "1210", "Saint-Josse-ten-Noode");
        var opened = await police.OpenCase(Couple.Fresh().Body(address));
        var own = await referent.OpenCase(Couple.Fresh().Body(address));
        Assert.False(own.Body.TryGetProperty("householdId", out _));
        var household = await api.StoredHouseholdOf(own.Id);
        var sid = Assert.Single(await police.Suggestions(opened.HouseholdId())).GetProperty("id").GetGuid();

        foreach (var response in new[]
        {
            await referent.GetAsync($"/api/v1/households/{household}/link-suggestions"),
            await referent.GetAsync($"/api/v1/households/{household}/link-suggestions/{sid}"),
            await referent.PostJson($"/api/v1/households/{household}/link-suggestions/{sid}/confirmation"),
            await referent.PostJson($"/api/v1/households/{household}/link-suggestions/{sid}/rejection", new { reason = "No." }),
        })
        {
            await response.AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }
        Assert.Equal("pending", Assert.Single(await police.Suggestions(opened.HouseholdId())).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("cpas-saint-josse")]
    [InlineData("victim-support-refuge-bruxelles")]
    [InlineData("health-cpvs-bruxelles")]
    public async Task The_same_pair_opened_by_an_agency_without_legal_mission_is_a_suggestion_not_a_join(string opener)
    {
        using var police = await api.ClientFor("police-5344", "referent");
        using var client = await api.ClientFor(opener);
        var couple = Couple.Fresh();
        var policeCase = await police.OpenCase(couple.Body(null));

        var opened = await client.OpenCase(couple.Body(null));

        // The opener sees no sign of the pair: no household link at all, no change since the opening, no household event.
        Assert.False(opened.Body.TryGetProperty("householdId", out _));
        var openersHousehold = await api.StoredHouseholdOf(opened.Id);
        Assert.NotEqual(policeCase.HouseholdId(), openersHousehold);
        Assert.Equal(opened.Body.GetProperty("createdAt").GetDateTimeOffset(), opened.Body.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(opened.ETag, (await client.GetCase(opened.Id)).ETag);
        Assert.DoesNotContain(await client.Timeline(opened.Id), e => e.GetProperty("type").GetString() == "case.household_linked");
        // The police's file is not joined to the opener's case.
        Assert.Equal(policeCase.HouseholdId(), await police.HouseholdOf(policeCase.Id));
        await (await client.GetAsync($"/api/v1/cases/{policeCase.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        // A referent with legal mission decides.
        var suggestion = Assert.Single(await police.Suggestions(policeCase.HouseholdId()));
        Assert.Equal("same_national_number_pair", suggestion.GetProperty("reason").GetString());
        Assert.Equal(openersHousehold, suggestion.GetProperty("otherHouseholdId").GetGuid());
    }

    [Theory]
    [InlineData("sapv-5344")]
    [InlineData("parquet-bruxelles")]
    [InlineData("justice-house-bruxelles")]
    public async Task The_same_pair_opened_by_an_agency_with_legal_mission_joins_at_once(string opener)
    {
        using var police = await api.ClientFor("police-5344", "referent");
        using var client = await api.ClientFor(opener);
        var couple = Couple.Fresh();
        var policeCase = await police.OpenCase(couple.Body(null));

        var opened = await client.OpenCase(couple.Body(null));

        Assert.Equal(policeCase.HouseholdId(), opened.HouseholdId());
        Assert.Empty(await police.Suggestions(policeCase.HouseholdId()));
    }
}
