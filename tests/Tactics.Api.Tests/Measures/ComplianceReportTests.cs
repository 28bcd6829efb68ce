using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;
using Tactics.Api.Tests.Policy;
using Tactics.Api.Tests.Policy.Reach;

namespace Tactics.Api.Tests.Measures;

/// <summary>Requests and a case of the justice house's follow-up of a measure.</summary>
internal static class ComplianceKit
{
    public const string JusticeHouse = "justice-house-bruxelles";

    /// <summary>The "justice-house reports" example of API-EXAMPLES.md.</summary>
    public static JsonObject BreachBody(DateTimeOffset? observedAt = null) => JsonNode.Parse($$"""
        { "status": "breach", "observedAt": "{{observedAt ?? DateTimeOffset.UtcNow.AddHours(-2):O}}", "details": "Author seen in the street of the victim." }
        """)!.AsObject();

    public static string Reports(Guid caseId, Guid measureId) => $"/api/v1/cases/{caseId}/measures/{measureId}/compliance-reports";

    public static Task<HttpResponseMessage> PostReport(this HttpClient client, Guid caseId, Guid measureId, JsonNode body, string? ifMatch = null,
        string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Reports(caseId, measureId)) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>A case the CPAS of Saint-Josse opened (the victim lives at 1210, police zone 5344) with a no-contact measure the parquet imposed.</summary>
    public static async Task<(OpenedCase Case, Guid MeasureId)> CaseWithMeasure(ApiFixture api)
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await cpas.OpenCaseIn1210();
        var measure = await (await parquet.PostMeasure(opened.Id, CustodyRequests.MeasureBody("no_contact"))).Json(HttpStatusCode.Created);
        return (opened, measure.GetProperty("id").GetGuid());
    }
}

public sealed class ComplianceReportTests(ApiFixture api)
{
    [Fact]
    public async Task A_justice_house_reports_a_breach_with_location_etag_and_the_case_lists_it()
    {
        var (opened, measureId) = await ComplianceKit.CaseWithMeasure(api);
        using var justice = await api.ClientFor(ComplianceKit.JusticeHouse);
        var before = (await justice.GetCase(opened.Id)).ETag;
        var observedAt = DateTimeOffset.UtcNow.AddHours(-2).TruncateToMicroseconds();

        var response = await justice.PostReport(opened.Id, measureId, ComplianceKit.BreachBody(observedAt), before);
        var report = await response.Json(HttpStatusCode.Created);

        var id = report.GetProperty("id").GetGuid();
        Assert.Equal($"{ComplianceKit.Reports(opened.Id, measureId)}/{id}", response.Headers.Location!.OriginalString);
        CaseAssertions.AssertETag(response.Headers.ETag!.ToString());
        Assert.NotEqual(before, response.Headers.ETag!.ToString());
        Assert.Equal(response.Headers.ETag!.ToString(), (await justice.GetCase(opened.Id)).ETag);
        Assert.Equal("breach", report.GetProperty("status").GetString());
        Assert.Equal(observedAt, report.GetProperty("observedAt").GetDateTimeOffset());
        Assert.Equal("Author seen in the street of the victim.", report.GetProperty("details").GetString());
        Assert.Equal(measureId, report.GetProperty("measureId").GetGuid());
        Assert.Equal(ComplianceKit.JusticeHouse, report.GetProperty("recordedBy").GetString());

        // The one and the list say the same; the police, who see measures too, read it (with their own withheld).
        Assert.Equal(report.ToString(), (await (await justice.GetAsync($"{ComplianceKit.Reports(opened.Id, measureId)}/{id}")).Json()).ToString());
        var list = await (await justice.GetAsync(ComplianceKit.Reports(opened.Id, measureId))).Json();
        Assert.Equal(report.ToString(), Assert.Single(list.GetProperty("items").EnumerateArray()).ToString());
        using var police = await api.ClientFor("police-5344");
        var read = await (await police.GetAsync($"{ComplianceKit.Reports(opened.Id, measureId)}/{id}")).Json();
        Assert.Equal("breach", read.GetProperty("status").GetString());
        Assert.Equal("Author seen in the street of the victim.", read.GetProperty("details").GetString());

        var breached = Assert.Single(await api.EventsOf(opened.Id), e => e.Type == EventCatalogue.MeasureBreached);
        Assert.Equal(new Dictionary<string, string>
        {
            ["caseId"] = opened.Id.ToString(), ["measureId"] = measureId.ToString(), ["complianceReportId"] = id.ToString(),
        }, breached.Data);
    }

