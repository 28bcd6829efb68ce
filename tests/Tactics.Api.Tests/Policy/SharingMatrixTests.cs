using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy;

/// <summary>
/// The sharing matrix over HTTP: every agency kind × every case endpoint × every state of a case (own, in its
/// territory, consented, consent revoked, consent expired, under 458ter, foreign, nonexistent), with the expected
/// status and, for the case itself, the exact set of categories returned. An endpoint of /cases/{id} that is not
/// in the matrix fails the test.
/// </summary>
public sealed class SharingMatrixTests(ApiFixture api)
{
    private static readonly string[] CriminalChain = ["core", "identity", "contact", "facts", "children", "risk", "judicial", "measures"];

    private static readonly Dictionary<string, string> KindOf = new()
    {
        ["police-5344"] = "police", ["parquet-bruxelles"] = "parquet", ["sapv-5344"] = "sapv", ["cpas-saint-josse"] = "cpas",
        ["health-cpvs-bruxelles"] = "health", ["victim-support-refuge-bruxelles"] = "victim_support",
        ["perpetrator-support-praxis"] = "perpetrator_support", ["justice-house-bruxelles"] = "justice_house", ["coordination-olista"] = "coordination",
    };

    private enum State { Own, Territory, Consented, Revoked, Expired, Consultation, Foreign, Nonexistent }

    /// <summary>What the caller sees of the case in each state, written independently of the policy's code.</summary>
    private static string[] ExpectedCategories(string agency, State state)
    {
        var kind = KindOf[agency];
        string[] mission = kind switch
        {
            "police" or "parquet" or "sapv" => CriminalChain,
            "justice_house" => ["core", "identity", "judicial", "measures"],
            "coordination" => ["core"],
            _ => [],
        };
        IEnumerable<string> seen = state switch
        {
            State.Own => mission.Union(["core", "identity", "contact", "children"]),
            State.Territory => agency == "police-5344" ? CriminalChain : mission,
            State.Consented => ["core", "identity"],
            State.Consultation => SharingKit.AllCategories.Where(c => c != "internal_notes"),
            _ => [],
        };
        if (kind == "perpetrator_support") seen = seen.Where(c => c != "contact");
        return [.. SharingKit.AllCategories.Where(seen.Contains)];
    }

