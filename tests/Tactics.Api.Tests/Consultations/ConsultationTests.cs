using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Consultations;

/// <summary>Article 458ter: parquet or coordination, on a high or critical case; named participants see it until the end date.</summary>
public sealed class ConsultationTests(ApiFixture api)
{
    private static JsonObject Body(DateTimeOffset until, params string[] participants) => new()
    {
        ["participants"] = new JsonArray([.. participants.Select(p => (JsonNode)p)]),
        ["purpose"] = "Safety plan after strangulation.",
        ["until"] = until.ToString("O"),
    };

    private static Task<HttpResponseMessage> Open(HttpClient client, Guid caseId, JsonObject body) =>
        client.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", body);

    /// <summary>A Brussels case (police-5344) assessed high: three yes answers.</summary>
    private static async Task<OpenedCase> HighRiskCase(HttpClient police)
    {
        var opened = await police.OpenCase();
        await (await police.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        return opened;
    }

    [Fact]
    public async Task Only_a_parquet_or_a_coordination_agency_opens_a_consultation()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await HighRiskCase(police);
        var body = Body(DateTimeOffset.UtcNow.AddDays(30), "cpas-saint-josse");

        await (await Open(police, opened.Id, body)).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        using var sapv = await api.ClientFor("sapv-5344");
        await (await Open(sapv, opened.Id, body)).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        await (await Open(cpas, opened.Id, body)).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        using var parquet = await api.ClientFor("parquet-bruxelles");
        var byParquet = await Open(parquet, opened.Id, body);
        var created = await byParquet.Json(HttpStatusCode.Created);
        Assert.Equal(["cpas-saint-josse", "parquet-bruxelles"], created.GetProperty("participants").Strings());
        Assert.Equal("parquet-bruxelles", created.GetProperty("openedBy").GetString());
        Assert.True(created.GetProperty("active").GetBoolean());
        Assert.Equal($"/api/v1/cases/{opened.Id}/consultations/{created.GetProperty("id").GetGuid()}", byParquet.Headers.Location?.OriginalString);

        using var olista = await api.ClientFor("coordination-olista");
        var byCoordination = await (await Open(olista, opened.Id, body)).Json(HttpStatusCode.Created);
        Assert.Equal(["coordination-olista", "cpas-saint-josse"], byCoordination.GetProperty("participants").Strings());

        // An append to the case: its ETag moved, and the timeline tells (thin: type and agency).
        var (_, etag) = await police.GetCase(opened.Id);
        Assert.NotEqual(opened.ETag, etag);
        var timeline = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
        Assert.Equal(2, timeline.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "case.consultation_opened"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("medium")]
    public async Task A_consultation_needs_a_high_or_critical_case(string? level)
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        if (level == "medium")
        {
            await (await police.PostRiskAssessment(opened.Id, CaseRequests.RiskBody(weapons: "no", escalation: "no"))).Json(HttpStatusCode.Created);
        }
        using var parquet = await api.ClientFor("parquet-bruxelles");

        var problem = await (await Open(parquet, opened.Id, Body(DateTimeOffset.UtcNow.AddDays(30), "cpas-saint-josse")))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:high-risk-required");

        Assert.Contains("high or critical", problem.GetProperty("detail").GetString());
        var list = await (await parquet.GetAsync($"/api/v1/cases/{opened.Id}/consultations")).Json();
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Participants_must_be_agencies_of_the_partnership_and_the_end_date_sensible()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await HighRiskCase(police);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var soon = DateTimeOffset.UtcNow.AddDays(30);

        await (await Open(parquet, opened.Id, Body(soon, "police-5344", "no-such-agency"))).AssertValidationProblem("participants[1]");
        await (await Open(parquet, opened.Id, Body(soon))).AssertValidationProblem("participants");
        await (await Open(parquet, opened.Id, Body(soon, [.. Enumerable.Repeat("police-5344", 21)]))).AssertValidationProblem("participants");
        await (await Open(parquet, opened.Id, Body(DateTimeOffset.UtcNow.AddMinutes(-1), "police-5344"))).AssertValidationProblem("until");
        await (await Open(parquet, opened.Id, Body(DateTimeOffset.UtcNow.AddDays(181), "police-5344"))).AssertValidationProblem("until");
        await (await Open(parquet, opened.Id, Body(soon, "police-5344").With("purpose", ""))).AssertValidationProblem("purpose");
    }

