using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Features.Notifications.Dispatch;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Households;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy.Reach;

namespace Tactics.Api.Tests.Policy.Existence;

/// <summary>The existence test runs alone: it compares whole inboxes, task lists and case lists of two worlds.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExistenceCollection : ICollectionFixture<ExistenceWorlds>
{
    public const string Name = "existence";
}

/// <summary>
/// B's ids, as the strangers' requests name them: in the world where B exists, its own; in the other, random ids that name
/// nothing (the same placeholders in the same order, so that consistent renaming lines the two worlds up).
/// </summary>
public sealed record CaseBIds(Guid Case, Guid SecondCase, Guid Household, Guid Incident, Guid Assessment, Guid Consent, Guid Record,
    Guid Custody, Guid Task, Guid Measure, Guid Consultation, Guid Suggestion, Guid ComplianceReport, Guid BoardItem, Guid Decision,
    Guid EvaTask, Guid Attempt)
{
    public static CaseBIds Nonexistent() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
        Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
        Guid.NewGuid(), Guid.NewGuid());
}

/// <summary>
/// Two worlds, each an API host over a database of its own (<see cref="ReachHost"/>), set up by the same deterministic script:
/// strangers with cases, records, a release, a measure, consents and followers of their own (so lists, inboxes and tasks are
/// not empty); world 1 then also holds case B and its activity, world 2 does not. Every name, national number, address and
/// PV number is fixed, so both worlds hold the same background byte for byte but for ids and times.
/// </summary>
public sealed class ExistenceWorlds : IAsyncLifetime
{
    public ReachHost WithB { get; } = new();
    public ReachHost WithoutB { get; } = new();

    public CaseBIds B { get; private set; } = null!;

    /// <summary>In each world, the household of the strangers' Antwerp case (the other side a merge request names).</summary>
    public Dictionary<ReachHost, Guid> AntwerpHousehold { get; } = [];

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(WithB.InitializeAsync().AsTask(), WithoutB.InitializeAsync().AsTask());
        foreach (var host in new[] { WithB, WithoutB })
        {
            var antwerp = await Background(host);
            AntwerpHousehold[host] = (await host.Query("SELECT household_id FROM cases WHERE id = @id", r => r.GetGuid(0), ("id", antwerp))).Single();
        }
        B = await CaseB(WithB);
        foreach (var host in new[] { WithB, WithoutB })
        {
            await host.Factory.Services.GetRequiredService<NotificationPump>().RunOnceAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await WithB.DisposeAsync();
        await WithoutB.DisposeAsync();
    }

    /// <summary>A couple of fixed names and national numbers, at a fixed dwelling: the same in both worlds.</summary>
    public static JsonObject Body(string name, string postcode, string number, bool confidential = false)
    {
        var couple = new Couple("Existence" + name, NationalNumbers.Derived("existence victim " + name), NationalNumbers.Derived("existence author " + name));
        var commune = postcode switch
        {
            "1210" => "Saint-Josse-ten-Noode", "1030" => "Schaerbeek", "1050" => "Ixelles", "1000" => "Bruxelles", _ => "Antwerpen",
        };
        var street = postcode.StartsWith('2') ? "Lange Leemstraat" : "Rue de la Limite";
        var body = couple.Body(HouseholdRequests.Address(street, number, "E", postcode, commune, confidential),
            HouseholdRequests.Address(street, number, "E", postcode, commune));
        body["victim"]!["phone"] = "+32470123456";
        body["children"] = new JsonArray(new JsonObject { ["birthYear"] = DateTime.UtcNow.Year - 7, ["presentAtIncidents"] = true });
        return body;
    }

