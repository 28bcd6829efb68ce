using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy;

/// <summary>
/// DESIGN.md, "No existence oracle": activity in a category a caller cannot see changes none of that caller's answers. Two
/// partners see a Saint-Josse case on a consent to its identity only; for each category hidden from them, an append in it
/// leaves every answer they get (status, body, ETag, <c>updatedAt</c>, timeline, lists, side records) byte for byte as it
/// was. The one exception is a <c>core</c> field an append derives: a risk assessment that moves the level changes
/// <c>riskLevel</c> (and so <c>updatedAt</c> and the ETag), and nothing else.
/// </summary>
public sealed class PartialViewerTests(ApiFixture api)
{
    private const string Owner = "police-5344";
    private static readonly string[] Observers = ["cpas-saint-josse", "health-cpvs-bruxelles"];

    /// <summary>An append in one category, by one agency that may make it.</summary>
    private sealed record HiddenAppend(string Name, string Actor, Func<HttpClient, Guid, Task> Append);

    public static TheoryData<string> Appends() => [.. AppendsByName.Keys];

    private static readonly Dictionary<string, HiddenAppend> AppendsByName = new HiddenAppend[]
    {
        new HiddenAppend("facts: an incident", Owner, async (c, id) => await (await c.PostIncident(id, CaseRequests.IncidentBody(zone: "5344"))).Json(HttpStatusCode.Created)),
        new HiddenAppend("risk: an assessment at the same level", Owner, async (c, id) => await (await c.PostRiskAssessment(id, CaseRequests.RiskBody())).Json(HttpStatusCode.Created)),
        new HiddenAppend("judicial: a custody event", "parquet-bruxelles", async (c, id) => await (await c.PostCustodyEvent(id, CustodyRequests.DetainedBody())).Json(HttpStatusCode.Created)),
        new HiddenAppend("measures: a protective measure", Owner, async (c, id) => await (await c.PostMeasure(id, CustodyRequests.MeasureBody())).Json(HttpStatusCode.Created)),
        new HiddenAppend("contact: the victim's phone", Owner, async (c, id) =>
            await (await c.PatchCase(id, """{ "victim": { "phone": "+32470999888" } }""", (await c.GetCase(id)).ETag)).Json()),
        new HiddenAppend("social: a CPAS record", "cpas-saint-josse", async (c, id) => await c.AddRecord(id, "social", "Housing support started.")),
        new HiddenAppend("health: a health record", "health-cpvs-bruxelles", async (c, id) => await c.AddRecord(id, "health", "Examined; certificate issued.")),
        new HiddenAppend("internal notes: the owner's note", Owner, async (c, id) => await c.AddRecord(id, "internal_notes", "Call back on Monday.")),
        new HiddenAppend("a consent ledger entry for another agency", Owner, async (c, id) => await c.GrantConsent(id, SharingKit.ToAgency("sapv-5339"), ["identity", "facts"])),
    }.ToDictionary(a => a.Name);

    [Theory]
    [MemberData(nameof(Appends))]
    public async Task An_append_in_a_hidden_category_changes_none_of_the_callers_answers(string name)
    {
        var append = AppendsByName[name];
        var caseId = await SharedCase();
        using var actor = await api.ClientFor(append.Actor);
        var observers = Observers.Where(o => o != append.Actor).ToList();
        var before = await Snapshots(observers, caseId);

        await append.Append(actor, caseId);

        var after = await Snapshots(observers, caseId);
        foreach (var key in before.Keys.Where(k => observers.Any(o => k.StartsWith(o + " ", StringComparison.Ordinal))))
        {
            Assert.Equal((key, before[key]), (key, after[key]));
        }
        // The append happened: the owner, who sees the category or the entry, got a new ETag.
        if (append.Actor == Owner)
        {
            using var owner = await api.ClientFor(Owner);
            Assert.NotEqual(before["etag:" + Owner], (await owner.GetCase(caseId)).ETag);
        }
    }

