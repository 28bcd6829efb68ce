using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;

namespace Tactics.Api.Tests.Tasks;

/// <summary>The calls the follow-up tests share: PVs at a chosen time, proactive-contact consents, attempts, and the tasks of one case.</summary>
public static class FollowUpKit
{
    public sealed record CaseTaskRow(Guid Id, string Kind, string Assignee, string? AssigneeUserId, Guid? IncidentId, bool Cancelled);

    /// <summary>A fake clock at the real time, on a whole second (tokens stay valid).</summary>
    public static FakeTimeProvider Clock() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public static async Task<HttpClient> ClientOf(this DispatcherHost host, ApiFixture api, string agency, params string[] roles)
    {
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await api.TokenFor(agency, roles));
        return client;
    }

    /// <summary>Records a PV of <paramref name="zone"/> reported at <paramref name="reportedAt"/>; returns its id.</summary>
    public static async Task<Guid> RecordPv(this HttpClient police, Guid caseId, DateTimeOffset reportedAt, string kind = "family_dispute_report",
        string zone = "5344", Guid? follows = null)
    {
        var body = CaseRequests.IncidentBody(kind, zone);
        body["occurredAt"] = reportedAt.AddHours(-2).ToString("O");
        body["reportedAt"] = reportedAt.ToString("O");
        if (follows is { } followed) body["followsIncidentId"] = followed.ToString();
        return (await (await police.PostIncident(caseId, body)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>A consent with purpose proactive_contact for contact, recorded by <paramref name="recorder"/>.</summary>
    public static async Task<Guid> GrantProactiveConsent(this HttpClient recorder, Guid caseId, JsonObject recipient, DateTimeOffset validFrom,
        DateTimeOffset? validUntil = null)
    {
        var response = await recorder.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new JsonObject
        {
            ["recipient"] = recipient,
            ["categories"] = new JsonArray("contact"),
            ["purpose"] = "proactive_contact",
            ["validFrom"] = validFrom.ToString("O"),
            ["validUntil"] = (validUntil ?? validFrom.AddDays(90)).ToString("O"),
            ["obtained"] = new JsonObject { ["how"] = "verbal", ["details"] = "Asked at the desk." },
        });
        return (await response.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> PostAttempt(this HttpClient client, Guid taskId, JsonNode body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{taskId}/attempts") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static JsonObject AttemptBody(string outcome, DateTimeOffset at, string how = "phone") =>
        new() { ["outcome"] = outcome, ["at"] = at.ToString("O"), ["how"] = how, ["note"] = "No answer." };

    public static async Task<JsonElement> GetTask(this HttpClient client, Guid taskId) =>
        await (await client.GetAsync($"/api/v1/tasks/{taskId}")).Json();

    /// <summary>The tasks of one case, straight from the database (a task the policy hides from everyone still shows here).</summary>
    public static async Task<List<CaseTaskRow>> TasksOf(this ApiFixture api, Guid caseId)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var rows = await db.Tasks.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync();
        return [.. rows.Select(t => new CaseTaskRow(t.Id, Api.Common.Validation.EnumNames.Name(t.Kind), t.AssigneeAgency, t.AssigneeUserId, t.IncidentId,
            t.CancelledAt is not null))];
    }

    public static async Task<CaseTaskRow> SingleTask(this ApiFixture api, Guid caseId, string kind) =>
        Assert.Single(await api.TasksOf(caseId), t => t.Kind == kind);

    /// <summary>Replaces police-5344's EVA referents (its agency_admin).</summary>
    public static async Task MapReferents(this ApiFixture api, string agency, JsonArray referents)
    {
        using var admin = await api.ClientFor(agency, "agency_admin");
        var response = await admin.PutAsJsonAsync($"/api/v1/agencies/{agency}/referents", new JsonObject { ["referents"] = referents });
        await response.Json();
    }
}
