using System.Net;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Incidents;

public sealed class RecordIncidentTests(ApiFixture api)
{
    [Fact]
    public async Task A_family_dispute_report_is_recorded_with_its_five_sections()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var body = CaseRequests.IncidentBody(pvNumber: CaseRequests.NewPvNumber().ToLowerInvariant());

        var response = await client.PostIncident(opened.Id, body, opened.ETag);
        var incident = await response.Json(HttpStatusCode.Created);

        var id = incident.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/cases/{opened.Id}/incidents/{id}", response.Headers.Location!.OriginalString);
        CaseAssertions.AssertETag(response.Headers.ETag!.ToString());
        Assert.NotEqual(opened.ETag, response.Headers.ETag!.ToString());
        Assert.Equal("family_dispute_report", incident.GetProperty("kind").GetString());
        Assert.Equal(body["pvNumber"]!.GetValue<string>().ToUpperInvariant(), incident.GetProperty("pvNumber").GetString());
        Assert.Equal("5344", incident.GetProperty("policeZone").GetString());
        Assert.Equal("police-5344", incident.GetProperty("recordedBy").GetString());
        Assert.StartsWith("Describes what was said", incident.GetProperty("facts").GetString());
        Assert.True(incident.GetProperty("children").GetProperty("present").GetBoolean());
        Assert.True(incident.GetProperty("risk").GetProperty("threats").GetBoolean());
        Assert.Equal("voluntary_departure", incident.GetProperty("immediateMeasure").GetProperty("kind").GetString());
        Assert.Equal(["eva", "sapv"], incident.GetProperty("orientation").Strings());
        Assert.False(incident.TryGetProperty("injuredPartyDeclaration", out _));
        CaseAssertions.AssertWithheldFromPolice(incident);

