using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Households;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Policy.Reach;

/// <summary>What the test itself knows of a case it made: the facts the deliberate acts depend on.</summary>
public sealed class CaseFacts
{
    public required Guid Id { get; init; }
    public required string Label { get; init; }
    public required string Owner { get; init; }
    public required Couple Couple { get; init; }
    public required string VictimPostcode { get; set; }
    public bool VictimConfidential { get; set; }
    /// <summary>The agency that recorded the victim's confidential address (the only one that may change it).</summary>
    public string? AddressRecorder { get; set; }
    public string? AuthorPostcode { get; init; }
}

/// <summary>
/// A world of its own for one row: fresh couples (no other world's person matches), four cases in three zones and two
/// districts, the consents and records of DESIGN.md's examples. Every setup step is valid under DESIGN.md.
/// </summary>
public sealed class World(ReachHost host)
{
    public ReachHost Host { get; } = host;
    public Dictionary<string, CaseFacts> Cases { get; } = [];
    /// <summary>Risk assessments by an agency with <c>risk</c> in its legal mission: (case, level).</summary>
    public List<(Guid Case, string Level)> MissionAssessments { get; } = [];
    /// <summary>The records each agency wrote: (case, agency, category).</summary>
    public HashSet<(Guid Case, string Agency, string Category)> Records { get; } = [];

    /// <summary>The consents granted in setup: (case, recipient) → consent id.</summary>
    public Dictionary<(Guid Case, string Recipient), Guid> Consents { get; } = [];

    public CaseFacts this[string label] => Cases[label];

    public string LabelOf(Guid caseId) => Cases.Values.FirstOrDefault(c => c.Id == caseId)?.Label ?? $"new case {caseId.ToString()[..8]} (opened by the write)";

    /// <summary>
    /// N: police-5344's case in Saint-Josse (zone 5344), with an identity consent to the CPAS (which wrote a social record) and
    /// to the CPVS (which wrote a health record); no assessment yet, so no 458ter may rest on it.
    /// A: police-5345's case in Antwerp. On demand (<see cref="EnsureAsync"/>), S: the shelter's case, the victim at a confidential address in Saint-Josse recorded by
    /// the shelter, the author in Schaerbeek. X: police-5339's case in Ixelles.
    /// </summary>
    public static async Task<World> StandardAsync(ReachHost host)
    {
        var world = new World(host);
        var n = await world.OpenAsync("N", "police-5344", "1210", authorPostcode: "1210");
        await world.OpenAsync("A", "police-5345", "2000", authorPostcode: "2000");

        await world.GrantAsync("police-5344", n.Id, "cpas-saint-josse", ["identity"]);
        await world.RecordAsync("cpas-saint-josse", n.Id, "social");
        await world.GrantAsync("police-5344", n.Id, "health-cpvs-bruxelles", ["identity"]);
        await world.RecordAsync("health-cpvs-bruxelles", n.Id, "health");
        return world;
    }

    /// <summary>Adds S or X to the world (before the row's write, so both snapshots hold it).</summary>
    public async Task EnsureAsync(string label)
    {
        if (Cases.ContainsKey(label)) return;
        _ = label switch
        {
            "S" => await OpenAsync("S", "victim-support-refuge-bruxelles", "1210", victimConfidential: true, authorPostcode: "1030"),
            "X" => await OpenAsync("X", "police-5339", "1050", authorPostcode: "1050"),
            _ => throw new ArgumentOutOfRangeException(nameof(label)),
        };
    }

    public async Task<CaseFacts> OpenAsync(string label, string opener, string victimPostcode, bool victimConfidential = false,
        string? authorPostcode = null, Couple? couple = null, string role = "member")
    {
        couple ??= Couple.Fresh();
        var body = Body(couple, victimPostcode, victimConfidential, authorPostcode);
        var client = await Host.Client(opener, role);
        var opened = await Expect(await client.PostCase(body), HttpStatusCode.Created);
        var facts = new CaseFacts
        {
            Id = opened.GetProperty("id").GetGuid(), Label = label, Owner = opener, Couple = couple, VictimPostcode = victimPostcode,
            VictimConfidential = victimConfidential, AddressRecorder = victimConfidential ? opener : null, AuthorPostcode = authorPostcode,
        };
        Cases[label] = facts;
        return facts;
    }

    public static JsonObject Body(Couple couple, string victimPostcode, bool victimConfidential, string? authorPostcode, bool authorConfidential = false)
    {
        var body = couple.Body(Address(victimPostcode, victimConfidential), authorPostcode is null ? null : Address(authorPostcode, authorConfidential));
        body["victim"]!["phone"] = "+32470123456";
        body["children"] = new JsonArray(new JsonObject { ["birthYear"] = DateTime.UtcNow.Year - 7, ["presentAtIncidents"] = true });
        return body;
    }

