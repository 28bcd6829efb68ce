using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Tactics.Api.Tests.Policy.Reach;

/// <summary>One row: a world, then one write between two snapshots; every gain no deliberate act allows is a finding.</summary>
public sealed class ReachScenario(ReachHost host, World world, string row)
{
    public List<string> Findings { get; } = [];

    /// <summary>What the write answered and how long the row's snapshots took, for the test output.</summary>
    public string Summary { get; private set; } = "no write";

    /// <summary>
    /// Snapshots the world, sends the write as the caller, snapshots the world and every case the write created, and keeps
    /// each gain (agency, category, case) that neither the declared act allows nor a hard rule permits.
    /// </summary>
    public async Task<HttpResponseMessage> WriteAsync(string caller, Func<HttpClient, Task<HttpResponseMessage>> call, DeliberateAct act,
        string role = "member", Action? onSuccess = null)
    {
        var worldCases = world.Cases.Values.Select(c => c.Id).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = await Snapshot.TakeAsync(host, worldCases);
        var snapshotTime = clock.Elapsed;

        var response = await call(await host.Client(caller, role));
        var answer = await response.Content.ReadAsStringAsync();
        var created = (await CreatedCasesAsync(response, answer)).Except(worldCases).ToHashSet();
        var context0 = new ActContext(before, before, world, response.StatusCode, caller, role, created);
        if (context0.Succeeded) onSuccess?.Invoke();

        clock.Restart();
        var after = await Snapshot.TakeAsync(host, [.. worldCases, .. created]);
        snapshotTime += clock.Elapsed;
        Summary = $"{row}: the write ({caller} {role}) answered {(int)response.StatusCode}; {after.Cases.Count()} cases × {Partnership.All.Length} agencies, "
            + $"snapshots {snapshotTime.TotalMilliseconds:F0} ms";
        var context = context0 with { After = after };
        var lines = new List<string>();
        foreach (var caseId in after.Cases.OrderBy(world.LabelOf, StringComparer.Ordinal))
        {
            foreach (var agency in Partnership.All)
            {
                var gained = after[caseId, agency.Code].Visible.Keys.Except(before[caseId, agency.Code].Visible.Keys)
                    .Select(category => new Gain(caseId, agency.Code, category))
                    .Select(g => (Gain: g, Rule: HardRules.Broken(g, context)))
                    .Where(g => g.Rule is not null || !act.Allows(g.Gain, context))
                    .ToList();
                if (gained.Count == 0) continue;
                var rules = gained.Select(g => g.Rule).OfType<string>().Distinct().ToList();
                lines.Add($"    {agency.Code} gained [{string.Join(", ", gained.Select(g => g.Gain.Category))}] on {world.LabelOf(caseId)}"
                    + (rules.Count > 0 ? $" (hard rule: {string.Join("; ", rules)})" : ""));
            }
        }
        if (lines.Count > 0)
        {
            var excerpt = answer.Length > 160 ? answer[..160] + "…" : answer;
            Findings.Add($"{row}\n  the write ({caller}{(role == "member" ? "" : " " + role)}) answered {(int)response.StatusCode} {excerpt}\n"
                + $"  gains no deliberate act of DESIGN.md allows ({act.GetType().Name} declared):\n{string.Join('\n', lines)}");
        }
        return response;
    }

    /// <summary>
    /// The case a write opened: the new case of <c>POST /cases</c>, or the case a disclosure attached to or opened (looked up
    /// by the disclosure's id, since the discloser is told nothing). Rows run side by side, so no global diff of the cases.
    /// </summary>
    private async Task<IEnumerable<Guid>> CreatedCasesAsync(HttpResponseMessage response, string answer)
    {
        var path = response.RequestMessage?.RequestUri?.AbsolutePath.TrimEnd('/');
        if (!response.IsSuccessStatusCode || answer.Length == 0) return [];
        var id = System.Text.Json.JsonDocument.Parse(answer).RootElement.TryGetProperty("id", out var value) ? value.GetGuid() : Guid.Empty;
        return path switch
        {
            "/api/v1/cases" => [id],
            "/api/v1/disclosures" => await host.Query("SELECT case_id FROM disclosures WHERE id = @id", r => r.GetGuid(0), ("id", id)),
            _ => [],
        };
    }

    public static Func<HttpClient, Task<HttpResponseMessage>> Post(string path, object body) => client => client.PostAsJsonAsync(path, body);

    public static Func<HttpClient, Task<HttpResponseMessage>> Patch(Guid caseId, string mergePatch) => client =>
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{caseId}")
        {
            Content = new StringContent(mergePatch, Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        return client.SendAsync(request);
    };
}