    [Fact]
    public async Task Complied_and_not_reachable_are_recorded_without_an_event_and_listed_oldest_first_page_by_page()
    {
        var (opened, measureId) = await ComplianceKit.CaseWithMeasure(api);
        using var justice = await api.ClientFor(ComplianceKit.JusticeHouse);

        var complied = await (await justice.PostReport(opened.Id, measureId, new JsonObject { ["status"] = "complied" })).Json(HttpStatusCode.Created);
        var unreachable = await (await justice.PostReport(opened.Id, measureId, new JsonObject
        {
            ["status"] = "not_reachable", ["observedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
        })).Json(HttpStatusCode.Created);

        Assert.Equal("complied", complied.GetProperty("status").GetString());
        Assert.False(complied.TryGetProperty("details", out _));
        // Without observedAt, the time of the report.
        Assert.Equal(complied.GetProperty("recordedAt").GetDateTimeOffset(), complied.GetProperty("observedAt").GetDateTimeOffset());
        Assert.Equal("not_reachable", unreachable.GetProperty("status").GetString());
        Assert.DoesNotContain(await api.EventsOf(opened.Id), e => e.Type == EventCatalogue.MeasureBreached);

        var first = await (await justice.GetAsync($"{ComplianceKit.Reports(opened.Id, measureId)}?limit=1")).Json();
        Assert.Equal(complied.GetProperty("id").GetGuid(), Assert.Single(first.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await (await justice.GetAsync($"{ComplianceKit.Reports(opened.Id, measureId)}?limit=1&cursor={Uri.EscapeDataString(cursor)}")).Json();
        Assert.Equal(unreachable.GetProperty("id").GetGuid(), Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, second.TryGetProperty("nextCursor", out var next) ? next.ValueKind : JsonValueKind.Null);
    }

    [Fact]
    public async Task A_replayed_key_answers_the_first_report_and_a_stale_if_match_is_refused()
    {
        var (opened, measureId) = await ComplianceKit.CaseWithMeasure(api);
        using var justice = await api.ClientFor(ComplianceKit.JusticeHouse);
        var key = Guid.NewGuid().ToString();
        var body = ComplianceKit.BreachBody();

        var first = await justice.PostReport(opened.Id, measureId, body, idempotencyKey: key);
        var created = await first.Json(HttpStatusCode.Created);
        var replay = await justice.PostReport(opened.Id, measureId, body, idempotencyKey: key);

        Assert.Equal(created.ToString(), (await replay.Json(HttpStatusCode.Created)).ToString());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await api.EventsOf(opened.Id), e => e.Type == EventCatalogue.MeasureBreached);

        await (await justice.PostReport(opened.Id, measureId, body, opened.ETag)).AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
    }

    [Theory]
    [InlineData("police-5344")]
    [InlineData("parquet-bruxelles")]
    [InlineData("sapv-5344")]
    public async Task Only_a_justice_house_reports(string agency)
    {
        var (opened, measureId) = await ComplianceKit.CaseWithMeasure(api);
        using var client = await api.ClientFor(agency);
        var etag = (await client.GetCase(opened.Id)).ETag;

        await (await client.PostReport(opened.Id, measureId, ComplianceKit.BreachBody()))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        Assert.Equal(etag, (await client.GetCase(opened.Id)).ETag);
    }

    [Fact]
    public async Task A_case_the_justice_house_does_not_reach_and_a_measure_of_another_case_answer_404()
    {
        using var antwerpPolice = await api.ClientFor("police-5345");
        var antwerp = await antwerpPolice.OpenCase(CaseRequests.OpenCaseBody()
            .With("victim.address.postcode", "2000").With("victim.address.commune", "Antwerpen")
            .With("author.address.postcode", "2000").With("author.address.commune", "Antwerpen"));
        var antwerpMeasure = (await (await antwerpPolice.PostMeasure(antwerp.Id, CustodyRequests.MeasureBody().With("orderedBy", "police-5345")))
            .Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var (opened, _) = await ComplianceKit.CaseWithMeasure(api);
        using var justice = await api.ClientFor(ComplianceKit.JusticeHouse);

        // A stranger to the case: the 404 of a case that does not exist, for the write and the reads.
        await (await justice.PostReport(antwerp.Id, antwerpMeasure, ComplianceKit.BreachBody())).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await justice.GetAsync(ComplianceKit.Reports(antwerp.Id, antwerpMeasure))).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        // Its own case's id with the other case's measure.
        await (await justice.PostReport(opened.Id, antwerpMeasure, ComplianceKit.BreachBody())).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await justice.GetAsync(ComplianceKit.Reports(opened.Id, antwerpMeasure))).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.DoesNotContain(await api.EventsOf(antwerp.Id), e => e.Type == EventCatalogue.MeasureBreached);
        Assert.DoesNotContain(await api.EventsOf(opened.Id), e => e.Type == EventCatalogue.MeasureBreached);
    }

    [Fact]
    public async Task Reports_are_measures_an_agency_that_does_not_see_measures_gets_404()
    {
        var (opened, measureId) = await ComplianceKit.CaseWithMeasure(api);
        using var justice = await api.ClientFor(ComplianceKit.JusticeHouse);
        var report = await (await justice.PostReport(opened.Id, measureId, ComplianceKit.BreachBody())).Json(HttpStatusCode.Created);

        // The CPAS owns the case (core, identity, contact, children) but does not see measures.
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var (caseBody, _) = await cpas.GetCase(opened.Id);
        Assert.Contains("measures", caseBody.GetProperty("withheld").EnumerateArray().Select(w => w.GetProperty("category").GetString()));
        await (await cpas.GetAsync(ComplianceKit.Reports(opened.Id, measureId))).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await cpas.GetAsync($"{ComplianceKit.Reports(opened.Id, measureId)}/{report.GetProperty("id").GetGuid()}"))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var timeline = await (await cpas.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
        Assert.DoesNotContain(timeline.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == EventCatalogue.MeasureBreached);
    }

    [Fact]
    public async Task Bad_reports_are_400s_naming_the_field()
    {
        var (opened, measureId) = await ComplianceKit.CaseWithMeasure(api);
        using var justice = await api.ClientFor(ComplianceKit.JusticeHouse);

        await (await justice.PostReport(opened.Id, measureId, new JsonObject())).AssertValidationProblem("status");
        await (await justice.PostReport(opened.Id, measureId, new JsonObject { ["status"] = "late" })).AssertValidationProblem("status");
        await (await justice.PostReport(opened.Id, measureId, ComplianceKit.BreachBody().Without("observedAt"))).AssertValidationProblem("observedAt");
        await (await justice.PostReport(opened.Id, measureId, ComplianceKit.BreachBody().Without("details"))).AssertValidationProblem("details");
        await (await justice.PostReport(opened.Id, measureId, ComplianceKit.BreachBody().With("details", "  "))).AssertValidationProblem("details");
        await (await justice.PostReport(opened.Id, measureId, ComplianceKit.BreachBody(DateTimeOffset.UtcNow.AddDays(1)))).AssertValidationProblem("observedAt");
        await (await justice.PostReport(opened.Id, measureId, ComplianceKit.BreachBody().With("details", new string('x', 2001)))).AssertValidationProblem("details");
        await (await justice.GetAsync($"{ComplianceKit.Reports(opened.Id, measureId)}?cursor=forged")).AssertValidationProblem("cursor");
        Assert.Empty((await (await justice.GetAsync(ComplianceKit.Reports(opened.Id, measureId))).Json()).GetProperty("items").EnumerateArray());
    }
}

/// <summary>Who hears of a breach: runs a dispatcher over the shared database, so it shares the dispatcher collection.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class ComplianceBreachRoutingTests(ApiFixture api)
{
    [Fact]
    public async Task A_breach_reaches_the_police_of_the_victims_zone_and_the_mission_parquet_and_no_one_else()
    {
        var (opened, measureId) = await ComplianceKit.CaseWithMeasure(api);
        // The Antwerp parquet sees this case's measures by consent, not by legal mission: no addressee of a breach.
        using var police = await api.ClientFor("police-5344");
        await (await police.PostAsJsonAsync($"/api/v1/cases/{opened.Id}/consents",
            World.ConsentBody(SharingKit.ToAgency("parquet-antwerpen"), ["identity", "measures"]))).Json(HttpStatusCode.Created);
        using var antwerpParquet = await api.ClientFor("parquet-antwerpen");
        Assert.Equal(HttpStatusCode.OK, (await antwerpParquet.GetAsync(ComplianceKit.Reports(opened.Id, measureId))).StatusCode);
        await using var host = DispatcherHost.Start(api, loop: false);
        using var justice = await api.ClientFor(ComplianceKit.JusticeHouse);

        await (await justice.PostReport(opened.Id, measureId, new JsonObject { ["status"] = "complied" })).Json(HttpStatusCode.Created);
        await (await justice.PostReport(opened.Id, measureId, ComplianceKit.BreachBody())).Json(HttpStatusCode.Created);
        await host.Pump.RunOnceAsync();

        var breached = Assert.Single(await api.EventsOf(opened.Id), e => e.Type == EventCatalogue.MeasureBreached);
        // Not the owner (the CPAS does not see measures), not the zone's SAPV, not the reporting justice house, not the Antwerp parquet.
        Assert.Equal(["parquet-bruxelles", "police-5344"], await api.InboxesOf(breached.Id));
        var item = Assert.Single(await police.InboxItems(opened.Id, EventCatalogue.MeasureBreached));
        Assert.Equal("measures", item.GetProperty("category").GetString());
        Assert.DoesNotContain("street", item.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
