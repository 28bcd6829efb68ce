using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;

namespace Tactics.Api.Tests.Board;

/// <summary>Board and decision requests, and hosts on a clock of the test's own.</summary>
public static class BoardKit
{
    /// <summary>
    /// A host on a fake clock in a window of the past: its tokens are issued on its clock and checked on the real one, so they
    /// live long enough to span the gap.
    /// </summary>
    public static DispatcherHost PastHost(ApiFixture api, FakeTimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Auth:DevTokens:Lifetime"] = "3650.00:00:00" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return DispatcherHost.Start(api, loop: false, clock, all);
    }

    /// <summary>
    /// A client of a host on a fake clock, with a token that host issued (valid on its clock). A clock in a window of the past
    /// keeps a test's items apart: every other test's items fall due later than its own.
    /// </summary>
    public static async Task<HttpClient> ClientOf(this DispatcherHost host, string agency, params string[] roles)
    {
        var client = host.Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/dev/tokens", new { agencyCode = agency, userId = $"user-of-{agency}", roles = roles.Length == 0 ? ["member"] : roles });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A PV of <paramref name="kind"/> in <paramref name="zone"/>, occurred and reported just before <paramref name="now"/>.</summary>
    public static JsonObject PvBody(DateTimeOffset now, string kind = "family_dispute_report", string zone = "5344") =>
        CaseRequests.IncidentBody(kind, zone)
            .With("occurredAt", now.AddHours(-3).ToString("O", CultureInfo.InvariantCulture))
            .With("reportedAt", now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Records a PV and returns its incident id.</summary>
    public static async Task<Guid> RecordPv(this HttpClient police, Guid caseId, JsonObject body) =>
        (await (await police.PostIncident(caseId, body)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Every item of the caller's board (all pages), in the board's order.</summary>
    public static async Task<List<JsonElement>> Board(this HttpClient client, string query = "")
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/board?limit=200{query}" + (cursor is null ? "" : $"&cursor={cursor}"))).Json();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return items;
    }

    /// <summary>The board item of a PV, if the caller's board (as read) holds it.</summary>
    public static JsonElement? ItemOf(this IEnumerable<JsonElement> board, Guid incidentId) =>
        board.Cast<JsonElement?>().FirstOrDefault(i => i!.Value.TryGetProperty("incidentId", out var id) && id.GetGuid() == incidentId);

    public static Guid? Id(this JsonElement? item) => item?.GetProperty("id").GetGuid();

    public static Task<HttpResponseMessage> PostDecision(this HttpClient parquet, Guid caseId, JsonNode body, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{caseId}/decisions") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return parquet.SendAsync(request);
    }

    public static JsonObject DecisionOn(Guid incidentId, string decision = "follow_up") => new() { ["incidentId"] = incidentId.ToString(), ["decision"] = decision };

    public static Task<HttpResponseMessage> Assign(this HttpClient client, Guid itemId, string userId) =>
        client.PostAsJsonAsync($"/api/v1/board/items/{itemId}/assignment", new { userId });
}
