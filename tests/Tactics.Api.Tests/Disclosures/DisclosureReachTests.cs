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
/// A 458bis disclosure reaches the addressed parquet and no one else (DESIGN.md, act 6): it never joins or changes a household;
/// a case it opens is confined to that parquet, whose referent alone sees its link suggestions until it confirms one.
/// </summary>
public sealed class DisclosureReachTests(ApiFixture api)
{
    private static JsonObject Disclosure(JsonObject victim, JsonObject? author = null) => new()
    {
        ["victim"] = victim,
        ["author"] = author ?? new JsonObject { ["firstName"] = "Marc", ["lastName"] = "Unknown" },
        ["reason"] = "Threats to kill with a weapon, repeated this week.",
        ["text"] = "What I observed, as facts.",
    };

    private async Task<Guid> Disclose(string agency, JsonObject body)
    {
        using var client = await api.ClientFor(agency);
        var response = await client.PostAsJsonAsync("/api/v1/disclosures", body);
        return (await response.Json(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
    }

    /// <summary>The case a disclosure went to, its household and its confinement: read from the database (the API tells the discloser nothing).</summary>
    private async Task<(Guid CaseId, Guid HouseholdId, string? ConfinedTo)> Destination(Guid disclosureId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var caseId = await db.Disclosures.AsNoTracking().Where(d => d.Id == disclosureId).Select(d => d.CaseId).SingleAsync();
        var row = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.HouseholdId, c.ConfinedToAgency }).SingleAsync();
        return (caseId, row.HouseholdId, row.ConfinedToAgency);
    }

    private static string Confirmation(Guid householdId, Guid suggestionId) =>
        $"/api/v1/households/{householdId}/link-suggestions/{suggestionId}/confirmation";

