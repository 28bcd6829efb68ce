using Npgsql;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy;

/// <summary>Cases, consents and records set up over HTTP for the sharing tests.</summary>
public static class SharingKit
{
    public static readonly string[] AllCategories =
        ["core", "identity", "contact", "facts", "children", "risk", "judicial", "measures", "social", "health", "internal_notes"];

    /// <summary>One agency of each kind, all in Brussels (zone 5344 / judicial district bruxelles).</summary>
    public static readonly string[] OneAgencyPerKind =
    [
        "police-5344", "parquet-bruxelles", "sapv-5344", "cpas-saint-josse", "health-cpvs-bruxelles",
        "victim-support-refuge-bruxelles", "perpetrator-support-praxis", "justice-house-bruxelles", "coordination-olista",
    ];

    /// <summary>A case body whose victim and author live at <paramref name="postcode"/>.</summary>
    public static JsonObject CaseBody(string postcode = "1210", bool confidential = false, string? lastName = null)
    {
        var body = CaseRequests.OpenCaseBody(lastName ?? "T" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var person in new[] { "victim", "author" })
        {
            body[person]!["address"]!["postcode"] = postcode;
            body[person]!["address"]!["commune"] = postcode.StartsWith('2') ? "Antwerpen" : "Saint-Josse-ten-Noode";
        }
        body["victim"]!["address"]!["confidential"] = confidential;
        return body;
    }

    public static async Task<Guid> OpenCaseAs(this ApiFixture api, string agency, string postcode = "1210", bool confidential = false)
    {
        using var client = await api.ClientFor(agency);
        return (await client.OpenCase(CaseBody(postcode, confidential))).Id;
    }

    public static async Task<Guid> GrantConsent(this HttpClient recorder, Guid caseId, JsonObject recipient, string[] categories,
        DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null)
    {
        var response = await recorder.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new JsonObject
        {
            ["recipient"] = recipient,
            ["categories"] = new JsonArray([.. categories.Select(c => (JsonNode)c)]),
            ["purpose"] = "follow_up",
            ["validFrom"] = (validFrom ?? DateTimeOffset.UtcNow.AddDays(-1)).ToString("O"),
            ["validUntil"] = (validUntil ?? DateTimeOffset.UtcNow.AddDays(90)).ToString("O"),
            ["obtained"] = new JsonObject { ["how"] = "written", ["details"] = "Signed form." },
        });
        return (await response.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>A 458ter consultation opened by parquet-antwerpen for one participant, until tomorrow, written straight to the database
    /// (the matrices need one on cases whose risk no one assessed).</summary>
    public static async Task OpenConsultationDirectly(this ApiFixture api, Guid caseId, string participant)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO case_consultations (id, case_id, participants, purpose, until, opened_by_agency, opened_by_user, opened_at)
            VALUES (@id, @case, @participants, 'Safety plan.', now() + interval '1 day', 'parquet-antwerpen', 'referent-1', now())
            """, connection);
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        command.Parameters.AddWithValue("case", caseId);
        command.Parameters.AddWithValue("participants", new[] { participant });
        await command.ExecuteNonQueryAsync();
    }

    public static JsonObject ToAgency(string code) => new() { ["agencyCode"] = code };

    public static async Task RevokeConsent(this HttpClient client, Guid caseId, Guid consentId) =>
        await (await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents/{consentId}/revocation", new { reason = "Asked by the victim." }))
            .Json(HttpStatusCode.OK);

    public static async Task<Guid> AddRecord(this HttpClient client, Guid caseId, string category, string text)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/records", new { category, text });
        return (await response.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>The categories a response says it withheld, as <c>category:reason</c>.</summary>
    public static string[] Withheld(JsonElement body) =>
        [.. body.GetProperty("withheld").EnumerateArray().Select(w => $"{w.GetProperty("category").GetString()}:{w.GetProperty("reason").GetString()}")];

    /// <summary>The categories a response carries: all but those withheld.</summary>
    public static string[] Visible(JsonElement body)
    {
        var withheld = body.GetProperty("withheld").EnumerateArray().Select(w => w.GetProperty("category").GetString()).ToHashSet();
        return [.. AllCategories.Where(c => !withheld.Contains(c))];
    }
}
