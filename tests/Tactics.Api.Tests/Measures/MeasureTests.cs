using System.Net;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Measures;

public sealed class MeasureTests(ApiFixture api)
{
    [Fact]
    public async Task A_police_zone_imposes_a_measure_and_lifts_it_with_a_reason()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        var body = CustodyRequests.MeasureBody();

        var response = await police.PostMeasure(opened.Id, body, opened.ETag);
        var measure = await response.Json(HttpStatusCode.Created);

        var id = measure.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/cases/{opened.Id}/measures/{id}", response.Headers.Location!.OriginalString);
        CaseAssertions.AssertETag(response.Headers.ETag!.ToString());
        Assert.NotEqual(opened.ETag, response.Headers.ETag!.ToString());
        Assert.Equal("itr", measure.GetProperty("kind").GetString());
        Assert.Equal("active", measure.GetProperty("status").GetString());
        Assert.Equal("parquet-bruxelles", measure.GetProperty("orderedBy").GetString());
        Assert.Equal("police-5344", measure.GetProperty("imposedBy").GetString());
        Assert.Equal(body["until"]!.GetValue<DateTimeOffset>().TruncateToMicroseconds(), measure.GetProperty("until").GetDateTimeOffset());
        Assert.Equal("Author must leave the home for 10 days.", measure.GetProperty("details").GetString());
        Assert.False(measure.TryGetProperty("lifting", out _));

        await (await police.LiftMeasure(opened.Id, id, null)).AssertValidationProblem("reason");
        await (await police.LiftMeasure(opened.Id, id, "  ")).AssertValidationProblem("reason");
        var liftResponse = await police.LiftMeasure(opened.Id, id, "The author moved abroad.");
        var lifted = await liftResponse.Json();

        Assert.NotEqual(response.Headers.ETag!.ToString(), liftResponse.Headers.ETag!.ToString());
        Assert.Equal(liftResponse.Headers.ETag!.ToString(), (await police.GetCase(opened.Id)).ETag);
        Assert.Equal("lifted", lifted.GetProperty("status").GetString());
        Assert.Equal("police-5344", lifted.GetProperty("lifting").GetProperty("liftedBy").GetString());
        Assert.Equal("The author moved abroad.", lifted.GetProperty("lifting").GetProperty("reason").GetString());
        await (await police.LiftMeasure(opened.Id, id, "Again.")).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:measure-not-active");

        var list = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/measures")).Json();
        Assert.Equal(lifted.ToString(), Assert.Single(list.GetProperty("items").EnumerateArray()).ToString());
        var events = await api.EventsOf(opened.Id);
        Assert.Equal(["case.opened", "measure.imposed", "measure.lifted"], events.Select(e => e.Type));
        Assert.All(events.Skip(1), e => Assert.Equal(new Dictionary<string, string> { ["caseId"] = opened.Id.ToString(), ["measureId"] = id.ToString() }, e.Data));
    }

    [Fact]
    public async Task A_measure_lasting_until_lifted_defaults_its_order_to_the_caller_and_starts_later_when_scheduled()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();

        var measure = await (await parquet.PostMeasure(opened.Id, JsonNode.Parse($$"""
            { "kind": "alarm_button", "from": "{{DateTimeOffset.UtcNow.AddDays(1):O}}" }
            """)!)).Json(HttpStatusCode.Created);

        Assert.Equal("alarm_button", measure.GetProperty("kind").GetString());
        Assert.Equal("scheduled", measure.GetProperty("status").GetString());
        Assert.Equal("parquet-bruxelles", measure.GetProperty("orderedBy").GetString());
        Assert.False(measure.TryGetProperty("until", out _));
    }

    [Theory]
    [InlineData("cpas-saint-josse")]
    [InlineData("justice-house-bruxelles")]
    [InlineData("sapv-5344")]
    public async Task Only_police_and_parquet_impose_measures(string agency)
    {
        using var client = await api.ClientFor(agency);
        var opened = await client.OpenCaseIn1210();

        await (await client.PostMeasure(opened.Id, CustodyRequests.MeasureBody())).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        Assert.Equal(opened.ETag, (await client.GetCase(opened.Id)).ETag);
    }

    [Theory]
    [InlineData("""{ "from": "2026-01-01T00:00:00Z" }""", "kind")]
    [InlineData("""{ "kind": "curfew", "from": "2026-01-01T00:00:00Z" }""", "kind")]
    [InlineData("""{ "kind": "itr" }""", "from")]
    [InlineData("""{ "kind": "itr", "from": "2026-01-10T00:00:00Z", "until": "2026-01-01T00:00:00Z" }""", "until")]
    [InlineData("""{ "kind": "itr", "from": "2026-01-01T00:00:00Z", "orderedBy": "parquet-nowhere" }""", "orderedBy")]
    [InlineData("""{ "kind": "itr", "from": "2026-01-01T00:00:00Z", "orderedBy": "Not A Code" }""", "orderedBy")]
    public async Task Measures_are_validated_field_by_field(string body, string field)
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();

        await (await police.PostMeasure(opened.Id, JsonNode.Parse(body)!)).AssertValidationProblem(field);
        Assert.Equal(["case.opened"], (await api.EventsOf(opened.Id)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_measure_of_another_case_is_not_found_and_a_lifting_replays_its_idempotency_key()
    {
        using var police = await api.ClientFor("police-5344");
        var one = await police.OpenCaseIn1210();
        var other = await police.OpenCaseIn1210();
        var measure = await (await police.PostMeasure(one.Id, CustodyRequests.MeasureBody("no_contact"))).Json(HttpStatusCode.Created);
        var id = measure.GetProperty("id").GetGuid();

        await (await police.LiftMeasure(other.Id, id, "Wrong case.")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await police.GetAsync($"/api/v1/cases/{other.Id}/measures/{id}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        var key = Guid.NewGuid().ToString();
        var first = await police.LiftMeasure(one.Id, id, "Court decision.", key);
        var replay = await police.LiftMeasure(one.Id, id, "Court decision.", key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(first.Headers.ETag, replay.Headers.ETag);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await api.EventsOf(one.Id), e => e.Type == "measure.lifted");
    }
}