    private sealed record Endpoint(string Method, string Route, Func<HttpClient, Guid, Task<HttpResponseMessage>> Call,
        Func<string, string[], bool, HttpStatusCode> Expected);

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Every case endpoint, with the status it must answer given (agency, categories seen, owner?). Reads first.</summary>
    private static readonly Endpoint[] Endpoints =
    [
        new("GET", "api/v1/cases/{id:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/timeline", (c, id) => c.GetAsync($"/api/v1/cases/{id}/timeline"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/incidents/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/incidents"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/incidents/{incidentId:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/incidents/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        new("GET", "api/v1/cases/{id:guid}/risk-assessments/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/risk-assessments"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/risk-assessments/{assessmentId:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/risk-assessments/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        new("GET", "api/v1/cases/{id:guid}/consents/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/consents"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/consents/{consentId:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/consents/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        new("GET", "api/v1/cases/{id:guid}/records/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/records"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/records/{recordId:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/records/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        new("GET", "api/v1/cases/{id:guid}/access-log", (c, id) => c.GetAsync($"/api/v1/cases/{id}/access-log"), Visible(HttpStatusCode.Forbidden)),
        // Safe-contact preferences are contact: 403 without it; with it, none were set yet (404) until the PUT below.
        new("GET", "api/v1/cases/{id:guid}/safe-contact/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/safe-contact"),
            (_, seen, _) => seen.Length == 0 || seen.Contains("contact") ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden),
        // A risk assessment needs risk in sight (DESIGN.md, "who may write").
        new("POST", "api/v1/cases/{id:guid}/risk-assessments/", (c, id) => c.PostRiskAssessment(id, CaseRequests.RiskBody()),
            (_, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound : seen.Contains("risk") ? HttpStatusCode.Created : HttpStatusCode.Forbidden),
        new("POST", "api/v1/cases/{id:guid}/records/", (c, id) => c.PostAsync($"/api/v1/cases/{id}/records", Json(new { category = "internal_notes", text = "Matrix note." })),
            Visible(HttpStatusCode.Created)),
        new("POST", "api/v1/cases/{id:guid}/consents/", (c, id) => c.PostAsync($"/api/v1/cases/{id}/consents", Json(new
            {
                recipient = new { agencyKind = "victim_support" }, categories = new[] { "identity" }, purpose = "follow_up",
                validFrom = DateTimeOffset.UtcNow, obtained = new { how = "verbal" },
            })),
            // Input is validated before the case is looked up: a consent to one's own kind is a 400 whatever the case.
            // Identity is granted only by who holds it, as owner or by legal mission: a consent or a 458ter is no one's to pass on (400).
            (agency, seen, owner) => KindOf[agency] == "victim_support" ? HttpStatusCode.BadRequest
                : seen.Length == 0 ? HttpStatusCode.NotFound
                : !seen.Contains("identity") ? HttpStatusCode.Forbidden
                : owner || seen.SequenceEqual(ExpectedCategories(agency, State.Territory)) ? HttpStatusCode.Created : HttpStatusCode.BadRequest),
        // A consent entry the caller may not see (here: none exists) is a 404 to anyone who sees the case.
        new("POST", "api/v1/cases/{id:guid}/consents/{consentId:guid}/revocation", (c, id) => c.PostAsync($"/api/v1/cases/{id}/consents/{Guid.NewGuid()}/revocation", Json(new { reason = "Matrix." })),
            Always(HttpStatusCode.NotFound)),
        new("PATCH", "api/v1/cases/{id:guid}", (c, id) => c.PatchCase(id, """{ "victim": { "phone": "+32470000001" } }""", "*"),
            (_, seen, owner) => seen.Length == 0 ? HttpStatusCode.NotFound : owner || seen.Contains("contact") ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
        // Any agency that sees contact sets them (DESIGN.md, "Who may act"), the owner as such only where it sees contact.
        new("PUT", "api/v1/cases/{id:guid}/safe-contact/", (c, id) =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}/safe-contact") { Content = Json(new { phone = "+32470000002", mayLeaveMessage = false }) };
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                return c.SendAsync(request);
            },
            (_, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound : seen.Contains("contact") ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
        new("GET", "api/v1/cases/{id:guid}/followers/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/followers"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/followers/{agencyCode}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/followers/nobody-here"), Always(HttpStatusCode.NotFound)),
        new("GET", "api/v1/cases/{id:guid}/consultations/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/consultations"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/consultations/{consultationId:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/consultations/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        new("GET", "api/v1/cases/{id:guid}/disclosures", (c, id) => c.GetAsync($"/api/v1/cases/{id}/disclosures"),
            (agency, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound : KindOf[agency] == "parquet" ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
        new("GET", "api/v1/cases/{id:guid}/custody-events/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/custody-events"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/custody-events/{custodyEventId:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/custody-events/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        new("GET", "api/v1/cases/{id:guid}/measures/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/measures"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/measures/{measureId:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/measures/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        new("POST", "api/v1/cases/{id:guid}/custody-events/", (c, id) => c.PostAsync($"/api/v1/cases/{id}/custody-events", Json(new
            {
                kind = "detained", occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
            })),
            (agency, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound
                : KindOf[agency] is "parquet" or "justice_house" && seen.Contains("judicial") ? HttpStatusCode.Created : HttpStatusCode.Forbidden),
        new("POST", "api/v1/cases/{id:guid}/measures/", (c, id) => c.PostAsync($"/api/v1/cases/{id}/measures", Json(new
            {
                kind = "no_contact", from = DateTimeOffset.UtcNow, until = DateTimeOffset.UtcNow.AddDays(30), orderedBy = "parquet-bruxelles",
            })),
            (agency, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound
                : KindOf[agency] is "police" or "parquet" && seen.Contains("measures") ? HttpStatusCode.Created : HttpStatusCode.Forbidden),
        new("POST", "api/v1/cases/{id:guid}/measures/{measureId:guid}/lifting", (c, id) => c.PostAsync($"/api/v1/cases/{id}/measures/{Guid.NewGuid()}/lifting", Json(new { reason = "Matrix." })),
            (agency, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound
                : KindOf[agency] is "police" or "parquet" && seen.Contains("measures") ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden),
        // A justice house's compliance reports: category measures, under a measure (here: none such, a 404 to whoever may see one).
        new("GET", "api/v1/cases/{id:guid}/measures/{measureId:guid}/compliance-reports/",
            (c, id) => c.GetAsync($"/api/v1/cases/{id}/measures/{Guid.NewGuid()}/compliance-reports"), Always(HttpStatusCode.NotFound)),
        new("GET", "api/v1/cases/{id:guid}/measures/{measureId:guid}/compliance-reports/{reportId:guid}",
            (c, id) => c.GetAsync($"/api/v1/cases/{id}/measures/{Guid.NewGuid()}/compliance-reports/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        new("POST", "api/v1/cases/{id:guid}/measures/{measureId:guid}/compliance-reports/",
            (c, id) => c.PostAsync($"/api/v1/cases/{id}/measures/{Guid.NewGuid()}/compliance-reports", Json(new { status = "complied" })),
            (agency, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound
                : KindOf[agency] == "justice_house" && seen.Contains("measures") ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden),
        new("GET", "api/v1/cases/{id:guid}/decisions/", (c, id) => c.GetAsync($"/api/v1/cases/{id}/decisions"), Visible(HttpStatusCode.OK)),
        new("GET", "api/v1/cases/{id:guid}/decisions/{decisionId:guid}", (c, id) => c.GetAsync($"/api/v1/cases/{id}/decisions/{Guid.NewGuid()}"), Always(HttpStatusCode.NotFound)),
        // The parquet decides where it sees judicial data; a PV that is not on the case is then a 400 naming incidentId.
        new("POST", "api/v1/cases/{id:guid}/decisions/", (c, id) => c.PostAsync($"/api/v1/cases/{id}/decisions", Json(new { incidentId = Guid.NewGuid(), decision = "dismissed" })),
            (agency, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound
                : KindOf[agency] == "parquet" && seen.Contains("judicial") ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden),
        // Following needs the case's events beyond core in sight (or owning it).
        new("POST", "api/v1/cases/{id:guid}/followers/", (c, id) => c.PostAsync($"/api/v1/cases/{id}/followers", Json(new { })),
            (_, seen, owner) => seen.Length == 0 ? HttpStatusCode.NotFound
                : owner || seen.Intersect(["facts", "risk", "judicial", "measures"]).Any() ? HttpStatusCode.Created : HttpStatusCode.Forbidden),
        new("DELETE", "api/v1/cases/{id:guid}/followers/{agencyCode}", (c, id) => c.DeleteAsync($"/api/v1/cases/{id}/followers/{c.DefaultRequestHeaders.GetValues("X-Matrix-Agency").Single()}"),
            Visible(HttpStatusCode.NoContent)),
        // A 458ter needs parquet or coordination, on a case the latest assessment by an agency with risk in its legal mission
        // made high: the assessment above did, where the caller is a parquet that could assess; a coordination's never does.
        new("POST", "api/v1/cases/{id:guid}/consultations/", (c, id) => c.PostAsync($"/api/v1/cases/{id}/consultations", Json(new
            {
                participants = new[] { "health-cpvs-bruxelles" }, purpose = "Safety plan.", until = DateTimeOffset.UtcNow.AddDays(10),
            })),
            (agency, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound
                : KindOf[agency] is not ("parquet" or "coordination") ? HttpStatusCode.Forbidden
                : KindOf[agency] == "parquet" && seen.Contains("risk") ? HttpStatusCode.Created : HttpStatusCode.Conflict),
        // An incident is facts: a police zone records one where it sees the case's facts.
        new("POST", "api/v1/cases/{id:guid}/incidents/", (c, id) => c.PostIncident(id, CaseRequests.IncidentBody()),
            (agency, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound
                : KindOf[agency] == "police" && seen.Contains("facts") ? HttpStatusCode.Created : HttpStatusCode.Forbidden),
    ];

    private static Func<string, string[], bool, HttpStatusCode> Visible(HttpStatusCode whenVisible) =>
        (_, seen, _) => seen.Length == 0 ? HttpStatusCode.NotFound : whenVisible;

    private static Func<string, string[], bool, HttpStatusCode> Always(HttpStatusCode status) => (_, _, _) => status;

    [Fact]
    public void Every_case_endpoint_is_in_the_matrix()
    {
        var routes = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/v1/cases/{", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        var covered = Endpoints.Select(e => $"{e.Method} {e.Route}").ToHashSet();

        Assert.Empty(routes.Except(covered));
        Assert.Empty(covered.Except(routes));
    }

    [Fact]
    public async Task Every_kind_on_every_endpoint_in_every_state_gets_the_expected_answer()
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // One agency per task: each cell has its own case, so the agencies can run side by side.
        await Task.WhenAll(SharingKit.OneAgencyPerKind.Select(agency => Task.Run(async () =>
        {
            foreach (var state in Enum.GetValues<State>())
            {
                var caseId = await Arrange(agency, state);
                var seen = ExpectedCategories(agency, state);
                var owner = state == State.Own || (state == State.Territory && agency == "police-5344");
                using var client = await api.ClientFor(agency, "member");
                client.DefaultRequestHeaders.Add("X-Matrix-Agency", agency);

                foreach (var endpoint in Endpoints)
                {
                    var response = await endpoint.Call(client, caseId);
                    var expected = endpoint.Expected(agency, seen, owner);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != expected)
                    {
                        failures.Enqueue($"{agency} {state} {endpoint.Method} {endpoint.Route}: expected {(int)expected}, got {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                        continue;
                    }
                    if (endpoint is { Method: "GET", Route: "api/v1/cases/{id:guid}" } && response.StatusCode == HttpStatusCode.OK)
                    {
                        var visible = SharingKit.Visible(JsonDocument.Parse(text).RootElement);
                        if (!visible.SequenceEqual(seen))
                        {
                            failures.Enqueue($"{agency} {state}: categories [{string.Join(", ", visible)}], expected [{string.Join(", ", seen)}]");
                        }
                    }
                }
            }
        })));
        Assert.True(failures.IsEmpty, string.Join('\n', failures));
    }

    /// <summary>A case of its own for each (agency, state), so that no write of one cell changes another.</summary>
    private async Task<Guid> Arrange(string agency, State state)
    {
        switch (state)
        {
            case State.Own:
                return await api.OpenCaseAs(agency);
            case State.Territory:
                return await api.OpenCaseAs("police-5344");
            case State.Nonexistent:
                return Guid.NewGuid();
        }

        // Everything else starts as an Antwerp case: outside every Brussels agency's territory.
        var caseId = await api.OpenCaseAs("police-5345", postcode: "2000");
        using var antwerp = await api.ClientFor("police-5345");
        switch (state)
        {
            case State.Consented:
                // The owner grants what it holds as owner (DESIGN.md, "Owner, own entries, and who may write").
                await antwerp.GrantConsent(caseId, SharingKit.ToAgency(agency), ["identity"]);
                break;
            case State.Revoked:
                await antwerp.RevokeConsent(caseId, await antwerp.GrantConsent(caseId, SharingKit.ToAgency(agency), ["identity"]));
                break;
            case State.Expired:
                await antwerp.GrantConsent(caseId, SharingKit.ToAgency(agency), ["identity"],
                    validFrom: DateTimeOffset.UtcNow.AddDays(-60), validUntil: DateTimeOffset.UtcNow.AddDays(-1));
                break;
            case State.Consultation:
                await api.OpenConsultationDirectly(caseId, agency);
                break;
        }
        return caseId;
    }
}
