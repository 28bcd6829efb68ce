using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Policy.Existence;
using Tactics.Api.Tests.Policy.Reach;

namespace Tactics.Api.Tests.Policy;

/// <summary>
/// DESIGN.md, "No existence oracle": to an agency with no basis on a case, no field, header, event, count, cursor or ETag may
/// change with that case's existence or activity. Two worlds run the same script, but only the first holds case B (a
/// Saint-Josse case of police-5344 with a PV, an assessment, a consent, a record, a measure and a breach report on it, a release and its task, a
/// follower, a 458ter, a second case of its household and a link suggestion). Every stranger (an agency with no basis on B),
/// in each role, sends every route that names B's ids (random ids in the second world) and the routes of its own lists; the
/// answers (status, ETag, Location, Content-Type, body) must be the same in both worlds once ids are renamed consistently and
/// times replaced by their rank (<see cref="Masking"/>): blanking times would hide a <c>createdAt</c> that leaks.
/// </summary>
[Collection(ExistenceCollection.Name)]
public sealed class ExistenceTests(ExistenceWorlds worlds, ITestOutputHelper output)
{
    /// <summary>
    /// No basis on B: other zones' police and SAPV, the Antwerp parquet, and the partners without a consent or a 458ter on B.
    /// (coordination-olista reaches every Brussels case's <c>core</c> by legal mission, so it is no stranger to B.)
    /// </summary>
    private static readonly string[] Strangers =
    [
        "police-5345", "sapv-5345", "parquet-antwerpen", "police-5339", "sapv-5339", "cpas-saint-josse", "health-cpvs-bruxelles",
        "victim-support-refuge-bruxelles", "perpetrator-support-praxis",
    ];

    private static readonly string[] Roles = ["member", "referent", "dpo"];

    /// <summary>A request of a stranger: its label (the route) and how to send it with the ids of a world.</summary>
    private sealed record Probe(string Route, HttpMethod Method, Func<CaseBIds, string> Path, Func<CaseBIds, Guid, string, JsonNode?>? Body = null,
        string? IfMatch = null, Func<string, bool>? Only = null)
    {
        /// <summary>The routes whose answer depends on the caller's role (referent, dpo): sent in every role; the others as a member.</summary>
        public bool RoleMatters => Route.Contains("access-log") || Route.Contains("household") || Route == "GET /cases/{B}";
    }

    private static Probe Get(string route, Func<CaseBIds, string> path) => new(route, HttpMethod.Get, path);

    private static Probe Post(string route, Func<CaseBIds, string> path, Func<CaseBIds, Guid, string, JsonNode?> body) => new(route, HttpMethod.Post, path, body);

    private static JsonObject Reason() => new() { ["reason"] = "Asked by the victim." };

