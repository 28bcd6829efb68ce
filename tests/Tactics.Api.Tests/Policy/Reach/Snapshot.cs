using System.Net;
using System.Text.Json;

namespace Tactics.Api.Tests.Policy.Reach;

/// <summary>
/// What one agency sees of one case: nothing (a 404), or the categories <c>GET /cases/{id}</c> does not withhold, each with
/// the basis the API logged for that very read, plus the pseudo-categories of <see cref="Partnership"/>.
/// </summary>
public sealed record Cell(HttpStatusCode Status, IReadOnlyDictionary<string, string?> Visible, Guid? HouseholdId, string? Owner)
{
    public static readonly Cell Nothing = new(HttpStatusCode.NotFound, new Dictionary<string, string?>(), null, null);

    public bool Sees(string category) => Visible.ContainsKey(category);

    public string? BasisOf(string category) => Visible.GetValueOrDefault(category);
}

/// <summary>Every demo agency's decision on every category of every case of a world, read through the real API.</summary>
public sealed class Snapshot
{
    private readonly Dictionary<(Guid Case, string Agency), Cell> _cells = [];

    public Cell this[Guid caseId, string agency] => _cells.GetValueOrDefault((caseId, agency), Cell.Nothing);

    public IEnumerable<Guid> Cases => _cells.Keys.Select(k => k.Case).Distinct();

    private readonly Dictionary<Guid, (Guid Household, string Owner)> _cases = [];

    /// <summary>The case's household when the snapshot was taken (plumbing read from the database: not every caller is told it).</summary>
    public Guid? HouseholdOf(Guid caseId) => _cases.TryGetValue(caseId, out var c) ? c.Household : null;

    public string? OwnerOf(Guid caseId) => _cases.TryGetValue(caseId, out var c) ? c.Owner : null;

    public IEnumerable<Guid> CasesOfHousehold(Guid? householdId) =>
        householdId is null ? [] : Cases.Where(c => HouseholdOf(c) == householdId);

    /// <summary>The agency reaches the case by legal mission (a territory), as owner of a territorial kind or on the legal_mission basis.</summary>
    public bool MissionReaches(string agency, Guid caseId)
    {
        var cell = this[caseId, agency];
        return cell.BasisOf("core") == "legal_mission"
            || (OwnerOf(caseId) == agency && cell.Status == HttpStatusCode.OK && Partnership.Agency(agency).HasTerritory);
    }

    public static async Task<Snapshot> TakeAsync(ReachHost host, IReadOnlyCollection<Guid> caseIds)
    {
        var snapshot = new Snapshot();
        var cells = new List<(Guid Case, string Agency, Cell Cell)>();
        // One lane per case: the access log chains each case's entries under a lock, so reads of one case queue anyway.
        await Task.WhenAll(caseIds.Select(async caseId =>
        {
            foreach (var agency in Partnership.All)
            {
                var client = await host.Client(agency.Code);
                using var response = await client.GetAsync($"/api/v1/cases/{caseId}");
                var text = await response.Content.ReadAsStringAsync();
                var cell = response.StatusCode switch
                {
                    HttpStatusCode.OK => Parse(JsonDocument.Parse(text).RootElement),
                    HttpStatusCode.NotFound => Cell.Nothing,
                    _ => throw new InvalidOperationException($"GET /cases/{caseId} as {agency.Code} answered {(int)response.StatusCode}: {text}"),
                };
                lock (cells) cells.Add((caseId, agency.Code, cell));
            }
        }));

        // The basis of each category, from the access-log entry of that very read (the latest permitted read of the agency).
        var bases = await host.Query("""
            SELECT DISTINCT ON (case_id, agency_code) case_id, agency_code, granted
            FROM access_log WHERE case_id = ANY(@ids) AND action = 'read' AND outcome = 'permitted'
            ORDER BY case_id, agency_code, sequence DESC
            """, r => (Case: r.GetGuid(0), Agency: r.GetString(1), Granted: r.GetFieldValue<string[]>(2)), ("ids", caseIds.ToArray()));
        var basisOf = bases.ToDictionary(b => (b.Case, b.Agency), b => b.Granted
            .Select(g => g.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]));

        foreach (var row in await host.Query("SELECT id, household_id, owner_agency FROM cases WHERE id = ANY(@ids)",
                     r => (Id: r.GetGuid(0), Household: r.GetGuid(1), Owner: r.GetString(2)), ("ids", caseIds.ToArray())))
        {
            snapshot._cases[row.Id] = (row.Household, row.Owner);
        }

        foreach (var (caseId, agency, cell) in cells)
        {
            if (cell.Status != HttpStatusCode.OK)
            {
                snapshot._cells[(caseId, agency)] = cell;
                continue;
            }
            var logged = basisOf.GetValueOrDefault((caseId, agency)) ?? [];
            // The acts are judged on these bases: a read the log does not explain would silently weaken the test.
            if (!logged.ContainsKey("core"))
            {
                throw new InvalidOperationException($"The access log holds no 'core:<basis>' entry for {agency}'s read of case {caseId}: "
                    + "the reach-invariance snapshot reads each category's basis there (access_log.granted).");
            }
            var visible = cell.Visible.Keys.ToDictionary(c => c, c => logged.GetValueOrDefault(c == Partnership.Address ? "contact" : c));
            // DESIGN.md: an agency whose only link is its own entries gets a 404 for the case; its 200 is core it should not have.
            if (snapshot.OwnerOf(caseId) != agency && visible.GetValueOrDefault("core") == "own_record")
            {
                visible.Remove("core");
                visible[Partnership.CoreByOwnEntries] = "own_record";
            }
            snapshot._cells[(caseId, agency)] = cell with { Visible = visible };
        }
        return snapshot;
    }

    private static Cell Parse(JsonElement body)
    {
        var withheld = body.GetProperty("withheld").EnumerateArray().Select(w => w.GetProperty("category").GetString()!).ToHashSet();
        var visible = Partnership.Categories.Where(c => !withheld.Contains(c)).ToDictionary(c => c, _ => (string?)null);
        if (body.TryGetProperty("victim", out var victim) && victim.ValueKind == JsonValueKind.Object
            && victim.TryGetProperty("address", out var address) && address.ValueKind == JsonValueKind.Object)
        {
            visible[Partnership.Address] = null;
        }
        Guid? household = body.TryGetProperty("householdId", out var h) && h.ValueKind == JsonValueKind.String ? h.GetGuid() : null;
        return new Cell(HttpStatusCode.OK, visible, household, body.GetProperty("ownerAgency").GetString());
    }
}