    [Fact]
    public async Task A_risk_assessment_that_moves_the_level_changes_only_the_derived_risk_level()
    {
        var caseId = await SharedCase(assessed: false);
        using var police = await api.ClientFor(Owner);
        var before = await Snapshots(Observers, caseId);

        await (await police.PostRiskAssessment(caseId, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);

        var after = await Snapshots(Observers, caseId);
        foreach (var observer in Observers)
        {
            // The derived core field, and with it updatedAt and the ETag, move; every other answer stays as it was.
            Assert.NotEqual(before[observer + " case"], after[observer + " case"]);
            Assert.Equal(WithoutDerived(before[observer + " case"]), WithoutDerived(after[observer + " case"]));
            Assert.Equal(WithoutDerived(before[observer + " list"]), WithoutDerived(after[observer + " list"]));
            foreach (var key in before.Keys.Where(k => k.StartsWith(observer + " /", StringComparison.Ordinal)))
            {
                Assert.Equal(before[key], after[key]);
            }
        }
    }

    /// <summary>A Saint-Josse case of zone 5344, with both observers on a consent to its identity only.</summary>
    private async Task<Guid> SharedCase(bool assessed = true)
    {
        var caseId = await api.OpenCaseAs(Owner, postcode: "1210");
        using var owner = await api.ClientFor(Owner);
        foreach (var observer in Observers)
        {
            await owner.GrantConsent(caseId, SharingKit.ToAgency(observer), ["identity"]);
        }
        // Assessed once already, so that the same answers again leave the level as it is.
        if (assessed) await (await owner.PostRiskAssessment(caseId, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        return caseId;
    }

    private static readonly string[] SideRoutes =
        ["timeline", "incidents", "risk-assessments", "records", "consents", "custody-events", "measures", "followers", "access-log"];

    /// <summary>Every answer each observer gets about the case (and the owner's ETag, to show the append took place).</summary>
    private async Task<Dictionary<string, string>> Snapshots(IEnumerable<string> observers, Guid caseId)
    {
        var answers = new Dictionary<string, string>();
        foreach (var observer in observers)
        {
            using var client = await api.ClientFor(observer);
            var response = await client.GetAsync($"/api/v1/cases/{caseId}");
            answers[observer + " case"] = $"{(int)response.StatusCode} {response.Headers.ETag} {WithoutTraceId(await response.Content.ReadAsStringAsync())}";
            var list = await (await client.GetAsync("/api/v1/cases?limit=200")).Json();
            answers[observer + " list"] = list.GetProperty("items").EnumerateArray()
                .Where(c => c.GetProperty("id").GetGuid() == caseId).Select(c => "listed " + c).SingleOrDefault() ?? "absent";
            foreach (var route in SideRoutes)
            {
                var side = await client.GetAsync($"/api/v1/cases/{caseId}/{route}?limit=200");
                answers[$"{observer} /{route}"] = $"{(int)side.StatusCode} {WithoutTraceId(await side.Content.ReadAsStringAsync())}";
            }
        }
        using var owner = await api.ClientFor(Owner);
        answers["etag:" + Owner] = (await owner.GetCase(caseId)).ETag;
        return answers;
    }

    /// <summary>A problem's traceId names the request, not the case: the one part of an answer that differs every time.</summary>
    private static string WithoutTraceId(string body)
    {
        if (!body.StartsWith('{')) return body;
        var json = JsonNode.Parse(body)!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }

    /// <summary>An answer without what a risk assessment derives: riskLevel, updatedAt and the ETag.</summary>
    private static string WithoutDerived(string answer)
    {
        var start = answer.IndexOf('{');
        if (start < 0) return answer;
        var body = JsonNode.Parse(answer[start..])!.AsObject();
        body.Remove("riskLevel");
        body.Remove("updatedAt");
        var status = answer.Split(' ')[0];
        return $"{status} {body.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}";
    }
}