    private static async Task<Guid> Open(ReachHost host, string agency, JsonObject body) =>
        (await World.Expect(await (await host.Client(agency)).PostCase(body), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task<Guid> Created(ReachHost host, string agency, string path, JsonNode body) =>
        (await World.Expect(await (await host.Client(agency)).PostAsJsonAsync(path, body), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>The strangers' own activity, in both worlds alike; returns the Antwerp case.</summary>
    private static async Task<Guid> Background(ReachHost host)
    {
        // Antwerp: police-5345's case with a PV, an assessment, a release (an inform_victim task for sapv-5345) and a measure;
        // a consent lets the perpetrator-support service follow it.
        var antwerp = await Open(host, "police-5345", Body("anvers", "2000", "41"));
        await Created(host, "police-5345", $"/api/v1/cases/{antwerp}/incidents",
            CaseRequests.IncidentBody(zone: "5345", pvNumber: "AN.55.L7.EXISTENCE0001/2026"));
        await Created(host, "police-5345", $"/api/v1/cases/{antwerp}/risk-assessments", CaseRequests.RiskBody());
        await (await host.Client("parquet-antwerpen")).Release(antwerp);
        await Created(host, "parquet-antwerpen", $"/api/v1/cases/{antwerp}/measures", CustodyRequests.MeasureBody().With("orderedBy", "parquet-antwerpen"));
        await Created(host, "police-5345", $"/api/v1/cases/{antwerp}/consents",
            World.ConsentBody(SharingKit.ToAgency("perpetrator-support-praxis"), ["identity", "facts"]));
        await World.Expect(await (await host.Client("perpetrator-support-praxis")).PostAsJsonAsync($"/api/v1/cases/{antwerp}/followers", new { }),
            HttpStatusCode.Created);
        await Created(host, "perpetrator-support-praxis", $"/api/v1/cases/{antwerp}/records", new JsonObject { ["category"] = "internal_notes", ["text"] = "Intake done." });

        // Ixelles: police-5339's case with a PV; the partners' own cases, each with a record of their kind.
        var ixelles = await Open(host, "police-5339", Body("ixelles", "1050", "42"));
        await Created(host, "police-5339", $"/api/v1/cases/{ixelles}/incidents",
            CaseRequests.IncidentBody(zone: "5339", pvNumber: "BR.55.L7.EXISTENCE0002/2026"));
        foreach (var (agency, name, postcode, number, category) in new[]
        {
            ("cpas-saint-josse", "cpas", "1000", "43", "social"),
            ("health-cpvs-bruxelles", "cpvs", "1050", "44", "health"),
            ("victim-support-refuge-bruxelles", "refuge", "1000", "45", "social"),
            ("perpetrator-support-praxis", "praxis", "1030", "46", "internal_notes"),
        })
        {
            var own = await Open(host, agency, Body(name, postcode, number, confidential: agency.StartsWith("victim-support")));
            await Created(host, agency, $"/api/v1/cases/{own}/records", new JsonObject { ["category"] = category, ["text"] = $"A {category} record." });
        }
        return antwerp;
    }

    /// <summary>
    /// B: police-5344's Saint-Josse case with a PV (on the board, then decided by parquet-bruxelles), an assessment, a consent to sapv-5344,
    /// a record, a measure (and the justice house's breach report on it, which reaches police-5344 and parquet-bruxelles), a release by
    /// parquet-bruxelles (an inform_victim task and its events), a follower, a 458ter, a second case of the same couple (one
    /// household) and a case at the victim's address (a link suggestion).
    /// </summary>
    private static async Task<CaseBIds> CaseB(ReachHost host)
    {
        var b = await Open(host, "police-5344", Body("bravo", "1210", "77"));
        var path = $"/api/v1/cases/{b}";
        var incident = await Created(host, "police-5344", path + "/incidents", CaseRequests.IncidentBody(zone: "5344", pvNumber: "BR.55.L7.EXISTENCE0003/2026"));
        var assessment = await Created(host, "police-5344", path + "/risk-assessments", CaseRequests.RiskBody("yes", "yes", "yes", "yes", "yes"));
        var consent = await Created(host, "police-5344", path + "/consents", World.ConsentBody(SharingKit.ToAgency("sapv-5344"), ["identity", "facts"]));
        var record = await Created(host, "police-5344", path + "/records", new JsonObject { ["category"] = "internal_notes", ["text"] = "Call back on Monday." });
        var measure = await Created(host, "parquet-bruxelles", path + "/measures", CustodyRequests.MeasureBody());
        var report = await Created(host, "justice-house-bruxelles", $"{path}/measures/{measure}/compliance-reports", new JsonObject
        {
            ["status"] = "breach", ["observedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), ["details"] = "Author seen near the home.",
        });
        var (custody, task) = await (await host.Client("parquet-bruxelles")).Release(b);
        // The follow-up of its PV: the EVA call-back (an attempt on it), a D+2 proactive contact consented to, the safe-contact preferences.
        var police = await host.Client("police-5344");
        var evaTask = (await host.Query("SELECT id FROM tasks WHERE case_id = @id AND kind = 'eva_callback'", r => r.GetGuid(0), ("id", b))).Single();
        var attempt = await Created(host, "police-5344", $"/api/v1/tasks/{evaTask}/attempts", new JsonObject { ["outcome"] = "unreachable", ["how"] = "phone" });
        var proactive = World.ConsentBody(SharingKit.ToAgency("sapv-5344"), ["contact"]);
        proactive["purpose"] = "proactive_contact";
        await Created(host, "police-5344", path + "/consents", proactive);
        var etag = (await police.GetAsync(path)).Headers.ETag!.ToString();
        using (var put = new HttpRequestMessage(HttpMethod.Put, path + "/safe-contact")
        {
            Content = JsonContent.Create(new { phone = "+32470123456", windows = new[] { new { days = new[] { "mon" }, from = "09:00", to = "11:00" } }, mayLeaveMessage = false }),
        })
        {
            put.Headers.TryAddWithoutValidation("If-Match", etag);
            await World.Expect(await police.SendAsync(put), HttpStatusCode.OK);
        }
        await World.Expect(await (await host.Client("sapv-5344")).PostAsJsonAsync(path + "/followers", new { }), HttpStatusCode.Created);
        var consultation = await Created(host, "parquet-bruxelles", path + "/consultations",
            new JsonObject { ["participants"] = new JsonArray("sapv-5344"), ["purpose"] = "Safety plan.", ["until"] = DateTimeOffset.UtcNow.AddDays(10).ToString("O") });
        var second = await Open(host, "police-5344", Body("bravo", "1210", "77"));
        var household = (await host.Query("SELECT household_id FROM cases WHERE id = @id", r => r.GetGuid(0), ("id", b))).Single();
        Assert.Equal(household, (await host.Query("SELECT household_id FROM cases WHERE id = @id", r => r.GetGuid(0), ("id", second))).Single());
        await Open(host, "police-5344", Body("neighbour", "1210", "77"));
        var suggestion = (await host.Query("""
            SELECT id FROM household_link_suggestions WHERE household_a_id = @h OR household_b_id = @h
            """, r => r.GetGuid(0), ("h", household))).First();
        var boardItem = (await host.Query("SELECT id FROM board_items WHERE incident_id = @id", r => r.GetGuid(0), ("id", incident))).Single();
        var decision = await Created(host, "parquet-bruxelles", path + "/decisions", new JsonObject { ["incidentId"] = incident.ToString(), ["decision"] = "follow_up" });
        return new CaseBIds(b, second, household, incident, assessment, consent, record, custody.GetProperty("id").GetGuid(), task, measure,
            consultation, suggestion, report, boardItem, decision, evaTask, attempt);
    }
}