        var read = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/incidents/{id}")).Json();
        Assert.Equal(incident.ToString(), read.ToString());
        Assert.Equal(response.Headers.ETag!.ToString(), (await client.GetCase(opened.Id)).ETag);
    }

    [Fact]
    public async Task A_complaint_follows_the_family_dispute_report_without_losing_it()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var report = await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);
        var complaintBody = CaseRequests.IncidentBody("complaint").With("followsIncidentId", report.GetProperty("id").GetGuid().ToString());

        var complaint = await (await client.PostIncident(opened.Id, complaintBody)).Json(HttpStatusCode.Created);

        Assert.Equal("complaint", complaint.GetProperty("kind").GetString());
        Assert.Equal("filed_and_explained", complaint.GetProperty("injuredPartyDeclaration").GetString());
        Assert.Equal("sapv", complaint.GetProperty("accompaniedBy").GetString());
        Assert.Equal(report.GetProperty("id").GetGuid(), complaint.GetProperty("followsIncidentId").GetGuid());
        var list = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/incidents")).Json();
        Assert.Equal(["family_dispute_report", "complaint"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(report.ToString(), list.GetProperty("items")[0].ToString());
        CaseAssertions.AssertWithheldFromPolice(list);
    }

    [Fact]
    public async Task A_sensitive_matter_record_has_no_pv_number()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        var record = await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody("sensitive_matter_record"))).Json(HttpStatusCode.Created);
        Assert.False(record.TryGetProperty("pvNumber", out _));

        var withNumber = CaseRequests.IncidentBody("sensitive_matter_record").With("pvNumber", CaseRequests.NewPvNumber());
        await (await client.PostIncident(opened.Id, withNumber)).AssertValidationProblem("pvNumber");
    }

    [Fact]
    public async Task A_pv_number_is_unique_in_its_zone()
    {
        using var brussels = await api.ClientFor("police-5344");
        var pv = CaseRequests.NewPvNumber();
        var first = await brussels.OpenCase();
        var second = await brussels.OpenCase();
        await (await brussels.PostIncident(first.Id, CaseRequests.IncidentBody(pvNumber: pv))).Json(HttpStatusCode.Created);

        var duplicate = await brussels.PostIncident(second.Id, CaseRequests.IncidentBody(pvNumber: pv.ToLowerInvariant()));
        await duplicate.AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:pv-number-taken");
        Assert.Equal(second.ETag, (await brussels.GetCase(second.Id)).ETag);

        // Another zone may hold the same number.
        using var antwerp = await api.ClientFor("police-5345");
        var theirs = await antwerp.OpenCase();
        await (await antwerp.PostIncident(theirs.Id, CaseRequests.IncidentBody(zone: "5345", pvNumber: pv))).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Concurrent_duplicates_of_a_pv_number_give_one_incident_and_one_409()
    {
        using var client = await api.ClientFor("police-5344");
        var pv = CaseRequests.NewPvNumber();
        var first = await client.OpenCase();
        var second = await client.OpenCase();

        var responses = await Task.WhenAll(
            client.PostIncident(first.Id, CaseRequests.IncidentBody(pvNumber: pv)),
            client.PostIncident(second.Id, CaseRequests.IncidentBody(pvNumber: pv)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        await Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Created).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:pv-number-taken");
    }

    [Fact]
    public async Task Only_police_record_incidents()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCase();

        var response = await cpas.PostIncident(opened.Id, CaseRequests.IncidentBody());

        await response.AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
    }

    [Fact]
    public async Task A_stale_if_match_on_an_append_is_a_412_and_none_is_fine()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody(), opened.ETag))
            .AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
        var (_, etag) = await client.GetCase(opened.Id);
        Assert.NotEqual(opened.ETag, etag);
        await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody(), etag)).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Two_appends_with_the_same_etag_one_wins_the_other_gets_412()
    {
        using var first = await api.ClientFor("police-5344");
        using var second = await api.ClientFor("police-5344");
        var opened = await first.OpenCase();

        var responses = await Task.WhenAll(
            first.PostIncident(opened.Id, CaseRequests.IncidentBody(), opened.ETag),
            second.PostRiskAssessment(opened.Id, CaseRequests.RiskBody(), opened.ETag));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        await Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Created).AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
    }

    [Fact]
    public async Task Appends_without_if_match_queue_up_and_all_succeed()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostIncident(opened.Id, CaseRequests.IncidentBody())));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.NotEqual(opened.ETag, (await client.GetCase(opened.Id)).ETag);
        var incidents = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/incidents")).Json();
        Assert.Equal(4, incidents.GetProperty("items").GetArrayLength());
    }

    public static TheoryData<string, string, string?> InvalidFields() => new()
    {
        { "kind", "kind", "burglary" },
        { "kind", "kind", null },
        { "pvNumber", "pvNumber", null },
        { "pvNumber", "pvNumber", "BR 55 <script>" },
        { "pvNumber", "pvNumber", new string('1', 41) },
        { "policeZone", "policeZone", "53" },
        { "policeZone", "policeZone", "5345" }, // not the caller's zone
        { "occurredAt", "occurredAt", DateTimeOffset.UtcNow.AddHours(2).ToString("O") },
        { "reportedAt", "reportedAt", DateTimeOffset.UtcNow.AddHours(-5).ToString("O") }, // before occurredAt
        { "reportedAt", "reportedAt", DateTimeOffset.UtcNow.AddDays(1).ToString("O") },
        { "reportedAt", "reportedAt", "yesterday" },
        { "occurredAt", "occurredAt", "0001-01-01T00:00:00+01:00" },
        { "facts", "facts", "" },
        { "facts", "facts", new string('f', 10001) },
        { "children.impact", "children.impact", new string('i', 2001) },
        { "immediateMeasure.kind", "immediateMeasure.kind", "deportation" },
        { "injuredPartyDeclaration", "injuredPartyDeclaration", "filed" }, // only a complaint records it
        { "followsIncidentId", "followsIncidentId", Guid.NewGuid().ToString() }, // only a complaint follows
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_a_400_naming_it(string path, string field, string? value)
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();

        var body = CaseRequests.IncidentBody().With(path, value is null ? null : JsonValue.Create(value));
        await (await client.PostIncident(opened.Id, body)).AssertValidationProblem(field);
        Assert.Equal(opened.ETag, (await client.GetCase(opened.Id)).ETag);
    }

    [Theory]
    [InlineData("injuredPartyDeclaration")]
    [InlineData("accompaniedBy")]
    public async Task A_complaint_records_the_declaration_and_who_accompanied(string member)
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody("complaint").Without(member))).AssertValidationProblem(member);
    }

    [Fact]
    public async Task A_complaint_follows_only_a_family_dispute_report_of_the_same_case()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var other = await client.OpenCase();
        var elsewhere = await (await client.PostIncident(other.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        var body = CaseRequests.IncidentBody("complaint").With("followsIncidentId", elsewhere.GetProperty("id").GetGuid().ToString());
        await (await client.PostIncident(opened.Id, body)).AssertValidationProblem("followsIncidentId");
    }

    [Fact]
    public async Task An_incident_of_another_case_is_a_404()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var other = await client.OpenCase();
        var incident = await (await client.PostIncident(other.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        await (await client.GetAsync($"/api/v1/cases/{opened.Id}/incidents/{incident.GetProperty("id").GetGuid()}"))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task Incidents_page_in_the_order_they_were_recorded()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }

        var first = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/incidents?limit=2")).Json();
        var second = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/incidents?limit=2&cursor={first.GetProperty("nextCursor").GetString()}")).Json();

        Assert.Equal(ids, first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid()));
        Assert.False(second.TryGetProperty("nextCursor", out _));
    }
}
