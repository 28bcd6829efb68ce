using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Households;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy;

/// <summary>
/// The sharing matrix beyond the case routes: the task routes (the inform_victim task of a release), the household
/// routes (the household, its link suggestions and merges) and the access-log routes, for one agency of each kind ×
/// the roles that matter (<c>member</c>, <c>referent</c>, <c>dpo</c>) × every state of a case (own, in its territory,
/// consented, revoked, expired, under 458ter, foreign, nonexistent). The expected statuses are written from DESIGN.md
/// ("Who may act", "Side records are case data too"), not from the policy's code. A route under /tasks, /households or
/// /access-log that is not in the matrix fails the test.
/// </summary>
public sealed class SideRecordMatrixTests(ApiFixture api)
{
    private static readonly Dictionary<string, string> KindOf = new()
    {
        ["police-5344"] = "police", ["parquet-bruxelles"] = "parquet", ["sapv-5344"] = "sapv", ["cpas-saint-josse"] = "cpas",
        ["health-cpvs-bruxelles"] = "health", ["victim-support-refuge-bruxelles"] = "victim_support",
        ["perpetrator-support-praxis"] = "perpetrator_support", ["justice-house-bruxelles"] = "justice_house", ["coordination-olista"] = "coordination",
    };

    private static readonly string[] Roles = ["member", "referent", "dpo"];

    private enum State { Own, Territory, Consented, Revoked, Expired, Consultation, Foreign, Nonexistent }

    /// <summary>One cell: the caller, and what DESIGN.md says it has on the case (written without the policy's code).</summary>
    private sealed record Cell(string Agency, State State, string Role)
    {
        public string Kind => KindOf[Agency];

        /// <summary>Brussels cases (own, territory) are opened at 1210 (zone 5344, district bruxelles); the others in Antwerp.</summary>
        public bool Brussels => State is State.Own or State.Territory;

        public bool Owner => State == State.Own || (State == State.Territory && Agency == "police-5344");

        /// <summary>Legal mission (a territory) on the case: the criminal chain, the justice house and coordination in Brussels.</summary>
        public bool Mission => Brussels && Kind is "police" or "parquet" or "sapv" or "justice_house" or "coordination";

        /// <summary>Sees the case on some basis: mission, ownership, a live consent or a 458ter.</summary>
        public bool SeesCase => Owner || Mission || State is State.Consented or State.Consultation;

        public bool SeesJudicial => (Mission && Kind is not "coordination") || State == State.Consultation;

        /// <summary>The inform_victim task's chain starts at the SAPV of the victim's zone (1210: sapv-5344, which exists).</summary>
        public bool Assignee => Brussels && Agency == "sapv-5344";

        /// <summary>The agency whose record (the release) raised the task.</summary>
        public bool Raiser => Brussels && Agency == "parquet-bruxelles";

        /// <summary>The household of a case: for callers that reach the case by legal mission (DESIGN.md, "household link").</summary>
        public bool SeesHousehold => Mission;

        /// <summary>Link suggestions, merging, undoing: a referent of police, parquet or SAPV (act 3).</summary>
        public bool LinkingKind => Kind is "police" or "parquet" or "sapv";

        /// <summary>The caller's agency read the case before the cell (a dpo of an agency that once reached it reads its own entries).</summary>
        public bool ReadOnce => SeesCase || State == State.Revoked;
    }

    /// <summary>The ids of one cell's arrangement.</summary>
    private sealed record Arranged(Guid CaseId, Guid TaskId, Guid HouseholdId, Guid SuggestionId, Guid OtherHouseholdId, Guid AttemptId);

    /// <param name="Expected">The answer DESIGN.md gives the cell.</param>
    private sealed record Route(string Method, string Pattern, string Label, Func<HttpClient, Arranged, Task<HttpResponseMessage>> Call,
        Func<Cell, HttpStatusCode> Expected);

    private static HttpStatusCode OkIf(bool allowed) => allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound;

    /// <summary>
    /// A household route, given whether the caller may know of the household (<paramref name="knows"/>): 404 when it may not;
    /// then 403 for anyone but a referent, 403 for a referent of a kind that does not link households (where
    /// <paramref name="linkingOnly"/>), and last the answer for a referent, which depends on legal-mission reach of the household.
    /// </summary>
    private static HttpStatusCode HouseholdRoute(Cell c, bool knows, bool linkingOnly, HttpStatusCode withMission, HttpStatusCode withoutMission) =>
        !knows ? HttpStatusCode.NotFound
        : c.Role != "referent" ? HttpStatusCode.Forbidden
        : linkingOnly && !c.LinkingKind ? HttpStatusCode.Forbidden
        : c.Mission ? withMission : withoutMission;