    [Fact]
    public async Task A_disclosure_naming_an_Antwerp_victim_from_Brussels_opens_no_Antwerp_file_until_both_sides_confirm()
    {
        using var antwerpPolice = await api.ClientFor("police-5345", "referent");
        var couple = Couple.Fresh();
        var antwerp = await antwerpPolice.OpenCase(couple.Body(HouseholdReachTests.Fresh("Meir", "2000", "Antwerpen")));
        await (await antwerpPolice.PostIncident(antwerp.Id, CaseRequests.IncidentBody(zone: "5345"))).Json(HttpStatusCode.Created);
        var antwerpHousehold = antwerp.HouseholdId();

        // The CPAS of Saint-Josse names the victim by name and birth date only, living in 1210.
        var disclosureId = await Disclose("cpas-saint-josse", Disclosure(
            HouseholdReachTests.NamedOnly("Sara", couple.LastName, couple.Victim.BirthDate, HouseholdReachTests.Fresh("Rue de la Limite", "1210", "Saint-Josse-ten-Noode"))));

        // A case of the Brussels parquet, in a household of its own, confined to it.
        var (caseId, household, confinedTo) = await Destination(disclosureId);
        Assert.NotEqual(antwerp.Id, caseId);
        Assert.NotEqual(antwerpHousehold, household);
        Assert.Equal("parquet-bruxelles", confinedTo);
        Assert.Equal(antwerpHousehold, await antwerpPolice.HouseholdOf(antwerp.Id));
        // Nobody in Brussels reads the Antwerp file.
        foreach (var agency in new[] { "police-5344", "sapv-5344", "parquet-bruxelles", "justice-house-bruxelles", "coordination-olista", "cpas-saint-josse" })
        {
            using var client = await api.ClientFor(agency);
            await (await client.GetAsync($"/api/v1/cases/{antwerp.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }

        // The link suggestion is the addressed parquet's referent's alone.
        using var parquet = await api.ClientFor("parquet-bruxelles", "referent");
        var suggestion = Assert.Single(await parquet.Suggestions(household));
        Assert.Equal("same_name_and_birth_date", suggestion.GetProperty("reason").GetString());
        Assert.Equal(antwerpHousehold, suggestion.GetProperty("otherHouseholdId").GetGuid());
        var sid = suggestion.GetProperty("id").GetGuid();
        using var antwerpParquet = await api.ClientFor("parquet-antwerpen", "referent");
        using var brusselsPolice = await api.ClientFor("police-5344", "referent");
        Assert.DoesNotContain(await antwerpPolice.Suggestions(antwerpHousehold), s => s.GetProperty("id").GetGuid() == sid);
        await (await antwerpParquet.GetAsync($"/api/v1/households/{antwerpHousehold}/link-suggestions/{sid}"))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await antwerpParquet.PostJson(Confirmation(antwerpHousehold, sid)))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        // The zone where the victim lives does not even reach the disclosure-opened household (it is confined).
        await (await brusselsPolice.GetAsync($"/api/v1/households/{household}/link-suggestions"))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // Not by a manual merge either: a disclosure-opened household links through its suggestions only.
        var brussels = await parquet.OpenCase(Couple.Fresh().Body(HouseholdReachTests.Fresh("Rue Royale", "1210", "Saint-Josse-ten-Noode")));
        await (await parquet.Merge(brussels.HouseholdId(), household, "Same couple.")).AssertValidationProblem("otherHouseholdId");

        // The parquet confirms: it does not reach Antwerp, so the Antwerp side is asked, and nothing opens yet.
        var awaiting = await (await parquet.PostJson(Confirmation(household, sid))).Json(HttpStatusCode.Accepted);
        Assert.Equal("awaiting_other_side", awaiting.GetProperty("status").GetString());
        var (recipients, _, _) = Assert.Single(await HouseholdReachTests.EventsOf(api, HouseholdReachTests.ConfirmationRequested, sid));
        Assert.Equal(["parquet-antwerpen", "police-5345", "sapv-5345"], recipients);
        await (await parquet.GetAsync($"/api/v1/cases/{antwerp.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal("parquet-bruxelles", (await Destination(disclosureId)).ConfinedTo);

        // Now the other side sees the suggestion (never the disclosure), and its confirmation merges and ends the confinement.
        var seen = (await (await antwerpParquet.GetAsync($"/api/v1/households/{antwerpHousehold}/link-suggestions/{sid}")).Json());
        Assert.Equal("awaiting_other_side", seen.GetProperty("status").GetString());
        var confirmed = await (await antwerpParquet.PostJson(Confirmation(antwerpHousehold, sid))).Json();
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        var (_, joined, stillConfined) = await Destination(disclosureId);
        Assert.Equal(antwerpHousehold, joined);
        Assert.Null(stillConfined);
        // The Antwerp parquet now reaches the case, never the disclosure made to the Brussels parquet.
        Assert.Empty((await (await antwerpParquet.GetAsync($"/api/v1/cases/{caseId}/disclosures")).Json()).GetProperty("items").EnumerateArray());

        // An undo puts the disclosure-opened case back as it was: alone, and confined again.
        await antwerpParquet.Undo(antwerpHousehold, confirmed.GetProperty("mergeId").GetGuid());
        var (_, back, confinedAgain) = await Destination(disclosureId);
        Assert.Equal((household, "parquet-bruxelles"), (back, confinedAgain));
    }

    [Fact]
    public async Task The_other_side_rejecting_a_disclosure_suggestion_keeps_sight_of_its_rejection_and_nothing_opens()
    {
        using var antwerpPolice = await api.ClientFor("police-5345", "referent");
        var couple = Couple.Fresh();
        var antwerp = await antwerpPolice.OpenCase(couple.Body(HouseholdReachTests.Fresh("Meir", "2000", "Antwerpen")));
        var disclosureId = await Disclose("victim-support-refuge-bruxelles", Disclosure(
            HouseholdReachTests.NamedOnly("Sara", couple.LastName, couple.Victim.BirthDate, HouseholdReachTests.Fresh("Rue de la Limite", "1210", "Saint-Josse-ten-Noode"))));
        var (_, household, _) = await Destination(disclosureId);
        using var parquet = await api.ClientFor("parquet-bruxelles", "referent");
        var sid = Assert.Single(await parquet.Suggestions(household)).GetProperty("id").GetGuid();
        await (await parquet.PostJson(Confirmation(household, sid))).Json(HttpStatusCode.Accepted);

        var rejected = await (await antwerpPolice.PostJson($"/api/v1/households/{antwerp.HouseholdId()}/link-suggestions/{sid}/rejection",
            new { reason = "Another person." })).Json();

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        var seen = await (await antwerpPolice.GetAsync($"/api/v1/households/{antwerp.HouseholdId()}/link-suggestions/{sid}")).Json();
        Assert.Equal("Another person.", seen.GetProperty("rejectionReason").GetString());
        var (_, stillApart, confinedTo) = await Destination(disclosureId);
        Assert.Equal((household, "parquet-bruxelles"), (stillApart, confinedTo));
        await (await parquet.GetAsync($"/api/v1/cases/{antwerp.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task The_same_pair_opened_after_a_disclosure_does_not_join_the_disclosure_opened_case()
    {
        var couple = Couple.Fresh();
        var disclosureId = await Disclose("health-cpvs-bruxelles", Disclosure(
            Person("Sara", couple.LastName, couple.Victim, HouseholdReachTests.Fresh("Rue de la Limite", "1210", "Saint-Josse-ten-Noode")),
            Person("Tom", couple.LastName, couple.Author, null)));
        var (_, household, confinedTo) = await Destination(disclosureId);
        Assert.Equal("parquet-bruxelles", confinedTo);

        using var police = await api.ClientFor("police-5344", "referent");
        var opened = await police.OpenCase(couple.Body(null));

        Assert.NotEqual(household, opened.HouseholdId());
        Assert.Equal(opened.Body.GetProperty("createdAt").GetDateTimeOffset(), opened.Body.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(opened.ETag, (await police.GetCase(opened.Id)).ETag);
        Assert.Equal(household, (await Destination(disclosureId)).HouseholdId);
        // The pair is a suggestion for the addressed parquet alone.
        Assert.Empty(await police.Suggestions(opened.HouseholdId()));
        using var parquet = await api.ClientFor("parquet-bruxelles", "referent");
        var suggestion = Assert.Single(await parquet.Suggestions(household));
        Assert.Equal("same_national_number_pair", suggestion.GetProperty("reason").GetString());
        Assert.Equal(opened.HouseholdId(), suggestion.GetProperty("otherHouseholdId").GetGuid());

        // Confirmed by that parquet, which reaches both: one household, the confinement ended.
        var merged = await (await parquet.PostJson(Confirmation(household, suggestion.GetProperty("id").GetGuid()))).Json();
        Assert.Equal("confirmed", merged.GetProperty("status").GetString());
        var (_, joined, stillConfined) = await Destination(disclosureId);
        Assert.Equal(household, joined);
        Assert.Null(stillConfined);
        Assert.Equal(household, await police.HouseholdOf(opened.Id));
    }

    [Fact]
    public async Task An_incident_a_consultation_participant_records_on_a_disclosure_opened_case_joins_no_household()
    {
        var couple = Couple.Fresh();
        var disclosureId = await Disclose("health-cpvs-bruxelles", Disclosure(
            Person("Sara", couple.LastName, couple.Victim, HouseholdReachTests.Fresh("Rue de la Limite", "1210", "Saint-Josse-ten-Noode")),
            Person("Tom", couple.LastName, couple.Author, null)));
        var (caseId, household, _) = await Destination(disclosureId);
        using var police = await api.ClientFor("police-5344", "referent");
        var policeCase = await police.OpenCase(couple.Body(null));
        Assert.NotEqual(household, policeCase.HouseholdId());

        // The parquet opens a 458ter consultation with the zone, which records an incident on the disclosure-opened case.
        using var parquet = await api.ClientFor("parquet-bruxelles", "referent");
        await (await parquet.PostRiskAssessment(caseId, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        await (await parquet.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new JsonObject
        {
            ["participants"] = new JsonArray("police-5344"),
            ["purpose"] = "Safety plan after threats.",
            ["until"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
        })).Json(HttpStatusCode.Created);
        await (await police.PostIncident(caseId, CaseRequests.IncidentBody(zone: "5344"))).Json(HttpStatusCode.Created);

        // The incident's matching only suggests: the case stays in its own household, confined, and the zone's case in its own.
        var (_, after, confinedTo) = await Destination(disclosureId);
        Assert.Equal((household, "parquet-bruxelles"), (after, confinedTo));
        Assert.Equal(policeCase.HouseholdId(), await police.HouseholdOf(policeCase.Id));
    }
}
