using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Features.Notifications.Recipients;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Custody;

public sealed class RecordCustodyEventTests(ApiFixture api)
{
    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    [Fact]
    public async Task A_release_is_recorded_with_its_conditions_and_changes_the_case_etag()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        var body = CustodyRequests.ReleasedBody();

        var response = await parquet.PostCustodyEvent(opened.Id, body, opened.ETag);
        var custody = await response.Json(HttpStatusCode.Created);

        var id = custody.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/cases/{opened.Id}/custody-events/{id}", response.Headers.Location!.OriginalString);
        CaseAssertions.AssertETag(response.Headers.ETag!.ToString());
        Assert.NotEqual(opened.ETag, response.Headers.ETag!.ToString());
        Assert.Equal("released", custody.GetProperty("kind").GetString());
        Assert.Equal("parquet-bruxelles", custody.GetProperty("recordedBy").GetString());
        var conditions = custody.GetProperty("conditions");
        Assert.True(conditions.GetProperty("noContact").GetBoolean());
        Assert.True(conditions.GetProperty("noApproachToVictimAddress").GetBoolean());
        Assert.Equal(500, conditions.GetProperty("perimeterMeters").GetInt32());
        Assert.Equal(body["conditions"]!["until"]!.GetValue<DateTimeOffset>().TruncateToMicroseconds(), conditions.GetProperty("until").GetDateTimeOffset());
        CaseAssertions.AssertWithheldFromPolice(custody);

        var read = await (await parquet.GetAsync($"/api/v1/cases/{opened.Id}/custody-events/{id}")).Json();
        Assert.Equal(custody.ToString(), read.ToString());
        var list = await (await parquet.GetAsync($"/api/v1/cases/{opened.Id}/custody-events")).Json();
        Assert.Equal(custody.ToString(), Assert.Single(list.GetProperty("items").EnumerateArray()).ToString());
        Assert.Equal(response.Headers.ETag!.ToString(), (await parquet.GetCase(opened.Id)).ETag);

        var timeline = await (await parquet.GetAsync($"/api/v1/cases/{opened.Id}/timeline")).Json();
        var events = timeline.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["case.opened", "custody.released", "task.assigned"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(id, events[1].GetProperty("custodyEventId").GetGuid());
        Assert.Equal(custody.GetProperty("informVictimTaskId").GetGuid(), events[2].GetProperty("taskId").GetGuid());
    }