    /// <summary>
    /// DESIGN.md: the household is known to callers that reach one of its cases by legal mission (<see cref="Cell.SeesHousehold"/>).
    /// </summary>
    private static Func<Cell, HttpStatusCode> Household(bool linkingOnly, HttpStatusCode withMission, HttpStatusCode withoutMission = HttpStatusCode.NotFound) =>
        c => HouseholdRoute(c, c.SeesHousehold, linkingOnly, withMission, withoutMission);

    private static Route H(string method, string pattern, string label, Func<HttpClient, Arranged, Task<HttpResponseMessage>> call,
        bool linkingOnly, HttpStatusCode withMission, HttpStatusCode withoutMission = HttpStatusCode.NotFound) =>
        new(method, pattern, label, call, Household(linkingOnly, withMission, withoutMission));

    /// <summary>The routes in the order they are called: reads before the writes that could change them.</summary>
    private static readonly Route[] Routes =
    [
        // Tasks (DESIGN.md, "Side records", task): the assignee while it sees judicial, and the agency whose record raised it.
        // GET /tasks lists the tasks assigned (or escalated) to the agency: the assignee's, not the raiser's (it reads it by id).
        new("GET", "api/v1/tasks/", "GET /tasks (lists the task)", async (c, a) => await ListTasks(c, a.TaskId), c => OkIf(c.Assignee && c.SeesJudicial)),
        new("GET", "api/v1/tasks/{taskId:guid}", "GET /tasks/{id}", (c, a) => c.GetAsync($"/api/v1/tasks/{a.TaskId}"),
            c => OkIf((c.Assignee && c.SeesJudicial) || c.Raiser)),
        // An attempt of the task (the assignee recorded one while arranging a Brussels case): for those who see the task.
        new("GET", "api/v1/tasks/{taskId:guid}/attempts/{attemptId:guid}", "GET /tasks/{id}/attempts/{aid}",
            (c, a) => c.GetAsync($"/api/v1/tasks/{a.TaskId}/attempts/{a.AttemptId}"), c => OkIf((c.Assignee && c.SeesJudicial) || c.Raiser)),

        // Households: the household for legal-mission reach; suggestions, merging and undoing for the referents of police, parquet, SAPV
        // (act 3); the merges of a household for its referents ("households" in Resources: "suggestions and merges by a referent").
        new("GET", "api/v1/households/{id:guid}/", "GET /households/{id}", (c, a) => c.GetAsync($"/api/v1/households/{a.HouseholdId}"),
            c => OkIf(c.SeesHousehold)),
        // Without legal-mission reach of the household, its suggestions are none of the referent's business: an empty list.
        H("GET", "api/v1/households/{id:guid}/link-suggestions", "GET /households/{id}/link-suggestions",
            (c, a) => c.GetAsync($"/api/v1/households/{a.HouseholdId}/link-suggestions"), linkingOnly: true, HttpStatusCode.OK, HttpStatusCode.OK),
        H("GET", "api/v1/households/{id:guid}/link-suggestions/{suggestionId:guid}", "GET /households/{id}/link-suggestions/{sid}",
            (c, a) => c.GetAsync($"/api/v1/households/{a.HouseholdId}/link-suggestions/{a.SuggestionId}"), linkingOnly: true, HttpStatusCode.OK),
        H("GET", "api/v1/households/{id:guid}/merges", "GET /households/{id}/merges",
            (c, a) => c.GetAsync($"/api/v1/households/{a.HouseholdId}/merges"), linkingOnly: false, HttpStatusCode.OK, HttpStatusCode.OK),
        H("GET", "api/v1/households/{id:guid}/merges/{mergeId:guid}", "GET /households/{id}/merges/{mid} (none such)",
            (c, a) => c.GetAsync($"/api/v1/households/{a.HouseholdId}/merges/{Guid.NewGuid()}"), linkingOnly: false, HttpStatusCode.NotFound),
        // The other household is an Antwerp one no Brussels agency reaches: a body naming a household the caller does not reach is
        // bad input (400, the same as for one that does not exist); without legal-mission reach of this one, 403 (confirm a suggestion).
        H("POST", "api/v1/households/{id:guid}/merges", "POST /households/{id}/merges (other household unreached)",
            (c, a) => c.Merge(a.HouseholdId, a.OtherHouseholdId, "Same couple."), linkingOnly: true, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden),
        H("POST", "api/v1/households/{id:guid}/merges/{mergeId:guid}/undo", "POST /households/{id}/merges/{mid}/undo (none such)",
            (c, a) => c.PostJson($"/api/v1/households/{a.HouseholdId}/merges/{Guid.NewGuid()}/undo", new { reason = "Matrix." }),
            linkingOnly: true, HttpStatusCode.NotFound),
        H("POST", "api/v1/households/{id:guid}/link-suggestions/{suggestionId:guid}/rejection", "POST .../link-suggestions/{sid}/rejection (none such)",
            (c, a) => c.PostJson($"/api/v1/households/{a.HouseholdId}/link-suggestions/{Guid.NewGuid()}/rejection", new { reason = "Matrix." }),
            linkingOnly: true, HttpStatusCode.NotFound),
        // Reaching this side only: the first side's confirmation waits for the other (202, awaiting_other_side).
        H("POST", "api/v1/households/{id:guid}/link-suggestions/{suggestionId:guid}/confirmation", "POST .../link-suggestions/{sid}/confirmation",
            (c, a) => c.PostJson($"/api/v1/households/{a.HouseholdId}/link-suggestions/{a.SuggestionId}/confirmation"), linkingOnly: true, HttpStatusCode.Accepted),

        // The access log ("who may act", "Side records", access log).
        new("GET", "api/v1/cases/{id:guid}/access-log", "GET /cases/{id}/access-log", (c, a) => c.GetAsync($"/api/v1/cases/{a.CaseId}/access-log"),
            c => (c.Owner && c.Role is "referent" or "dpo") || (c.Role == "dpo" && c.ReadOnce) ? HttpStatusCode.OK
                : c.SeesCase ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound),
        new("GET", "api/v1/access-log/verification", "GET /access-log/verification?caseId=",
            (c, a) => c.GetAsync($"/api/v1/access-log/verification?caseId={a.CaseId}"),
            c => c.Role != "dpo" ? HttpStatusCode.Forbidden : OkIf(c.Owner)),
        new("GET", "api/v1/access-log/verification", "GET /access-log/verification",
            (c, _) => c.GetAsync("/api/v1/access-log/verification"), c => c.Role == "dpo" ? HttpStatusCode.OK : HttpStatusCode.Forbidden),

        // Then the writes that change the task: the agency working on it records an attempt and completes it; the raiser sees it but
        // may not (403).
        new("POST", "api/v1/tasks/{taskId:guid}/attempts", "POST /tasks/{id}/attempts",
            (c, a) => c.PostJson($"/api/v1/tasks/{a.TaskId}/attempts", new { outcome = "left_message", how = "phone" }),
            c => c.Assignee && c.SeesJudicial ? HttpStatusCode.Created : c.Raiser ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound),
        new("POST", "api/v1/tasks/{taskId:guid}/completion", "POST /tasks/{id}/completion",
            (c, a) => c.CompleteTask(a.TaskId, CustodyRequests.CompletionBody()),
            c => c.Assignee && c.SeesJudicial ? HttpStatusCode.OK : c.Raiser ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound),
    ];

