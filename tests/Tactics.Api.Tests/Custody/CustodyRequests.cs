using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Custody;

/// <summary>Bodies of the contract (API-EXAMPLES.md) for custody events, measures and tasks, and the calls the tests share.</summary>
public static class CustodyRequests
{
    /// <summary>The "custody event" example of API-EXAMPLES.md: a release with its conditions.</summary>
    public static JsonObject ReleasedBody() => JsonNode.Parse($$"""
        {
          "kind": "released",
          "occurredAt": "{{DateTimeOffset.UtcNow.AddMinutes(-30):O}}",
          "conditions": { "noContact": true, "noApproachToVictimAddress": true, "perimeterMeters": 500, "until": "{{DateTimeOffset.UtcNow.AddDays(90):O}}" }
        }
        """)!.AsObject();

    public static JsonObject ScheduledBody(DateTimeOffset scheduledFor) => JsonNode.Parse($$"""
        { "kind": "release_scheduled", "scheduledFor": "{{scheduledFor:O}}", "conditions": { "noContact": true } }
        """)!.AsObject();

    public static JsonObject DetainedBody() => JsonNode.Parse("""{ "kind": "detained" }""")!.AsObject();

    public static JsonObject LeaveBody(DateTimeOffset from, DateTimeOffset until) => JsonNode.Parse($$"""
        { "kind": "leave_granted", "from": "{{from:O}}", "until": "{{until:O}}", "conditions": { "noApproachToVictimAddress": true, "perimeterMeters": 200 } }
        """)!.AsObject();

    /// <summary>The "protective measure" example of API-EXAMPLES.md, ending at <paramref name="until"/>.</summary>
    public static JsonObject MeasureBody(string kind = "itr", DateTimeOffset? from = null, DateTimeOffset? until = null) => JsonNode.Parse($$"""
        {
          "kind": "{{kind}}",
          "from": "{{from ?? DateTimeOffset.UtcNow.AddHours(-1):O}}",
          "until": "{{until ?? DateTimeOffset.UtcNow.AddDays(10):O}}",
          "orderedBy": "parquet-bruxelles",
          "details": "Author must leave the home for 10 days."
        }
        """)!.AsObject();

    /// <summary>The "completing a task" example of API-EXAMPLES.md.</summary>
    public static JsonObject CompletionBody(string outcome = "reached") => JsonNode.Parse($$"""
        { "outcome": "{{outcome}}", "how": "phone", "note": "Victim informed of the release and its conditions." }
        """)!.AsObject();

    public static Task<HttpResponseMessage> PostCustodyEvent(this HttpClient client, Guid caseId, JsonNode body, string? ifMatch = null, string? idempotencyKey = null) =>
        client.Send($"/api/v1/cases/{caseId}/custody-events", body, ifMatch, idempotencyKey);

    public static Task<HttpResponseMessage> PostMeasure(this HttpClient client, Guid caseId, JsonNode body, string? ifMatch = null, string? idempotencyKey = null) =>
        client.Send($"/api/v1/cases/{caseId}/measures", body, ifMatch, idempotencyKey);

    public static Task<HttpResponseMessage> LiftMeasure(this HttpClient client, Guid caseId, Guid measureId, string? reason, string? idempotencyKey = null) =>
        client.Send($"/api/v1/cases/{caseId}/measures/{measureId}/lifting", reason is null ? new JsonObject() : new JsonObject { ["reason"] = reason }, null, idempotencyKey);

    public static Task<HttpResponseMessage> CompleteTask(this HttpClient client, Guid taskId, JsonNode body, string? idempotencyKey = null) =>
        client.Send($"/api/v1/tasks/{taskId}/completion", body, null, idempotencyKey);

    /// <summary>A case opened by <paramref name="owner"/>; the victim lives at 1210 Saint-Josse (police zone 5344).</summary>
    public static async Task<OpenedCase> OpenCaseIn1210(this HttpClient owner) => await owner.OpenCase(CaseRequests.OpenCaseBody($"Custody{Guid.NewGuid():N}"[..20]));

    /// <summary>Records a release and returns the custody event and its inform_victim task id.</summary>
    public static async Task<(JsonElement Custody, Guid TaskId)> Release(this HttpClient parquet, Guid caseId, JsonObject? body = null)
    {
        var custody = await (await parquet.PostCustodyEvent(caseId, body ?? ReleasedBody())).Json(HttpStatusCode.Created);
        return (custody, custody.GetProperty("informVictimTaskId").GetGuid());
    }

    private static Task<HttpResponseMessage> Send(this HttpClient client, string path, JsonNode body, string? ifMatch, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }
}

/// <summary>The outbox and inbox rows of one case, read straight from the database.</summary>
public static class OutboxProbe
{
    public sealed record RaisedEvent(string Id, string Type, Dictionary<string, string> Data, DateTimeOffset OccurredAt);

    public static async Task<List<RaisedEvent>> EventsOf(this ApiFixture api, Guid caseId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var rows = await db.OutboxEvents.AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync();
        return [.. rows.Select(e => new RaisedEvent(e.Id, e.Type, e.Data, e.OccurredAt))];
    }

    /// <summary>The agencies whose inbox holds the event.</summary>
    public static async Task<List<string>> InboxesOf(this ApiFixture api, string eventId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        return await db.Notifications.AsNoTracking().Where(n => n.EventId == eventId).Select(n => n.AgencyCode).OrderBy(c => c).ToListAsync();
    }

    /// <summary>The agency's inbox items about one case, read through the API as the agency itself.</summary>
    public static async Task<List<JsonElement>> InboxItems(this HttpClient agency, Guid caseId, string type)
    {
        var page = await agency.GetFromJsonAsync<JsonElement>($"/api/v1/notifications?type={type}&limit=200");
        return [.. page.GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("data").TryGetProperty("caseId", out var id) && id.GetString() == caseId.ToString())];
    }
}