    [Theory]
    [InlineData("police-5344")]
    [InlineData("sapv-5344")]
    [InlineData("cpas-saint-josse")]
    [InlineData("victim-support-refuge-bruxelles")]
    public async Task Only_the_parquet_or_a_justice_house_records_custody_events(string agency)
    {
        using var client = await api.ClientFor(agency);
        var opened = await client.OpenCaseIn1210();

        var response = await client.PostCustodyEvent(opened.Id, CustodyRequests.ReleasedBody());

        await response.AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        Assert.Equal(opened.ETag, (await client.GetCase(opened.Id)).ETag);
        Assert.DoesNotContain(await api.EventsOf(opened.Id), e => e.Type.StartsWith("custody.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_justice_house_records_a_detention_and_a_leave()
    {
        using var justice = await api.ClientFor("justice-house-bruxelles");
        var opened = await justice.OpenCaseIn1210();

        var detained = await (await justice.PostCustodyEvent(opened.Id, CustodyRequests.DetainedBody())).Json(HttpStatusCode.Created);
        var from = DateTimeOffset.UtcNow.AddDays(1);
        var leave = await (await justice.PostCustodyEvent(opened.Id, CustodyRequests.LeaveBody(from, from.AddHours(12)))).Json(HttpStatusCode.Created);

        Assert.Equal("detained", detained.GetProperty("kind").GetString());
        Assert.False(detained.TryGetProperty("conditions", out _));
        Assert.False(detained.TryGetProperty("informVictimTaskId", out _));
        Assert.Equal("leave_granted", leave.GetProperty("kind").GetString());
        Assert.Equal(from.TruncateToMicroseconds(), leave.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(200, leave.GetProperty("conditions").GetProperty("perimeterMeters").GetInt32());
        Assert.False(leave.TryGetProperty("informVictimTaskId", out _));
        Assert.Equal(["case.opened", "custody.detained", "custody.leave_granted"], (await api.EventsOf(opened.Id)).Select(e => e.Type));
    }

    public static TheoryData<string, string> InvalidBodies()
    {
        var now = DateTimeOffset.UtcNow;
        return new()
        {
            { """{ "occurredAt": "2026-01-01T00:00:00Z" }""", "kind" },
            { """{ "kind": "escaped" }""", "kind" },
            { """{ "kind": "release_scheduled" }""", "scheduledFor" },
            { $$"""{ "kind": "release_scheduled", "scheduledFor": "{{Iso(now.AddHours(-1))}}" }""", "scheduledFor" },
            { $$"""{ "kind": "released", "scheduledFor": "{{Iso(now.AddDays(1))}}" }""", "scheduledFor" },
            { $$"""{ "kind": "leave_granted", "until": "{{Iso(now.AddDays(1))}}" }""", "from" },
            { $$"""{ "kind": "leave_granted", "from": "{{Iso(now.AddDays(2))}}", "until": "{{Iso(now.AddDays(1))}}" }""", "until" },
            { $$"""{ "kind": "leave_granted", "from": "{{Iso(now.AddDays(2))}}" }""", "until" },
            { $$"""{ "kind": "released", "from": "{{Iso(now)}}" }""", "from" },
            { """{ "kind": "detained", "conditions": { "noContact": true } }""", "conditions" },
            { """{ "kind": "released", "conditions": { "perimeterMeters": 0 } }""", "conditions.perimeterMeters" },
            { """{ "kind": "released", "conditions": { "perimeterMeters": 100001 } }""", "conditions.perimeterMeters" },
            { $$"""{ "kind": "released", "occurredAt": "{{Iso(now.AddHours(1))}}" }""", "occurredAt" },
            { $$"""{ "kind": "released", "occurredAt": "{{Iso(now.AddDays(-1))}}", "conditions": { "until": "{{Iso(now.AddDays(-2))}}" } }""", "conditions.until" },
            { """{ "kind": "released", "conditions": { "noContact": "yes" } }""", "conditions.noContact" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Custody_events_are_validated_field_by_field_and_a_refused_one_changes_nothing(string body, string field)
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();

        await (await parquet.PostCustodyEvent(opened.Id, JsonNode.Parse(body)!)).AssertValidationProblem(field);

        Assert.Equal(opened.ETag, (await parquet.GetCase(opened.Id)).ETag);
        Assert.Equal(["case.opened"], (await api.EventsOf(opened.Id)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_release_gives_the_sapv_of_the_victims_zone_an_inform_victim_task_due_within_two_hours()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        using var sapv = await api.ClientFor("sapv-5344");
        using var police = await api.ClientFor("police-5344");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await parquet.OpenCaseIn1210();

        var before = DateTimeOffset.UtcNow;
        var (custody, taskId) = await parquet.Release(opened.Id);
        var after = DateTimeOffset.UtcNow;

        var task = await (await sapv.GetAsync($"/api/v1/tasks/{taskId}")).Json();
        Assert.Equal("inform_victim", task.GetProperty("kind").GetString());
        Assert.Equal("open", task.GetProperty("status").GetString());
        Assert.Equal("sapv-5344", task.GetProperty("assigneeAgency").GetString());
        Assert.Equal("police-5344", task.GetProperty("escalationAgency").GetString());
        Assert.Equal(opened.Id, task.GetProperty("caseId").GetGuid());
        Assert.Equal(custody.GetProperty("id").GetGuid(), task.GetProperty("custodyEventId").GetGuid());
        var created = task.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(created + TimeSpan.FromHours(2), task.GetProperty("dueAt").GetDateTimeOffset());
        Assert.InRange(created, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.False(task.TryGetProperty("completion", out _));
        Assert.False(task.TryGetProperty("escalatedAt", out _));

        // The SAPV's list has it; the zone's police (its escalation) hears of it only once it escalated; the parquet whose
        // release raised it reads it; others never see it.
        Assert.Contains(taskId, await TaskIds(sapv, "?status=open&assigned=agency"));
        Assert.DoesNotContain(taskId, await TaskIds(sapv, "?status=completed"));
        Assert.DoesNotContain(taskId, await TaskIds(sapv, "?assigned=me"));
        Assert.DoesNotContain(taskId, await TaskIds(police, ""));
        await (await police.GetAsync($"/api/v1/tasks/{taskId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(HttpStatusCode.OK, (await parquet.GetAsync($"/api/v1/tasks/{taskId}")).StatusCode);
        await (await cpas.GetAsync($"/api/v1/tasks/{taskId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // The events, thin, in the release's own transaction.
        var events = await api.EventsOf(opened.Id);
        // One change raises both events at one time: their order among themselves is not promised.
        Assert.Equal(["case.opened", "custody.released", "task.assigned"], events.Select(e => e.Type).Order(StringComparer.Ordinal));
        var released = Assert.Single(events, e => e.Type == "custody.released");
        Assert.Equal(new Dictionary<string, string>
        {
            ["caseId"] = opened.Id.ToString(),
            ["custodyEventId"] = custody.GetProperty("id").GetGuid().ToString(),
            ["taskId"] = taskId.ToString(),
        }, released.Data);
        Assert.Equal(taskId.ToString(), Assert.Single(events, e => e.Type == "task.assigned").Data["taskId"]);
    }

    [Fact]
    public async Task A_scheduled_release_is_due_before_the_release()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        using var sapv = await api.ClientFor("sapv-5344");
        var opened = await parquet.OpenCaseIn1210();
        var inThreeDays = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(3).ToUnixTimeSeconds());
        var inOneHour = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());

        var (far, farTask) = await parquet.Release(opened.Id, CustodyRequests.ScheduledBody(inThreeDays));
        var (_, nearTask) = await parquet.Release(opened.Id, CustodyRequests.ScheduledBody(inOneHour));

        Assert.Equal("release_scheduled", far.GetProperty("kind").GetString());
        Assert.Equal(inThreeDays, far.GetProperty("scheduledFor").GetDateTimeOffset());
        // Two hours ahead of a release far enough away...
        Assert.Equal(inThreeDays - TimeSpan.FromHours(2), (await (await sapv.GetAsync($"/api/v1/tasks/{farTask}")).Json()).GetProperty("dueAt").GetDateTimeOffset());
        // ...and never after the release itself.
        Assert.Equal(inOneHour, (await (await sapv.GetAsync($"/api/v1/tasks/{nearTask}")).Json()).GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(await api.EventsOf(opened.Id), e => e.Type == "custody.release_scheduled" && e.Data["taskId"] == farTask.ToString());
    }

    [Fact]
    public async Task A_victim_in_no_partner_zone_leaves_the_task_and_its_escalation_to_the_owner()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var body = CaseRequests.OpenCaseBody("Elsewhere").With("victim.address.postcode", "6000").With("victim.address.commune", "Charleroi");
        var opened = await parquet.OpenCase(body);

        var (_, taskId) = await parquet.Release(opened.Id);

        var task = await (await parquet.GetAsync($"/api/v1/tasks/{taskId}")).Json();
        Assert.Equal("parquet-bruxelles", task.GetProperty("assigneeAgency").GetString());
        Assert.Equal("parquet-bruxelles", task.GetProperty("escalationAgency").GetString());
    }

    [Fact]
    public async Task Without_a_victim_address_the_zone_of_the_cases_incidents_informs_the_victim()
    {
        using var police = await api.ClientFor("police-5339");
        var opened = await police.OpenCase(CaseRequests.OpenCaseBody("Nowhere").Without("victim.address"));
        await (await police.PostIncident(opened.Id, CaseRequests.IncidentBody(zone: "5339"))).Json(HttpStatusCode.Created);
        using var scope = api.Factory.Services.CreateScope();
        var zones = scope.ServiceProvider.GetRequiredService<VictimZones>();

        var zone = await zones.ForCaseAsync(opened.Id, CancellationToken.None);

        Assert.NotNull(zone);
        Assert.Equal(["police-5339"], zone.Police);
        Assert.Equal(["sapv-5339"], zone.Sapv);
        Assert.Equal("sapv-5339", zone.InformVictimAssignee);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_records_one_release()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        var body = CustodyRequests.ReleasedBody();
        var key = Guid.NewGuid().ToString();

        var first = await parquet.PostCustodyEvent(opened.Id, body, idempotencyKey: key);
        var second = await parquet.PostCustodyEvent(opened.Id, body, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.Json(HttpStatusCode.Created)).ToString(), (await second.Json(HttpStatusCode.Created)).ToString());
        Assert.Single(await api.EventsOf(opened.Id), e => e.Type == "custody.released");
        var stale = await parquet.PostCustodyEvent(opened.Id, CustodyRequests.DetainedBody(), opened.ETag);
        await stale.AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
    }

    [Fact]
    public async Task A_closed_case_takes_no_custody_event_and_a_foreign_case_is_a_404()
    {
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var opened = await parquet.OpenCaseIn1210();
        await (await parquet.PatchCase(opened.Id, """{ "status": "closed", "closedReason": "Done." }""", opened.ETag)).Json();

        await (await parquet.PostCustodyEvent(opened.Id, CustodyRequests.ReleasedBody())).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:case-closed");

        using var antwerp = await api.ClientFor("parquet-antwerpen");
        await (await antwerp.PostCustodyEvent(opened.Id, CustodyRequests.ReleasedBody())).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await antwerp.GetAsync($"/api/v1/cases/{opened.Id}/custody-events")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    private static async Task<List<Guid>> TaskIds(HttpClient client, string query)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var separator = query.Length == 0 ? "?" : "&";
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks{query}{separator}limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return ids;
    }

    internal static Task<List<Guid>> ListedTaskIds(HttpClient client, string query) => TaskIds(client, query);
}

internal static class TimeAssertions
{
    public static DateTimeOffset TruncateToMicroseconds(this DateTimeOffset value) =>
        value.ToUniversalTime().AddTicks(-(value.UtcTicks % TimeSpan.TicksPerMicrosecond));
}