    /// <summary>A dwelling of its own (address matching is across every zone), in the commune of the postcode.</summary>
    public static JsonObject Address(string postcode, bool confidential)
    {
        var (number, box) = HouseholdRequests.FreshDwelling();
        var commune = postcode switch
        {
            "1210" => "Saint-Josse-ten-Noode", "1030" => "Schaerbeek", "1050" => "Ixelles", "1000" => "Bruxelles", _ => "Antwerpen",
        };
        return HouseholdRequests.Address(postcode.StartsWith('2') ? "Lange Leemstraat" : "Rue de la Limite", number, box, postcode, commune, confidential);
    }

    public async Task<Guid> GrantAsync(string recorder, Guid caseId, string recipient, string[] categories,
        DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null)
    {
        var client = await Host.Client(recorder);
        var response = await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", ConsentBody(SharingKit.ToAgency(recipient), categories, validFrom, validUntil));
        var id = (await Expect(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Consents[(caseId, recipient)] = id;
        return id;
    }

    public static JsonObject ConsentBody(JsonObject recipient, string[] categories, DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null) => new()
    {
        ["recipient"] = recipient,
        ["categories"] = new JsonArray([.. categories.Select(c => (JsonNode)c)]),
        ["purpose"] = "follow_up",
        ["validFrom"] = (validFrom ?? DateTimeOffset.UtcNow.AddDays(-1)).ToString("O"),
        ["validUntil"] = (validUntil ?? DateTimeOffset.UtcNow.AddDays(90)).ToString("O"),
        ["obtained"] = new JsonObject { ["how"] = "written", ["details"] = "Signed form." },
    };

    public async Task RevokeAsync(string by, Guid caseId, Guid consentId)
    {
        var client = await Host.Client(by);
        await Expect(await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents/{consentId}/revocation", new { reason = "Asked by the victim." }), HttpStatusCode.OK);
    }

    public async Task RecordAsync(string agency, Guid caseId, string category)
    {
        var client = await Host.Client(agency);
        await Expect(await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/records", new { category, text = $"A {category} record." }), HttpStatusCode.Created);
        Records.Add((caseId, agency, category));
    }

    /// <summary>A risk assessment of the given computed level (no override).</summary>
    public async Task AssessAsync(string agency, Guid caseId, string level)
    {
        var body = level switch
        {
            "critical" => CaseRequests.RiskBody("yes", "yes", "yes", "yes", "yes"),
            "high" => CaseRequests.RiskBody("yes", "yes", "yes", "no", "no"),
            _ => CaseRequests.RiskBody("yes", "no", "no", "no", "no"),
        };
        var client = await Host.Client(agency);
        await Expect(await client.PostRiskAssessment(caseId, body), HttpStatusCode.Created);
        if (Partnership.Mission(Partnership.Agency(agency).Kind).Contains("risk")) MissionAssessments.Add((caseId, level));
    }

    /// <summary>A 458ter consultation opened by the district's parquet after a critical assessment by police-5344 (both valid).</summary>
    public async Task ConsultationAsync(Guid caseId, params string[] participants)
    {
        await AssessAsync("police-5344", caseId, "critical");
        var parquet = await Host.Client("parquet-bruxelles");
        await Expect(await parquet.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations",
            new { participants, purpose = "Safety plan.", until = DateTimeOffset.UtcNow.AddDays(10) }), HttpStatusCode.Created);
    }

    /// <summary>The agency's only link to the case is its own entry: a consent let it write an internal note, then was revoked.</summary>
    public async Task OwnEntriesOnlyAsync(string agency, Guid caseId)
    {
        var consent = await GrantAsync("police-5344", caseId, agency, ["identity"]);
        await RecordAsync(agency, caseId, "internal_notes");
        await RevokeAsync("police-5344", caseId, consent);
    }

    /// <summary>A setup step that is itself a leak on today's main (a fixed API may refuse it): its answer is not checked.</summary>
    public async Task TryAsync(string agency, Func<HttpClient, Task<HttpResponseMessage>> call) => (await call(await Host.Client(agency))).Dispose();

    public async Task<Guid> HouseholdOfAsync(Guid caseId) =>
        (await Host.Query("SELECT household_id FROM cases WHERE id = @id", r => r.GetGuid(0), ("id", caseId))).Single();

    public async Task<Guid> PendingSuggestionAsync(Guid household, Guid otherHousehold) =>
        (await Host.Query("""
            SELECT id FROM household_link_suggestions
            WHERE status = 'pending' AND ((household_a_id = @a AND household_b_id = @b) OR (household_a_id = @b AND household_b_id = @a))
            """, r => r.GetGuid(0), ("a", household), ("b", otherHousehold))).Single();

    public static async Task<JsonElement> Expect(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!expected.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"Setup step {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} "
                + $"answered {(int)response.StatusCode}, expected {string.Join('/', expected.Select(e => (int)e))}: {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
