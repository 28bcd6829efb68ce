using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;

namespace Tactics.Api.Tests.Policy;

/// <summary>
/// DESIGN.md, "What no write may do": an ordinary write never widens anyone's reach, the writer's own included. Each test
/// replays one way a hostile partner turned a write into access, and checks the way is closed.
/// </summary>
public sealed class WritesNeverWidenReachTests(ApiFixture api)
{
    /// <summary>An Antwerp case (police-5345, victim and author at 2000): outside every Brussels agency's territory.</summary>
    private async Task<Guid> AntwerpCase() => await api.OpenCaseAs("police-5345", postcode: "2000");

    private static JsonObject SensitiveMatterIn(string zone) => CaseRequests.IncidentBody("sensitive_matter_record", zone);

    [Fact]
    public async Task An_agency_whose_only_link_is_its_own_entries_reads_those_entries_and_nothing_else()
    {
        var caseId = await AntwerpCase();
        using var antwerp = await api.ClientFor("police-5345");
        using var ixelles = await api.ClientFor("police-5339");
        var consent = await antwerp.GrantConsent(caseId, SharingKit.ToAgency("police-5339"), ["identity", "risk"]);
        var assessment = await (await ixelles.PostRiskAssessment(caseId, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        await antwerp.RevokeConsent(caseId, consent);

        // The case, its list entry and every write are gone: own entries give no case.
        await (await ixelles.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var list = await (await ixelles.GetAsync("/api/v1/cases?limit=200")).Json();
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == caseId);
        await (await ixelles.PostIncident(caseId, SensitiveMatterIn("5339"))).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await ixelles.PostRiskAssessment(caseId, CaseRequests.RiskBody())).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // Its own assessment it still reads, at its own routes, and no one else's.
        await (await antwerp.PostRiskAssessment(caseId, CaseRequests.RiskBody(children: "no"))).Json(HttpStatusCode.Created);
        var own = await (await ixelles.GetAsync($"/api/v1/cases/{caseId}/risk-assessments")).Json();
        var item = Assert.Single(own.GetProperty("items").EnumerateArray());
        Assert.Equal(assessment.GetProperty("id").GetGuid(), item.GetProperty("id").GetGuid());
        await (await ixelles.GetAsync($"/api/v1/cases/{caseId}/risk-assessments/{assessment.GetProperty("id").GetGuid()}")).Json();
    }

    [Fact]
    public async Task An_incident_recorded_on_a_consent_gives_the_zone_no_territory()
    {
        var caseId = await AntwerpCase();
        using var antwerp = await api.ClientFor("police-5345");
        using var ixelles = await api.ClientFor("police-5339");
        using var ixellesSapv = await api.ClientFor("sapv-5339");
        var consent = await antwerp.GrantConsent(caseId, SharingKit.ToAgency("police-5339"), ["identity", "facts"]);
        await (await ixelles.PostIncident(caseId, SensitiveMatterIn("5339"))).Json(HttpStatusCode.Created);

        // The zone's SAPV gains nothing from it, and when the consent goes, so does the zone's access.
        await (await ixellesSapv.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await antwerp.RevokeConsent(caseId, consent);
        await (await ixelles.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
    }

    [Fact]
    public async Task An_incident_recorded_by_legal_mission_in_the_zone_gives_it_territory()
    {
        // Act 5, the deliberate one: zone 5344 records on a Saint-Josse case it reaches, so the case stays in its territory
        // after the victim and author move to Antwerp.
        var caseId = await api.OpenCaseAs("police-5345", postcode: "1210");
        using var police = await api.ClientFor("police-5344");
        using var antwerp = await api.ClientFor("police-5345");
        await (await police.PostIncident(caseId, CaseRequests.IncidentBody(zone: "5344"))).Json(HttpStatusCode.Created);
        var (_, etag) = await antwerp.GetCase(caseId);
        var moved = """{ "victim": { "address": { "postcode": "2000", "commune": "Antwerpen" } }, "author": { "address": { "postcode": "2000", "commune": "Antwerpen" } } }""";
        await (await antwerp.PatchCase(caseId, moved, etag)).Json();

        var body = await (await police.GetAsync($"/api/v1/cases/{caseId}")).Json();
        Assert.Contains("facts", SharingKit.Visible(body));
    }

    [Fact]
    public async Task A_risk_assessment_needs_risk_in_sight_and_a_458ter_rests_on_an_assessment_by_legal_mission()
    {
        var caseId = await api.OpenCaseAs("police-5344");
        using var police = await api.ClientFor("police-5344");
        using var coordination = await api.ClientFor("coordination-olista", "referent");
        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        var low = CaseRequests.RiskBody(children: "no", weapons: "no", escalation: "no", isolation: "no", stalking: "no");
        await (await police.PostRiskAssessment(caseId, low)).Json(HttpStatusCode.Created);

        // Coordination sees core only: it may not assess.
        await (await coordination.PostRiskAssessment(caseId, CaseRequests.RiskBody())).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:basis-required");

        // A partner that sees risk by consent may assess, and raises the case's level; a 458ter still rests on the police's.
        await police.GrantConsent(caseId, SharingKit.ToAgency("health-cpvs-bruxelles"), ["identity", "risk"]);
        await (await cpvs.PostRiskAssessment(caseId, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        var opened = await coordination.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new
        {
            participants = new[] { "health-cpvs-bruxelles" }, purpose = "Safety plan.", until = DateTimeOffset.UtcNow.AddDays(10),
        });
        await opened.AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:high-risk-required");
        var body = await (await coordination.GetAsync($"/api/v1/cases/{caseId}")).Json();
        Assert.Equal(["core"], SharingKit.Visible(body));
    }

    /// <summary>A case owned in Antwerp whose victim lives at a Saint-Josse shelter (confidential, 1210) and whose author lives in <paramref name="authorPostcode"/>.</summary>
    private async Task<Guid> ShelterCase(string authorPostcode)
    {
        var body = SharingKit.CaseBody("1210", confidential: true);
        body["author"]!["address"]!["postcode"] = authorPostcode;
        body["author"]!["address"]!["commune"] = authorPostcode.StartsWith('2') ? "Antwerpen" : "Saint-Josse-ten-Noode";
        using var antwerp = await api.ClientFor("police-5345");
        return (await antwerp.OpenCase(body)).Id;
    }

    [Fact]
    public async Task A_confidential_address_gives_no_territory()
    {
        var caseId = await ShelterCase(authorPostcode: "2000");
        foreach (var agency in new[] { "police-5344", "sapv-5344", "parquet-bruxelles", "coordination-olista" })
        {
            using var client = await api.ClientFor(agency);
            await (await client.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }
    }

    [Fact]
    public async Task Only_the_agency_that_recorded_a_confidential_address_changes_it()
    {
        // Zone 5344 reaches the case through the author's (non-confidential) Saint-Josse address, and reads the shelter's
        // address as the victim's zone police; it may not make it non-confidential, and the SAPV keeps not reading it.
        var caseId = await ShelterCase(authorPostcode: "1210");
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        using var antwerp = await api.ClientFor("police-5345");
        var (body, etag) = await police.GetCase(caseId);
        Assert.Contains("contact", SharingKit.Visible(body));

        await (await police.PatchCase(caseId, """{ "victim": { "address": { "confidential": false } } }""", etag))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:confidential-address-recorder-only");
        await (await police.PatchCase(caseId, """{ "victim": { "address": { "street": "Rue Royale", "number": "1" } } }""", etag))
            .AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:confidential-address-recorder-only");
        Assert.Contains("contact:protected_contact", SharingKit.Withheld(await (await sapv.GetAsync($"/api/v1/cases/{caseId}")).Json()));

        // The recorder (the owner, who opened the case with it) may.
        var (_, ownerEtag) = await antwerp.GetCase(caseId);
        await (await antwerp.PatchCase(caseId, """{ "victim": { "address": { "confidential": false } } }""", ownerEtag)).Json();
        Assert.DoesNotContain("contact:protected_contact", SharingKit.Withheld(await (await sapv.GetAsync($"/api/v1/cases/{caseId}")).Json()));
    }

    [Fact]
    public async Task A_release_reaches_the_police_and_sapv_where_the_victim_lives_even_at_a_confidential_address()
    {
        // Act 8: the shelter gives zone 5344 no territory, but a release reaches its police (judicial and the address) and
        // its SAPV (judicial; the shelter's address stays protected).
        var caseId = await ShelterCase(authorPostcode: "2000");
        using var parquet = await api.ClientFor("parquet-antwerpen");
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        await (await police.GetAsync($"/api/v1/cases/{caseId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        await parquet.Release(caseId);

        var byPolice = await (await police.GetAsync($"/api/v1/cases/{caseId}")).Json();
        Assert.Equal(["core", "contact", "judicial"], SharingKit.Visible(byPolice));
        var bySapv = await (await sapv.GetAsync($"/api/v1/cases/{caseId}")).Json();
        Assert.Equal(["core", "judicial"], SharingKit.Visible(bySapv));
        Assert.Contains("contact:protected_contact", SharingKit.Withheld(bySapv));
    }
}

/// <summary>One clock reading decides a whole request: no race between the reach query and the decision.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class OneClockReadingTests(ApiFixture api)
{
    /// <summary>A clock that moves a minute forward every time it is read.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private long _reads;

        public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromMinutes(Interlocked.Increment(ref _reads));
    }

    [Fact]
    public async Task A_consent_that_expires_while_a_list_is_decided_never_turns_the_list_into_a_500()
    {
        using var police = await api.ClientFor("police-5344");
        var start = DateTimeOffset.UtcNow;
        // Consents that expire one, two, ... ten clock reads after the host's first: one of them expires between two reads of a request.
        for (var minutes = 1; minutes <= 10; minutes++)
        {
            var caseId = await api.OpenCaseAs("police-5344");
            await police.GrantConsent(caseId, SharingKit.ToAgency("cpas-saint-josse"), ["identity"], validFrom: start.AddDays(-1),
                validUntil: start.AddMinutes(minutes).AddSeconds(30));
        }
        await using var factory = new TacticsApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
            ["Notifications:Dispatcher:Enabled"] = "false",
        }, services => services.AddSingleton<TimeProvider>(new SteppingClock(start)));
        using var cpas = factory.CreateClient();
        cpas.DefaultRequestHeaders.Authorization = new("Bearer", await api.TokenFor("cpas-saint-josse"));

        for (var i = 0; i < 12; i++)
        {
            var response = await cpas.GetAsync("/api/v1/cases?limit=200");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public void A_request_scope_reads_the_clock_once()
    {
        using var scope = api.Factory.Services.CreateScope();
        var access = scope.ServiceProvider.GetRequiredService<ICaseAccess>();
        Assert.Equal(access.Now, access.Now);
    }
}

/// <summary>Free text is never core (DESIGN.md, "No existence oracle"): it takes the category of what it describes.</summary>
public sealed class FreeTextCategoryTests(ApiFixture api)
{
    [Fact]
    public async Task A_closed_reason_is_facts_for_everyone_but_the_owner()
    {
        using var police = await api.ClientFor("police-5344");
        using var coordination = await api.ClientFor("coordination-olista");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        const string reason = "Moved into a shelter in Ixelles.";

        // Coordination sees the Brussels case's core by mission, not its facts.
        var policeCase = await police.OpenCase();
        await (await police.PatchCase(policeCase.Id, $$"""{ "status": "closed", "closedReason": "{{reason}}" }""", policeCase.ETag)).Json();
        Assert.Equal(reason, (await police.GetCase(policeCase.Id)).Body.GetProperty("closedReason").GetString());
        var byCoordination = await (await coordination.GetAsync($"/api/v1/cases/{policeCase.Id}")).Json();
        Assert.Equal("closed", byCoordination.GetProperty("status").GetString());
        Assert.False(byCoordination.TryGetProperty("closedReason", out _));
        Assert.DoesNotContain("facts", SharingKit.Visible(byCoordination));

        // The owner CPAS sees no facts, but reads the reason it wrote.
        var cpasCase = await cpas.OpenCase();
        await (await cpas.PatchCase(cpasCase.Id, $$"""{ "status": "closed", "closedReason": "{{reason}}" }""", cpasCase.ETag)).Json();
        var byOwner = (await cpas.GetCase(cpasCase.Id)).Body;
        Assert.DoesNotContain("facts", SharingKit.Visible(byOwner));
        Assert.Equal(reason, byOwner.GetProperty("closedReason").GetString());
    }
}

/// <summary>Side data is case data too: an incident's existence, kind, zone and dates are facts, like its timeline entry.</summary>
public sealed class IncidentVisibilityTests(ApiFixture api)
{
    [Fact]
    public async Task A_caller_without_facts_neither_lists_nor_reads_the_case_s_incidents()
    {
        using var police = await api.ClientFor("police-5344");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var caseId = await api.OpenCaseAs("police-5344");
        var incident = await (await police.PostIncident(caseId, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);
        await police.GrantConsent(caseId, SharingKit.ToAgency("cpas-saint-josse"), ["identity"]);

        var list = await (await cpas.GetAsync($"/api/v1/cases/{caseId}/incidents")).Json();
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Contains("facts:consent_required", SharingKit.Withheld(list));
        await (await cpas.GetAsync($"/api/v1/cases/{caseId}/incidents/{incident.GetProperty("id").GetGuid()}"))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        // The police, which sees facts, lists it.
        var byPolice = await (await police.GetAsync($"/api/v1/cases/{caseId}/incidents")).Json();
        Assert.Single(byPolice.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_caller_without_risk_reads_only_its_own_assessments()
    {
        // The CPVS assessed on a consent to risk; the perpetrator service, with an identity-only consent, sees the case's core
        // but must not learn from the assessments that the CPVS is involved.
        using var police = await api.ClientFor("police-5344");
        using var cpvs = await api.ClientFor("health-cpvs-bruxelles");
        using var praxis = await api.ClientFor("perpetrator-support-praxis");
        var caseId = await api.OpenCaseAs("police-5344");
        await police.GrantConsent(caseId, SharingKit.ToAgency("health-cpvs-bruxelles"), ["identity", "risk"]);
        var assessment = await (await cpvs.PostRiskAssessment(caseId, CaseRequests.RiskBody())).Json(HttpStatusCode.Created);
        await police.GrantConsent(caseId, SharingKit.ToAgency("perpetrator-support-praxis"), ["identity"]);

        var list = await (await praxis.GetAsync($"/api/v1/cases/{caseId}/risk-assessments")).Json();
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        await (await praxis.GetAsync($"/api/v1/cases/{caseId}/risk-assessments/{assessment.GetProperty("id").GetGuid()}"))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var byPolice = await (await police.GetAsync($"/api/v1/cases/{caseId}/risk-assessments")).Json();
        Assert.Single(byPolice.GetProperty("items").EnumerateArray());
    }
}