    [Fact]
    public async Task Participants_see_the_case_until_the_end_date_and_no_one_else_does()
    {
        // Now, to the second: the end date is stored and answered exactly.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var host = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
        }, services => services.AddSingleton<TimeProvider>(clock));
        // Tokens from the fixture's host (real clock): valid for hours, on either side of the consultation's end.
        async Task<HttpClient> ClientFor(string agency)
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await api.TokenFor(agency));
            return client;
        }
        using var police = await ClientFor("police-5344");
        var opened = await HighRiskCase(police);
        using var health = await ClientFor("health-cpvs-bruxelles");
        using var cpas = await ClientFor("cpas-saint-josse");
        using var refuge = await ClientFor("victim-support-refuge-bruxelles");
        await (await health.GetAsync($"/api/v1/cases/{opened.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        using var parquet = await ClientFor("parquet-bruxelles");
        var until = clock.GetUtcNow().AddHours(1);
        await (await Open(parquet, opened.Id, Body(until, "health-cpvs-bruxelles", "cpas-saint-josse"))).Json(HttpStatusCode.Created);

        foreach (var participant in new[] { health, cpas })
        {
            var (body, _) = await participant.GetCase(opened.Id);
            // Every category but internal notes, on the 458ter basis: health and social included.
            CaseAssertions.AssertWithheld(body, "internal_notes:never_shared");
            Assert.Equal("Amina", body.GetProperty("victim").GetProperty("firstName").GetString());
            Assert.Equal("1210", body.GetProperty("victim").GetProperty("address").GetProperty("postcode").GetString());
            var consultation = Assert.Single((await (await participant.GetAsync($"/api/v1/cases/{opened.Id}/consultations")).Json())
                .GetProperty("items").EnumerateArray());
            Assert.Equal("Safety plan after strangulation.", consultation.GetProperty("purpose").GetString());
        }
        await (await refuge.GetAsync($"/api/v1/cases/{opened.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync($"/api/v1/cases/{opened.Id}")).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var participant in new[] { health, cpas })
        {
            await (await participant.GetAsync($"/api/v1/cases/{opened.Id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            await (await participant.GetAsync($"/api/v1/cases/{opened.Id}/consultations")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }
        var ended = Assert.Single((await (await parquet.GetAsync($"/api/v1/cases/{opened.Id}/consultations")).Json()).GetProperty("items").EnumerateArray());
        Assert.False(ended.GetProperty("active").GetBoolean());
        Assert.Equal(until, ended.GetProperty("until").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_purpose_is_facts_and_an_owner_without_facts_does_not_read_it()
    {
        // A case the CPAS opened (it owns core, identity, contact, children; not facts), assessed high by the zone's police.
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase();
        using var police = await api.ClientFor("police-5344");
        await (await police.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var id = (await (await Open(parquet, opened.Id, Body(DateTimeOffset.UtcNow.AddDays(30), "health-cpvs-bruxelles"))).Json(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

        var seen = await (await cpas.GetAsync($"/api/v1/cases/{opened.Id}/consultations/{id}")).Json();
        Assert.False(seen.TryGetProperty("purpose", out _));
        Assert.Equal(["health-cpvs-bruxelles", "parquet-bruxelles"], seen.GetProperty("participants").Strings());

        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        var byParticipant = await (await cpvs.GetAsync($"/api/v1/cases/{opened.Id}/consultations/{id}")).Json();
        Assert.Equal("Safety plan after strangulation.", byParticipant.GetProperty("purpose").GetString());
        await (await parquet.GetAsync($"/api/v1/cases/{opened.Id}/consultations/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task A_consultation_is_for_its_participants_its_opener_and_the_owner_only()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await HighRiskCase(police);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var id = (await (await Open(parquet, opened.Id, Body(DateTimeOffset.UtcNow.AddDays(30), "health-cpvs-bruxelles"))).Json(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

        // The justice house and the SAPV see the case by legal mission, but take no part: that the CPVS is involved is not theirs to know.
        foreach (var agency in new[] { "justice-house-bruxelles", "sapv-5344" })
        {
            using var client = await api.ClientFor(agency);
            await (await client.GetAsync($"/api/v1/cases/{opened.Id}/consultations/{id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
            var list = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/consultations")).Json();
            Assert.Empty(list.GetProperty("items").EnumerateArray());
            Assert.False(list.TryGetProperty("nextCursor", out _));
            var timeline = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
            Assert.DoesNotContain(timeline.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "case.consultation_opened");
        }
        foreach (var client in new[] { police, parquet })
        {
            var listed = Assert.Single((await (await client.GetAsync($"/api/v1/cases/{opened.Id}/consultations")).Json()).GetProperty("items").EnumerateArray());
            Assert.Equal(id, listed.GetProperty("id").GetGuid());
            var timeline = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
            Assert.Contains(timeline.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "case.consultation_opened");
        }
    }

    [Fact]
    public async Task A_repeated_idempotency_key_replays_the_consultation()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await HighRiskCase(police);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var key = Guid.NewGuid().ToString();
        var body = Body(DateTimeOffset.UtcNow.AddDays(30), "cpas-saint-josse");
        HttpRequestMessage Request() => new(HttpMethod.Post, $"/api/v1/cases/{opened.Id}/consultations")
        {
            Content = JsonContent.Create(body),
            Headers = { { "Idempotency-Key", key } },
        };

        var first = await (await parquet.SendAsync(Request())).Json(HttpStatusCode.Created);
        var replay = await parquet.SendAsync(Request());
        var again = await replay.Json(HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single((await (await parquet.GetAsync($"/api/v1/cases/{opened.Id}/consultations")).Json()).GetProperty("items").EnumerateArray());
    }
}