    private static readonly Probe[] Probes =
    [
        // The case and its second case of the household.
        Get("GET /cases/{B}", b => $"/api/v1/cases/{b.Case}"),
        Get("GET /cases/{B2}", b => $"/api/v1/cases/{b.SecondCase}"),
        new("PATCH /cases/{B} (no If-Match)", HttpMethod.Patch, b => $"/api/v1/cases/{b.Case}", (_, _, _) => JsonNode.Parse("""{ "victim": { "phone": "+32470999888" } }""")),
        new("PATCH /cases/{B} (made-up If-Match)", HttpMethod.Patch, b => $"/api/v1/cases/{b.Case}", (_, _, _) => JsonNode.Parse("""{ "victim": { "phone": "+32470999888" } }"""),
            "\"AAAAAAAAAAAAAAAAAAAAAA\""),
        // The case's side routes, lists and items.
        Get("GET /cases/{B}/incidents", b => $"/api/v1/cases/{b.Case}/incidents"),
        Get("GET /cases/{B}/incidents/{id}", b => $"/api/v1/cases/{b.Case}/incidents/{b.Incident}"),
        Post("POST /cases/{B}/incidents", b => $"/api/v1/cases/{b.Case}/incidents", (_, _, _) => CaseRequests.IncidentBody(zone: "5344", pvNumber: "BR.55.L7.EXISTENCE0099/2026")),
        Get("GET /cases/{B}/risk-assessments", b => $"/api/v1/cases/{b.Case}/risk-assessments"),
        Get("GET /cases/{B}/risk-assessments/{id}", b => $"/api/v1/cases/{b.Case}/risk-assessments/{b.Assessment}"),
        Post("POST /cases/{B}/risk-assessments", b => $"/api/v1/cases/{b.Case}/risk-assessments", (_, _, _) => CaseRequests.RiskBody()),
        Get("GET /cases/{B}/records", b => $"/api/v1/cases/{b.Case}/records"),
        Get("GET /cases/{B}/records/{id}", b => $"/api/v1/cases/{b.Case}/records/{b.Record}"),
        Post("POST /cases/{B}/records", b => $"/api/v1/cases/{b.Case}/records", (_, _, _) => new JsonObject { ["category"] = "internal_notes", ["text"] = "A note." }),
        Get("GET /cases/{B}/consents", b => $"/api/v1/cases/{b.Case}/consents"),
        Get("GET /cases/{B}/consents/{id}", b => $"/api/v1/cases/{b.Case}/consents/{b.Consent}"),
        Post("POST /cases/{B}/consents", b => $"/api/v1/cases/{b.Case}/consents", (_, _, agency) => World.ConsentBody(SharingKit.ToAgency(agency == "sapv-5339" ? "sapv-5345" : "sapv-5339"), ["identity"])),
        Post("POST /cases/{B}/consents/{id}/revocation", b => $"/api/v1/cases/{b.Case}/consents/{b.Consent}/revocation", (_, _, _) => Reason()),
        Get("GET /cases/{B}/custody-events", b => $"/api/v1/cases/{b.Case}/custody-events"),
        Get("GET /cases/{B}/custody-events/{id}", b => $"/api/v1/cases/{b.Case}/custody-events/{b.Custody}"),
        Post("POST /cases/{B}/custody-events", b => $"/api/v1/cases/{b.Case}/custody-events", (_, _, _) => CustodyRequests.DetainedBody()),
        Get("GET /cases/{B}/measures", b => $"/api/v1/cases/{b.Case}/measures"),
        Get("GET /cases/{B}/measures/{id}", b => $"/api/v1/cases/{b.Case}/measures/{b.Measure}"),
        Post("POST /cases/{B}/measures", b => $"/api/v1/cases/{b.Case}/measures", (_, _, _) => CustodyRequests.MeasureBody()),
        Post("POST /cases/{B}/measures/{id}/lifting", b => $"/api/v1/cases/{b.Case}/measures/{b.Measure}/lifting", (_, _, _) => Reason()),
        Get("GET /cases/{B}/measures/{id}/compliance-reports", b => $"/api/v1/cases/{b.Case}/measures/{b.Measure}/compliance-reports"),
        Get("GET /cases/{B}/measures/{id}/compliance-reports/{id}", b => $"/api/v1/cases/{b.Case}/measures/{b.Measure}/compliance-reports/{b.ComplianceReport}"),
        Post("POST /cases/{B}/measures/{id}/compliance-reports", b => $"/api/v1/cases/{b.Case}/measures/{b.Measure}/compliance-reports",
            (_, _, _) => new JsonObject { ["status"] = "breach", ["observedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), ["details"] = "Seen near the home." }),
        Get("GET /cases/{B}/decisions", b => $"/api/v1/cases/{b.Case}/decisions"),
        Get("GET /cases/{B}/decisions/{id}", b => $"/api/v1/cases/{b.Case}/decisions/{b.Decision}"),
        Post("POST /cases/{B}/decisions", b => $"/api/v1/cases/{b.Case}/decisions",
            (b, _, _) => new JsonObject { ["incidentId"] = b.Incident.ToString(), ["decision"] = "dismissed" }),
        Post("POST /board/items/{B's item}/assignment", b => $"/api/v1/board/items/{b.BoardItem}/assignment", (_, _, _) => new JsonObject { ["userId"] = "jur-0007" }),
        Get("GET /cases/{B}/followers", b => $"/api/v1/cases/{b.Case}/followers"),
        Get("GET /cases/{B}/followers/sapv-5344", b => $"/api/v1/cases/{b.Case}/followers/sapv-5344"),
        Post("POST /cases/{B}/followers", b => $"/api/v1/cases/{b.Case}/followers", (_, _, _) => new JsonObject()),
        new("DELETE /cases/{B}/followers/{self}", HttpMethod.Delete, b => $"/api/v1/cases/{b.Case}/followers/{{self}}"),
        Get("GET /cases/{B}/consultations", b => $"/api/v1/cases/{b.Case}/consultations"),
        Get("GET /cases/{B}/consultations/{id}", b => $"/api/v1/cases/{b.Case}/consultations/{b.Consultation}"),
        Post("POST /cases/{B}/consultations", b => $"/api/v1/cases/{b.Case}/consultations", (_, _, agency) => new JsonObject
        {
            ["participants"] = new JsonArray(agency), ["purpose"] = "Safety plan.", ["until"] = DateTimeOffset.UtcNow.AddDays(10).ToString("O"),
        }),
        Get("GET /cases/{B}/disclosures", b => $"/api/v1/cases/{b.Case}/disclosures"),
        Get("GET /cases/{B}/safe-contact", b => $"/api/v1/cases/{b.Case}/safe-contact"),
        new("PUT /cases/{B}/safe-contact (no If-Match)", HttpMethod.Put, b => $"/api/v1/cases/{b.Case}/safe-contact",
            (_, _, _) => JsonNode.Parse("""{ "phone": "+32470999888", "mayLeaveMessage": true }""")),
        new("PUT /cases/{B}/safe-contact (made-up If-Match)", HttpMethod.Put, b => $"/api/v1/cases/{b.Case}/safe-contact",
            (_, _, _) => JsonNode.Parse("""{ "phone": "+32470999888", "mayLeaveMessage": true }"""), "\"AAAAAAAAAAAAAAAAAAAAAA\""),
        Get("GET /cases/{B}/timeline", b => $"/api/v1/cases/{b.Case}/timeline"),
        Get("GET /cases/{B2}/timeline", b => $"/api/v1/cases/{b.SecondCase}/timeline"),
        Get("GET /cases/{B}/access-log", b => $"/api/v1/cases/{b.Case}/access-log"),
        Get("GET /access-log/verification?caseId={B}", b => $"/api/v1/access-log/verification?caseId={b.Case}"),
        Get("GET /access-log/verification", _ => "/api/v1/access-log/verification"),
        // The household and its suggestions and merges.
        Get("GET /cases?householdId={hB}", b => $"/api/v1/cases?householdId={b.Household}"),
        Get("GET /households/{hB}", b => $"/api/v1/households/{b.Household}"),
        Get("GET /households/{hB}/merges", b => $"/api/v1/households/{b.Household}/merges"),
        Get("GET /households/{hB}/merges/{none such}", b => $"/api/v1/households/{b.Household}/merges/{b.Suggestion}"),
        Post("POST /households/{hB}/merges", b => $"/api/v1/households/{b.Household}/merges",
            (_, antwerp, _) => new JsonObject { ["otherHouseholdId"] = antwerp.ToString(), ["reason"] = "Same couple." }),
        Get("GET /households/{hB}/link-suggestions", b => $"/api/v1/households/{b.Household}/link-suggestions"),
        Get("GET /households/{hB}/link-suggestions/{sid}", b => $"/api/v1/households/{b.Household}/link-suggestions/{b.Suggestion}"),
        Post("POST /households/{hB}/link-suggestions/{sid}/rejection", b => $"/api/v1/households/{b.Household}/link-suggestions/{b.Suggestion}/rejection", (_, _, _) => Reason()),
        Post("POST /households/{hB}/link-suggestions/{sid}/confirmation", b => $"/api/v1/households/{b.Household}/link-suggestions/{b.Suggestion}/confirmation", (_, _, _) => new JsonObject()),
        // B's task.
        Get("GET /tasks/{B's task}", b => $"/api/v1/tasks/{b.Task}"),
        Get("GET /tasks/{B's EVA call-back}", b => $"/api/v1/tasks/{b.EvaTask}"),
        Get("GET /tasks/{B's EVA call-back}/attempts/{id}", b => $"/api/v1/tasks/{b.EvaTask}/attempts/{b.Attempt}"),
        Post("POST /tasks/{B's EVA call-back}/attempts", b => $"/api/v1/tasks/{b.EvaTask}/attempts",
            (_, _, _) => new JsonObject { ["outcome"] = "left_message", ["how"] = "phone" }),
        Post("POST /tasks/{B's task}/attempts", b => $"/api/v1/tasks/{b.Task}/attempts", (_, _, _) => new JsonObject { ["outcome"] = "unreachable", ["how"] = "phone" }),
        Post("POST /tasks/{B's task}/completion", b => $"/api/v1/tasks/{b.Task}/completion", (_, _, _) => CustodyRequests.CompletionBody()),
        // The stranger's own lists, last: they would show what the requests above wrote or were refused.
        // The pair join (act 4): a partner without legal mission opens a case of B's victim–author pair (another address). Where
        // B exists, the pair becomes a link suggestion for B's referents; the opener sees no sign of it.
        new("POST /cases (B's couple, by a partner)", HttpMethod.Post, _ => "/api/v1/cases", (_, _, _) => ExistenceWorlds.Body("bravo", "1210", "78"),
            Only: agency => !Partnership.Agency(agency).HasTerritory),
        new("GET /cases/{its case}", HttpMethod.Get, _ => "/api/v1/cases/{opened}", Only: agency => !Partnership.Agency(agency).HasTerritory),
        new("GET /cases/{its case}/timeline", HttpMethod.Get, _ => "/api/v1/cases/{opened}/timeline", Only: agency => !Partnership.Agency(agency).HasTerritory),
        Get("GET /cases", _ => "/api/v1/cases?limit=200"),
        Get("GET /tasks", _ => "/api/v1/tasks?limit=200"),
        Get("GET /board", _ => "/api/v1/board?limit=200"),
        Get("GET /board?status=decided", _ => "/api/v1/board?status=decided&limit=200"),
        Get("GET /notifications", _ => "/api/v1/notifications?limit=200"),
        // A page of one (the inbox's order breaks ties by a random event id, so the case list holds the cursor).
        Get("GET /cases (a page of 1)", _ => "/api/v1/cases?limit=1"),
    ];

    [Fact]
    public async Task A_stranger_gets_the_same_answers_whether_case_B_exists_or_not()
    {
        var clock = Stopwatch.StartNew();
        var nonexistent = CaseBIds.Nonexistent();
        var withB = new List<RawAnswer>();
        var withoutB = new List<RawAnswer>();
        foreach (var stranger in Strangers)
        {
            foreach (var role in Roles)
            {
                foreach (var probe in Probes.Where(p => (role == "member" || p.RoleMatters) && (p.Only?.Invoke(stranger) ?? true)))
                {
                    // The two worlds answer at once; each world's own order stays that of the script.
                    var answers = await Task.WhenAll(Send(worlds.WithB, worlds.B, stranger, role, probe), Send(worlds.WithoutB, nonexistent, stranger, role, probe));
                    withB.Add(answers[0]);
                    withoutB.Add(answers[1]);
                }
            }
        }

        var one = Masking.Mask(withB);
        var two = Masking.Mask(withoutB);
        var mismatches = new List<string>();
        for (var i = 0; i < one.Count; i++)
        {
            if (one[i] != two[i]) mismatches.Add($"{withB[i].Caller} {withB[i].Route}:\n{FirstDifference(one[i], two[i])}");
        }
        var line = $"{Probes.Length} routes ({Probes.Count(p => p.RoleMatters)} of them in each of {Roles.Length} roles) × {Strangers.Length} strangers = "
            + $"{one.Count} answers compared in two worlds ({clock.Elapsed.TotalSeconds:F1} s); {mismatches.Count} differ.";
        output.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        if (Environment.GetEnvironmentVariable("EXISTENCE_DUMP") is { } dump) File.WriteAllLines(dump, one.Zip(two, (a, b) => a == b ? "SAME " + a : "DIFF " + a + "\n---\n" + b));
        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} of {one.Count} answers differ with B's existence; the first:\n{mismatches.FirstOrDefault()}\n\nall:\n"
            + string.Join('\n', mismatches.Select(m => m.Split('\n')[0])));
    }

    /// <summary>The masking itself: ids renamed in order of appearance, times ranked, so a time that moves still shows.</summary>
    [Fact]
    public void Masking_keeps_a_moved_time_and_a_new_id_visible_and_nothing_else()
    {
        static RawAnswer Answer(string body) => new("x", "GET /x", "/x", 200, null, null, "application/json", body);
        string[] Masked(params string[] bodies) => [.. Masking.Mask([.. bodies.Select(Answer)])];
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var same = Masked($$"""{"id":"{{a}}","createdAt":"2026-01-01T10:00:00Z","traceId":"t1","nextCursor":"abc"}""", $$"""{"ids":["{{a}}"]}""");
        Assert.Equal(same, Masked($$"""{"id":"{{b}}","createdAt":"2026-03-01T10:00:00Z","traceId":"t2","nextCursor":"xyz"}""", $$"""{"ids":["{{b}}"]}"""));
        // A second time that comes before the first (a leaked createdAt) changes the ranks; a new id changes the tokens.
        Assert.NotEqual(same, Masked($$"""{"id":"{{a}}","createdAt":"2026-01-01T10:00:00Z","traceId":"t1","nextCursor":"abc"}""",
            $$"""{"ids":["{{a}}"],"at":"2025-01-01T10:00:00Z"}"""));
        Assert.NotEqual(same, Masked($$"""{"id":"{{a}}","createdAt":"2026-01-01T10:00:00Z","traceId":"t1","nextCursor":"abc"}""", $$"""{"ids":["{{b}}"]}"""));
    }

    /// <summary>The case each stranger opened in each world (the pair-join probe).</summary>
    private readonly Dictionary<(ReachHost, string), string> _opened = [];

    private async Task<RawAnswer> Send(ReachHost host, CaseBIds b, string stranger, string role, Probe probe)
    {
        var client = await host.Client(stranger, role);
        var path = probe.Path(b).Replace("{self}", stranger).Replace("{opened}", _opened.GetValueOrDefault((host, stranger)));
        using var request = new HttpRequestMessage(probe.Method, path);
        if (probe.Body is not null)
        {
            var body = probe.Body(b, worlds.AntwerpHousehold[host], stranger);
            request.Content = probe.Method == HttpMethod.Patch
                ? new StringContent(body!.ToJsonString(), Encoding.UTF8, "application/merge-patch+json")
                : JsonContent.Create(body);
        }
        if (probe.IfMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", probe.IfMatch);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        if (probe.Method == HttpMethod.Post && path == "/api/v1/cases" && response.Headers.Location is { } location)
        {
            _opened[(host, stranger)] = location.ToString().Split('/')[^1];
        }
        return new RawAnswer($"{stranger} ({role})", probe.Route, path, (int)response.StatusCode, response.Headers.ETag?.ToString(),
            response.Headers.Location?.ToString(), response.Content.Headers.ContentType?.ToString(),
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The two masked answers around the first character where they part.</summary>
    private static string FirstDifference(string one, string two)
    {
        var at = 0;
        while (at < one.Length && at < two.Length && one[at] == two[at]) at++;
        var from = Math.Max(0, at - 160);
        string Around(string text) => text[from..Math.Min(text.Length, at + 160)];
        return $"  with B:    …{Around(one)}…\n  without B: …{Around(two)}…";
    }
}
