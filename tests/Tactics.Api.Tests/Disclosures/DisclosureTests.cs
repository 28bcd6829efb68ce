using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Disclosures;

/// <summary>
/// Article 458bis: a professional under secrecy informs the competent parquet, and only it. The answer never says whether
/// a case existed, and the discloser gets no access to the case.
/// </summary>
public sealed class DisclosureTests(ApiFixture api)
{
    private const string Reason = "Threats to kill with a weapon, repeated this week.";
    private const string Text = "What I observed, as facts.";

    /// <summary>A victim no other test uses: a national number of its own (valid mod-97) and a last name of its own.</summary>
    private sealed record Victim(string NationalNumber, DateOnly BirthDate, string LastName);

    private static Victim NewVictim()
    {
        var birthDate = new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(0, 49 * 365));
        var first9 = $"{birthDate:yyMMdd}{Random.Shared.Next(1, 998):000}";
        var check = 97 - (int)(long.Parse(first9, CultureInfo.InvariantCulture) % 97);
        return new Victim($"{first9}{check:00}", birthDate, $"Victim-{Guid.NewGuid():N}"[..20]);
    }

    /// <summary>The "open a case" body with this victim: its national number, birth date and last name, living at <paramref name="postcode"/>.</summary>
    private static JsonObject CaseBody(Victim victim, string postcode = "1210") => CaseRequests.OpenCaseBody(victim.LastName)
        .With("victim.nationalNumber", victim.NationalNumber)
        .With("victim.birthDate", victim.BirthDate.ToString("yyyy-MM-dd"))
        .With("victim.address.postcode", postcode);

    private static JsonObject DisclosureBody(Victim victim, string? postcode = null, bool withNationalNumber = true)
    {
        var body = new JsonObject
        {
            ["victim"] = new JsonObject
            {
                ["firstName"] = "Amina",
                ["lastName"] = victim.LastName,
                ["birthDate"] = victim.BirthDate.ToString("yyyy-MM-dd"),
            },
            ["author"] = new JsonObject { ["firstName"] = "Marc", ["lastName"] = victim.LastName },
            ["reason"] = Reason,
            ["text"] = Text,
        };
        if (withNationalNumber) body["victim"]!["nationalNumber"] = victim.NationalNumber;
        if (postcode is not null)
        {
            body["victim"]!["address"] = new JsonObject
            {
                ["street"] = "Rue Exemple", ["number"] = "1", ["postcode"] = postcode, ["commune"] = "Commune", ["confidential"] = false,
            };
        }
        return body;
    }

    private static async Task<(Guid Id, HttpResponseMessage Response, JsonElement Body)> Disclose(HttpClient client, JsonObject body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/disclosures") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        var json = await response.Json(HttpStatusCode.Accepted);
        return (json.GetProperty("id").GetGuid(), response, json);
    }

    /// <summary>Where a disclosure went: read from the database, since the API tells the discloser nothing of it.</summary>
    private async Task<(Guid CaseId, string Parquet)> Destination(Guid disclosureId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var row = await db.Disclosures.AsNoTracking().Where(d => d.Id == disclosureId).Select(d => new { d.CaseId, d.ParquetAgency }).SingleAsync();
        return (row.CaseId, row.ParquetAgency);
    }

    private static async Task<JsonElement[]> Disclosures(HttpClient client, Guid caseId) =>
        [.. (await (await client.GetAsync($"/api/v1/cases/{caseId}/disclosures")).Json()).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_disclosure_on_a_known_victim_joins_the_case_and_only_the_parquet_reads_it()
    {
        var victim = NewVictim();
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase(CaseBody(victim));
        using var health = await api.ClientFor("health-cpvs-bruxelles");

        var (id, _, _) = await Disclose(health, DisclosureBody(victim));

        Assert.Equal((opened.Id, "parquet-bruxelles"), await Destination(id));
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var disclosure = Assert.Single(await Disclosures(parquet, opened.Id));
        Assert.Equal(id, disclosure.GetProperty("id").GetGuid());
        Assert.Equal(Reason, disclosure.GetProperty("reason").GetString());
        Assert.Equal(Text, disclosure.GetProperty("text").GetString());
        Assert.Equal("health-cpvs-bruxelles", disclosure.GetProperty("discloserAgency").GetString());

        // Not the police, though it sees the case; not the discloser, who does not even see the case.
        await (await police.GetAsync($"/api/v1/cases/{opened.Id}/disclosures")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        await (await health.GetAsync($"/api/v1/cases/{opened.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await health.GetAsync($"/api/v1/cases/{opened.Id}/disclosures")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        // Joining is no change of the shared case file: no ETag moved, no event anyone could see.
        Assert.Equal(opened.ETag, (await police.GetCase(opened.Id)).ETag);
        var timeline = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
        Assert.Equal(["case.opened"], timeline.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("2000", "parquet-antwerpen")]
    [InlineData("1210", "parquet-bruxelles")]
    public async Task A_disclosure_on_an_unknown_victim_opens_a_case_owned_by_the_competent_parquet(string postcode, string competent)
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");

        var (id, _, _) = await Disclose(cpas, DisclosureBody(NewVictim(), postcode));

        var (caseId, parquetCode) = await Destination(id);
        Assert.Equal(competent, parquetCode);
        using var parquet = await api.ClientFor(competent);
        var (body, _) = await parquet.GetCase(caseId);
        Assert.Equal(competent, body.GetProperty("ownerAgency").GetString());
        Assert.Equal(postcode, body.GetProperty("victim").GetProperty("address").GetProperty("postcode").GetString());
        Assert.Equal(id, Assert.Single(await Disclosures(parquet, caseId)).GetProperty("id").GetGuid());

        await (await cpas.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var listed = await (await cpas.GetAsync("/api/v1/cases?limit=200")).Json();
        Assert.DoesNotContain(caseId, listed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task The_answer_is_the_same_whether_or_not_a_case_existed()
    {
        var known = NewVictim();
        using var police = await api.ClientFor("police-5344");
        await police.OpenCase(CaseBody(known));
        using var refuge = await api.ClientFor("victim-support-refuge-bruxelles");

        var (_, joinedResponse, joined) = await Disclose(refuge, DisclosureBody(known));
        var (_, openedResponse, opened) = await Disclose(refuge, DisclosureBody(NewVictim()));

        Assert.Equal(["id"], joined.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["id"], opened.EnumerateObject().Select(p => p.Name));
        foreach (var response in new[] { joinedResponse, openedResponse })
        {
            Assert.Null(response.Headers.Location);
            Assert.Null(response.Headers.ETag);
        }
        Assert.Equal(joinedResponse.Headers.Select(h => h.Key).Order(), openedResponse.Headers.Select(h => h.Key).Order());
    }

    [Fact]
    public async Task Without_a_national_number_the_victims_name_and_birth_date_find_the_case()
    {
        var victim = NewVictim();
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase(CaseBody(victim));
        using var praxis = await api.ClientFor("perpetrator-support-praxis");

        var (id, _, _) = await Disclose(praxis, DisclosureBody(victim, withNationalNumber: false));

        Assert.Equal((opened.Id, "parquet-bruxelles"), await Destination(id));
    }

    [Fact]
    public async Task A_victim_living_in_another_district_is_disclosed_to_that_districts_parquet_in_a_household_of_its_own()
    {
        var victim = NewVictim();
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase(CaseBody(victim));
        using var health = await api.ClientFor("health-cpvs-bruxelles");

        // The victim now lives in Antwerp: the Antwerp parquet is competent, and does not reach the Brussels case.
        var (id, _, _) = await Disclose(health, DisclosureBody(victim, "2000"));

        var (caseId, parquetCode) = await Destination(id);
        Assert.Equal("parquet-antwerpen", parquetCode);
        Assert.NotEqual(opened.Id, caseId);
        using var antwerp = await api.ClientFor("parquet-antwerpen", "referent");
        var (body, _) = await antwerp.GetCase(caseId);
        // A disclosure never joins or changes a household (act 6): the match is a link suggestion for the Antwerp parquet.
        var household = body.GetProperty("householdId").GetGuid();
        Assert.NotEqual(opened.Body.GetProperty("householdId").GetGuid(), household);
        var suggested = (await (await antwerp.GetAsync($"/api/v1/households/{household}/link-suggestions")).Json()).GetProperty("items").EnumerateArray();
        Assert.Contains(opened.Body.GetProperty("householdId").GetGuid(), suggested.Select(s => s.GetProperty("otherHouseholdId").GetGuid()));
        Assert.Single(await Disclosures(antwerp, caseId));
        using var brussels = await api.ClientFor("parquet-bruxelles");
        Assert.Empty(await Disclosures(brussels, opened.Id));
        await (await brussels.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task The_disclosed_words_reach_no_log_line_and_no_trace()
    {
        var victim = NewVictim();
        var marker = $"marker-{Guid.NewGuid():N}";
        using var health = await api.ClientFor("health-cpvs-bruxelles");

        var (id, _, _) = await Disclose(health, DisclosureBody(victim, "1210").With("reason", $"{Reason} {marker}").With("text", marker));

        using var parquet = await api.ClientFor("parquet-bruxelles");
        var disclosure = Assert.Single(await Disclosures(parquet, (await Destination(id)).CaseId));
        Assert.Equal(marker, disclosure.GetProperty("text").GetString());
        foreach (var secret in new[] { marker, victim.LastName, victim.NationalNumber })
        {
            Assert.DoesNotContain(api.Factory.LogLines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(api.Telemetry.Spans, span => span.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [InlineData("police-5344")]
    [InlineData("parquet-bruxelles")]
    [InlineData("sapv-5344")]
    [InlineData("justice-house-bruxelles")]
    [InlineData("coordination-olista")]
    public async Task Only_a_professional_under_secrecy_discloses(string agency)
    {
        using var client = await api.ClientFor(agency);

        var response = await client.PostAsJsonAsync("/api/v1/disclosures", DisclosureBody(NewVictim(), "1210"));

        await response.AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
    }

    [Fact]
    public async Task A_disclosure_states_its_reason_and_names_its_victim()
    {
        using var health = await api.ClientFor("health-cpvs-bruxelles");
        var body = DisclosureBody(NewVictim());

        await (await health.PostAsJsonAsync("/api/v1/disclosures", body.With("reason", " "))).AssertValidationProblem("reason");
        await (await health.PostAsJsonAsync("/api/v1/disclosures", body.Without("reason"))).AssertValidationProblem("reason");
        await (await health.PostAsJsonAsync("/api/v1/disclosures", body.With("victim.nationalNumber", "90041712325"))).AssertValidationProblem("victim.nationalNumber");
        await (await health.PostAsJsonAsync("/api/v1/disclosures", body.With("text", new string('x', 10001)))).AssertValidationProblem("text");
    }

    [Fact]
    public async Task A_repeated_idempotency_key_replays_the_202_without_a_second_disclosure()
    {
        var victim = NewVictim();
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase(CaseBody(victim));
        using var health = await api.ClientFor("health-cpvs-bruxelles");
        var key = Guid.NewGuid().ToString();

        var (first, _, _) = await Disclose(health, DisclosureBody(victim), key);
        var (again, replay, _) = await Disclose(health, DisclosureBody(victim), key);

        Assert.Equal(first, again);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Null(replay.Headers.Location);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        Assert.Single(await Disclosures(parquet, opened.Id));
    }
}