    /// <summary><c>GET /tasks</c>, every page: 200 with the task listed, 200 without it (as 404, so that the cell reads the same as a GET), or the error.</summary>
    private static async Task<HttpResponseMessage> ListTasks(HttpClient client, Guid taskId)
    {
        string? cursor = null;
        for (var page = 0; page < 50; page++)
        {
            var response = await client.GetAsync($"/api/v1/tasks?limit=200{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            if (response.StatusCode != HttpStatusCode.OK) return response;
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (body.GetProperty("items").EnumerateArray().Any(t => t.GetProperty("id").GetGuid() == taskId))
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            if (!body.TryGetProperty("nextCursor", out var next) || next.ValueKind != JsonValueKind.String) break;
            cursor = next.GetString();
        }
        return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("(200, without the task)") };
    }

    [Fact]
    public void Every_task_household_and_access_log_route_is_in_the_matrix()
    {
        string[] prefixes = ["api/v1/tasks", "api/v1/households", "api/v1/access-log", "api/v1/cases/{id:guid}/access-log"];
        var routes = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => prefixes.Any(p => e.RoutePattern.RawText!.TrimStart('/').StartsWith(p, StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        var covered = Routes.Select(r => $"{r.Method} {r.Pattern}").ToHashSet();

        Assert.NotEmpty(routes);
        Assert.Empty(routes.Except(covered));
        Assert.Empty(covered.Except(routes));
    }

    [Fact]
    public async Task Every_kind_and_role_on_every_side_route_in_every_state_gets_the_expected_answer()
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // One agency per task: each cell has its own cases, so the agencies can run side by side.
        await Task.WhenAll(SharingKit.OneAgencyPerKind.Select(agency => Task.Run(async () =>
        {
            var clients = new Dictionary<string, HttpClient>();
            foreach (var role in Roles) clients[role] = await api.ClientFor(agency, role);
            try
            {
                foreach (var state in Enum.GetValues<State>())
                {
                    foreach (var role in Roles)
                    {
                        var cell = new Cell(agency, state, role);
                        var arranged = await Arrange(agency, state);
                        foreach (var route in Routes)
                        {
                            var response = await route.Call(clients[role], arranged);
                            var expected = route.Expected(cell);
                            if (response.StatusCode != expected)
                            {
                                var text = await response.Content.ReadAsStringAsync();
                                failures.Enqueue($"{route.Label} | {agency} ({role}) | {state}: expected {(int)expected}, got {(int)response.StatusCode} {text[..Math.Min(160, text.Length)]}");
                            }
                        }
                    }
                }
            }
            finally
            {
                foreach (var client in clients.Values) client.Dispose();
            }
        })));
        Assert.True(failures.IsEmpty, $"{failures.Count} mismatches:\n" + string.Join('\n', failures.Order()));
    }

    /// <summary>
    /// A case of its own for each cell, released (its inform_victim task), and an Antwerp case with the same victim's name
    /// and birth date in another household (a link suggestion between the two).
    /// </summary>
    private async Task<Arranged> Arrange(string agency, State state)
    {
        if (state == State.Nonexistent)
        {
            return new Arranged(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        }

        var lastName = "S" + Guid.NewGuid().ToString("N")[..10];
        var brussels = state is State.Own or State.Territory;
        var opener = state switch { State.Own => agency, State.Territory => "police-5344", _ => "police-5345" };
        Guid caseId;
        using (var client = await api.ClientFor(opener))
        {
            caseId = (await client.OpenCase(SharingKit.CaseBody(brussels ? "1210" : "2000", lastName: lastName))).Id;
        }

        using var antwerp = await api.ClientFor("police-5345");
        switch (state)
        {
            case State.Consented:
                await antwerp.GrantConsent(caseId, SharingKit.ToAgency(agency), ["identity"]);
                break;
            case State.Revoked:
                var consentId = await antwerp.GrantConsent(caseId, SharingKit.ToAgency(agency), ["identity"]);
                await ReadAs(agency, caseId);
                await antwerp.RevokeConsent(caseId, consentId);
                break;
            case State.Expired:
                await antwerp.GrantConsent(caseId, SharingKit.ToAgency(agency), ["identity"],
                    validFrom: DateTimeOffset.UtcNow.AddDays(-60), validUntil: DateTimeOffset.UtcNow.AddDays(-1));
                break;
            case State.Consultation:
                await api.OpenConsultationDirectly(caseId, agency);
                break;
        }
        // The agency reads the case where it may (its reads are what its dpo later finds in the case's access log).
        if (state != State.Revoked) await ReadAs(agency, caseId);

        Guid taskId;
        using (var parquet = await api.ClientFor(brussels ? "parquet-bruxelles" : "parquet-antwerpen"))
        {
            // A release scheduled weeks ahead: its task falls due long after any test's fake clock (the release-chain tests
            // advance theirs by hours and sweep the shared database) could escalate it while the matrix runs.
            (_, taskId) = await parquet.Release(caseId, CustodyRequests.ScheduledBody(DateTimeOffset.UtcNow.AddDays(30)));
        }
        var attemptId = Guid.NewGuid();
        if (brussels)
        {
            using var assignee = await api.ClientFor("sapv-5344");
            attemptId = (await (await assignee.PostJson($"/api/v1/tasks/{taskId}/attempts", new { outcome = "unreachable", how = "phone" }))
                .Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        }

        // The same victim (name and birth date) with another author, in Antwerp: another household, and a suggestion.
        var other = SharingKit.CaseBody("2000", lastName: lastName);
        var (authorNumber, authorBirthDate) = NationalNumbers.Fresh();
        other["author"]!["nationalNumber"] = authorNumber;
        other["author"]!["birthDate"] = authorBirthDate.ToString("yyyy-MM-dd");
        other["victim"]!["address"]!["street"] = "Meir";
        other["victim"]!["address"]!["number"] = Random.Shared.Next(1000, 9999).ToString();
        var otherCaseId = (await antwerp.OpenCase(other)).Id;

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TacticsDbContext>();
        var householdId = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => c.HouseholdId).SingleAsync();
        var otherHouseholdId = await db.Cases.AsNoTracking().Where(c => c.Id == otherCaseId).Select(c => c.HouseholdId).SingleAsync();
        Assert.NotEqual(householdId, otherHouseholdId);
        var suggestionId = await db.HouseholdLinkSuggestions.AsNoTracking()
            .Where(s => (s.HouseholdAId == householdId && s.HouseholdBId == otherHouseholdId) || (s.HouseholdAId == otherHouseholdId && s.HouseholdBId == householdId))
            .Select(s => (Guid?)s.Id).FirstOrDefaultAsync();
        Assert.True(suggestionId is not null, $"No link suggestion between the households of {caseId} and {otherCaseId}.");
        return new Arranged(caseId, taskId, householdId, suggestionId.Value, otherHouseholdId, attemptId);
    }

    private async Task ReadAs(string agency, Guid caseId)
    {
        using var client = await api.ClientFor(agency);
        (await client.GetAsync($"/api/v1/cases/{caseId}")).Dispose();
    }
}
