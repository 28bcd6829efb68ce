using System.Net;
using System.Text.Json;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Cases;

public sealed class TimelineTests(ApiFixture api)
{
    [Fact]
    public async Task The_timeline_lists_every_event_of_the_case_in_order()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        var incident = await (await client.PostIncident(opened.Id, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);
        var assessment = await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        await (await client.PatchCase(opened.Id, """{ "victim": { "phone": "+32470654321" } }""", (await client.GetCase(opened.Id)).ETag)).Json();
        await (await client.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Done." }""", (await client.GetCase(opened.Id)).ETag)).Json();
        await (await client.PatchCase(opened.Id, """{ "status": "open" }""", (await client.GetCase(opened.Id)).ETag)).Json();

        var timeline = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
        var events = timeline.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(
            ["case.opened", "case.incident_recorded", "task.assigned", "case.risk_assessed", "case.risk_raised", "case.contact_changed", "case.closed", "case.reopened"],
            events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal("police-5344", e.GetProperty("actorAgency").GetString()));
        Assert.Equal(incident.GetProperty("id").GetGuid(), events[1].GetProperty("incidentId").GetGuid());
        // The family-dispute PV's EVA call-back, for the zone's police.
        Assert.Equal(incident.GetProperty("id").GetGuid(), events[2].GetProperty("incidentId").GetGuid());
        Assert.Equal(assessment.GetProperty("id").GetGuid(), events[3].GetProperty("riskAssessmentId").GetGuid());
        var times = events.Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        CaseAssertions.AssertWithheldFromPolice(timeline);
        Assert.False(timeline.TryGetProperty("nextCursor", out _));
        // Thin events: no personal data.
        Assert.DoesNotContain("Amina", timeline.ToString());
        Assert.DoesNotContain("Done.", timeline.ToString());
    }

    [Fact]
    public async Task The_timeline_pages_with_a_cursor()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);

        var first = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/timeline?limit=2")).Json();
        Assert.Equal(["case.opened", "case.risk_assessed"], first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/timeline?limit=2&cursor={cursor}")).Json();
        Assert.Equal(["case.risk_raised"], second.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.False(second.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task A_lower_or_equal_risk_level_is_assessed_but_not_raised()
    {
        using var client = await api.ClientFor("police-5344");
        var opened = await client.OpenCase();
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        await (await client.PostRiskAssessment(opened.Id, CaseRequests.RiskBody("no", "no", "no", "no", "no"))).Json(HttpStatusCode.Created);

        var timeline = await (await client.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
        Assert.Equal(["case.opened", "case.risk_assessed", "case.risk_raised", "case.risk_assessed"],
            timeline.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    private static async Task<List<string?>> Types(HttpClient client, Guid caseId, string query = "") =>
        [.. (await (await client.GetAsync($"/api/v1/cases/{caseId}/timeline{query}")).Json()).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("type").GetString())];

    [Fact]
    public async Task A_record_is_on_the_timeline_of_those_who_may_read_it_only()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("health-cpvs-bruxelles"), ["identity"]);
        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        await cpvs.AddRecord(opened.Id, "health", "Findings recorded at the CPVS.");

        // That the CPVS wrote something is itself health data: not for the owner police.
        Assert.Equal(["case.opened", "case.consent_granted"], await Types(police, opened.Id));
        Assert.Equal(["case.opened", "case.consent_granted", "case.record_added"], await Types(cpvs, opened.Id));
    }

    [Fact]
    public async Task Entries_outside_the_callers_view_are_dropped_before_paging()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCase();
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("health-cpvs-bruxelles"), ["identity"]);
        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        for (var i = 0; i < 3; i++) await cpvs.AddRecord(opened.Id, "health", $"Findings {i}.");
        await (await police.PostRiskAssessment(opened.Id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);

        var first = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/timeline?limit=2")).Json();
        Assert.Equal(["case.opened", "case.consent_granted"], first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var second = await (await police.GetAsync($"/api/v1/cases/{opened.Id}/timeline?limit=2&cursor={first.GetProperty("nextCursor").GetString()}")).Json();
        Assert.Equal(["case.risk_assessed", "case.risk_raised"], second.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.False(second.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public async Task The_household_link_is_on_the_timeline_of_legal_mission_only()
    {
        // Two cases of one couple opened by the police join one household; the CPAS holds a consent on the second.
        using var police = await api.ClientFor("police-5344");
        var body = CaseRequests.OpenCaseBody();
        await police.OpenCase(body);
        var second = await police.OpenCase(CaseRequests.OpenCaseBody(body["victim"]!["lastName"]!.GetValue<string>()));
        Assert.Contains("case.household_linked", await Types(police, second.Id));
        await police.GrantConsent(second.Id, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);
        using var cpas = await api.ClientFor("cpas-saint-josse");

        Assert.DoesNotContain("case.household_linked", await Types(cpas, second.Id));
    }
}
