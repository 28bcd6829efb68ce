using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Cases;

/// <summary>A case a test opened for itself: its id, its ETag and the body answered.</summary>
public sealed record OpenedCase(Guid Id, string ETag, JsonElement Body);

/// <summary>Request bodies of the contract (API-EXAMPLES.md) and the calls the case tests share.</summary>
public static class CaseRequests
{
    public const string VictimNationalNumber = "90041712324";

    /// <summary>
    /// The "open a case" example of API-EXAMPLES.md, with a last name of the test's own (a fresh one when none is
    /// given). The author's national number and birth date derive from the last name, so every couple is a pair of
    /// its own (household matching joins the cases of one pair) and the same last name gives the same body.
    /// </summary>
    public static JsonObject OpenCaseBody(string? lastName = null)
    {
        lastName ??= NationalNumbers.FreshName("Example");
        var (authorNumber, authorBirthDate) = NationalNumbers.Derived(lastName);
        return JsonNode.Parse($$"""
        {
          "victim": {
            "firstName": "Amina", "lastName": "{{lastName}}", "birthDate": "1990-04-17",
            "nationalNumber": "{{VictimNationalNumber}}",
            "phone": "+32470123456",
            "address": { "street": "Rue de la Limite", "number": "12", "box": "3", "postcode": "1210", "commune": "Saint-Josse-ten-Noode", "confidential": false }
          },
          "author": {
            "firstName": "Marc", "lastName": "{{lastName}}", "birthDate": "{{authorBirthDate:yyyy-MM-dd}}",
            "nationalNumber": "{{authorNumber}}",
            "address": { "street": "Rue de la Limite 12", "postcode": "1210", "commune": "Saint-Josse-ten-Noode", "confidential": false }
          },
          "children": [ { "birthYear": {{DateTime.UtcNow.Year - 9}}, "presentAtIncidents": true } ]
        }
        """)!.AsObject();
    }

    /// <summary>A family-dispute report of zone 5344 (the example of API-EXAMPLES.md) with a fresh PV number.</summary>
    public static JsonObject IncidentBody(string kind = "family_dispute_report", string zone = "5344", string? pvNumber = null)
    {
        var now = DateTimeOffset.UtcNow;
        var body = JsonNode.Parse($$"""
            {
              "kind": "{{kind}}",
              "policeZone": "{{zone}}",
              "occurredAt": "{{now.AddHours(-3):O}}",
              "reportedAt": "{{now.AddHours(-1):O}}",
              "facts": "Describes what was said and done, in the words used, without judgement.",
              "children": { "present": true, "impact": "Child woke up and saw the scene." },
              "risk": { "weapons": false, "threats": true, "history": "Two previous calls in 2026." },
              "immediateMeasure": { "kind": "voluntary_departure", "details": "Author left for his brother's home." },
              "orientation": ["eva", "sapv"]
            }
            """)!.AsObject();
        if (kind != "sensitive_matter_record") body["pvNumber"] = pvNumber ?? NewPvNumber();
        if (kind == "complaint")
        {
            body["injuredPartyDeclaration"] = "filed_and_explained";
            body["accompaniedBy"] = "sapv";
        }
        return body;
    }

    public static string NewPvNumber() => $"BR.55.L7.{Guid.NewGuid().ToString("N")[..12].ToUpperInvariant()}/2026";

    /// <summary>The risk checklist example of API-EXAMPLES.md (three yes, one unknown, one no), without override.</summary>
    public static JsonObject RiskBody(string children = "yes", string weapons = "yes", string escalation = "yes", string isolation = "unknown", string stalking = "no") =>
        JsonNode.Parse($$"""
            {
              "childrenPresentOrImpacted": { "answer": "{{children}}", "note": "Two children at home." },
              "weaponsThreatsAlcoholDrugs": { "answer": "{{weapons}}", "note": "Threat to kill, alcohol." },
              "escalation": { "answer": "{{escalation}}" },
              "victimIsolation": { "answer": "{{isolation}}" },
              "stalkingOrCyberHarassment": { "answer": "{{stalking}}" }
            }
            """)!.AsObject();

    public static async Task<OpenedCase> OpenCase(this HttpClient client, JsonObject? body = null, string? idempotencyKey = null)
    {
        var response = await client.PostCase(body ?? OpenCaseBody(), idempotencyKey);
        return await response.AsOpenedCase();
    }

    public static async Task<OpenedCase> AsOpenedCase(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        return new OpenedCase(body.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString(), body);
    }

    public static Task<HttpResponseMessage> PostCase(this HttpClient client, JsonNode body, string? idempotencyKey = null) =>
        client.Send(HttpMethod.Post, "/api/v1/cases", body, idempotencyKey: idempotencyKey);

    public static Task<HttpResponseMessage> PostIncident(this HttpClient client, Guid caseId, JsonNode body, string? ifMatch = null, string? idempotencyKey = null) =>
        client.Send(HttpMethod.Post, $"/api/v1/cases/{caseId}/incidents", body, ifMatch, idempotencyKey);

    public static Task<HttpResponseMessage> PostRiskAssessment(this HttpClient client, Guid caseId, JsonNode body, string? ifMatch = null, string? idempotencyKey = null) =>
        client.Send(HttpMethod.Post, $"/api/v1/cases/{caseId}/risk-assessments", body, ifMatch, idempotencyKey);

    /// <summary>A JSON merge patch of a case.</summary>
    public static Task<HttpResponseMessage> PatchCase(this HttpClient client, Guid caseId, string mergePatch, string? ifMatch, string mediaType = "application/merge-patch+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{caseId}")
        {
            Content = new StringContent(mergePatch, Encoding.UTF8, mediaType),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<(JsonElement Body, string ETag)> GetCase(this HttpClient client, Guid caseId)
    {
        var response = await client.GetAsync($"/api/v1/cases/{caseId}");
        return (await response.Json(), response.Headers.ETag!.ToString());
    }

    public static IEnumerable<string> Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);

    private static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string path, JsonNode body, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>Sets a member at a dotted path (<c>victim.address.postcode</c>) of a copy of the body.</summary>
    public static JsonObject With(this JsonObject body, string path, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        var segments = path.Split('.');
        var target = copy;
        foreach (var segment in segments[..^1]) target = target[segment]!.AsObject();
        target[segments[^1]] = value;
        return copy;
    }

    /// <summary>Removes a member at a dotted path of a copy of the body.</summary>
    public static JsonObject Without(this JsonObject body, string path)
    {
        var copy = body.DeepClone().AsObject();
        var segments = path.Split('.');
        var target = copy;
        foreach (var segment in segments[..^1]) target = target[segment]!.AsObject();
        target.Remove(segments[^1]);
        return copy;
    }
}
