using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Board;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Decisions;

/// <summary>Parquet decisions on PVs and 458bis disclosures over HTTP: what they create, clear and announce, and to whom.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class DecisionTests(ApiFixture api)
{
    private static string At(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_hearing_with_a_no_contact_order_creates_the_measure_clears_the_board_item_and_answers_201_with_location_and_etag()
    {
        using var police = await api.ClientFor("police-5344");
        var caseId = (await police.OpenCase(SharingKit.CaseBody())).Id;
        var pv = await police.RecordPv(caseId, CaseRequests.IncidentBody());
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var (_, etag) = await parquet.GetCase(caseId);
        var from = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var body = BoardKit.DecisionOn(pv, "hearing")
            .With("hearingAt", At(from.AddDays(8)))
            .With("note", "Hearing of the author within 10 days.");
        body["measures"] = new JsonArray(
            new JsonObject { ["kind"] = "no_contact", ["from"] = At(from), ["until"] = At(from.AddDays(90)) },
            new JsonObject { ["kind"] = "seizure" });

        var response = await parquet.PostDecision(caseId, body, etag, idempotencyKey: "decision-" + pv);
        var decision = await response.Json(HttpStatusCode.Created);
        var decisionId = decision.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/cases/{caseId}/decisions/{decisionId}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotEqual(etag, response.Headers.ETag!.ToString());
        Assert.Equal("hearing", decision.GetProperty("decision").GetString());
        Assert.Equal(pv, decision.GetProperty("incidentId").GetGuid());
        Assert.Equal(from.AddDays(8), decision.GetProperty("hearingAt").GetDateTimeOffset());
        Assert.Equal(["no_contact", "seizure"], decision.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
        var measureId = decision.GetProperty("measures")[0].GetProperty("measureId").GetGuid();

        // The no_contact order is an ordinary protective measure of the case.
        var measure = await (await parquet.GetAsync($"/api/v1/cases/{caseId}/measures/{measureId}")).Json();
        Assert.Equal("no_contact", measure.GetProperty("kind").GetString());
        Assert.Equal(from.AddDays(90), measure.GetProperty("until").GetDateTimeOffset());
        Assert.Equal("parquet-bruxelles", measure.GetProperty("orderedBy").GetString());
        Assert.Contains(await api.EventsOf(caseId), e => e.Type == EventCatalogue.MeasureImposed && e.Data["measureId"] == measureId.ToString());

        // Replayed, read, listed; the police of the zone read it too (judicial).
        var replay = await parquet.PostDecision(caseId, body, etag, idempotencyKey: "decision-" + pv);
        Assert.Equal(decisionId, (await replay.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        Assert.Equal(decisionId, (await (await parquet.GetAsync(response.Headers.Location)).Json()).GetProperty("id").GetGuid());
        Assert.Equal([decisionId], (await (await police.GetAsync($"/api/v1/cases/{caseId}/decisions")).Json())
            .GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));

        // Off the open board, on the decided one.
        Assert.Null((await parquet.Board("&zone=5344")).ItemOf(pv));
        Assert.Equal(decisionId, (await parquet.Board("&status=decided&zone=5344")).ItemOf(pv)!.Value.GetProperty("decisionId").GetGuid());

        // The ETag it answered was current; the one before it is stale; one decision per PV.
        await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(pv), etag)).AssertProblem(HttpStatusCode.PreconditionFailed, "urn:tactics:problem:precondition-failed");
        await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(pv))).AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:already-decided");
    }

    [Fact]
    public async Task A_decision_is_the_parquets_and_names_a_PV_of_the_case_with_what_its_outcome_needs()
    {
        using var police = await api.ClientFor("police-5344");
        var caseId = (await police.OpenCase(SharingKit.CaseBody())).Id;
        var pv = await police.RecordPv(caseId, CaseRequests.IncidentBody());
        var sensitive = await police.RecordPv(caseId, CaseRequests.IncidentBody("sensitive_matter_record"));
        var elsewhere = await police.RecordPv((await police.OpenCase(SharingKit.CaseBody())).Id, CaseRequests.IncidentBody());
        using var parquet = await api.ClientFor("parquet-bruxelles");

        await (await police.PostDecision(caseId, BoardKit.DecisionOn(pv))).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        await (await cpas.PostDecision(caseId, BoardKit.DecisionOn(pv))).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");

        await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(pv, "hearing"))).AssertValidationProblem("hearingAt");
        await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(pv, "dismissed").With("hearingAt", At(DateTimeOffset.UtcNow.AddDays(3)))))
            .AssertValidationProblem("hearingAt");
        await (await parquet.PostDecision(caseId, new JsonObject { ["decision"] = "dismissed" })).AssertValidationProblem("incidentId");
        await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(pv, "sentenced"))).AssertValidationProblem("decision");
        var noUntil = BoardKit.DecisionOn(pv);
        noUntil["measures"] = new JsonArray(new JsonObject { ["kind"] = "no_contact", ["from"] = At(DateTimeOffset.UtcNow) });
        await (await parquet.PostDecision(caseId, noUntil)).AssertValidationProblem("measures[0].until");
        await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(sensitive))).AssertValidationProblem("incidentId");
        await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(elsewhere))).AssertValidationProblem("incidentId");
        await (await parquet.PostDecision(caseId, new JsonObject { ["disclosureId"] = Guid.NewGuid().ToString(), ["decision"] = "dismissed" }))
            .AssertValidationProblem("disclosureId");

        Assert.Equal("dismissed", (await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(pv, "dismissed"))).Json(HttpStatusCode.Created))
            .GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Decision_recorded_reaches_the_police_of_the_PVs_zone_and_not_the_police_of_the_victims_zone()
    {
        await using var host = DispatcherHost.Start(api, loop: false);
        // The Antwerp couple's Brussels PV: the victim lives in Antwerp, the author in Saint-Josse (zone 5344).
        var body = SharingKit.CaseBody("1210").With("victim.address.postcode", "2000").With("victim.address.commune", "Antwerpen");
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var caseId = (await parquet.OpenCase(body)).Id;
        using var brussels = await api.ClientFor("police-5344");
        var pv = await brussels.RecordPv(caseId, CaseRequests.IncidentBody());
        using var antwerp = await api.ClientFor("police-5345");
        // The victim's zone reaches the case and sees its judicial data, so only the routing can keep the event from it.
        Assert.Contains("judicial", SharingKit.Visible((await antwerp.GetCase(caseId)).Body));

        var decisionId = (await (await parquet.PostDecision(caseId, BoardKit.DecisionOn(pv, "investigation"))).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var recorded = Assert.Single(await api.EventsOf(caseId), e => e.Type == EventCatalogue.DecisionRecorded);
        Assert.Equal(new Dictionary<string, string> { ["caseId"] = caseId.ToString(), ["incidentId"] = pv.ToString(), ["decisionId"] = decisionId.ToString() },
            recorded.Data);
        await host.Pump.RunOnceAsync();
        var inboxes = await api.InboxesOf(recorded.Id);
        Assert.Contains("police-5344", inboxes);
        Assert.DoesNotContain("police-5345", inboxes);
        Assert.DoesNotContain("sapv-5345", inboxes);
    }

    [Fact]
    public async Task A_disclosure_reaches_the_addressed_parquet_alone_and_its_decision_is_that_parquets_alone_and_raises_no_event()
    {
        await using var host = DispatcherHost.Start(api, loop: false);
        var victimNumber = NewNationalNumber(out var birthDate);
        var lastName = NationalNumbers.FreshName("Disclosed");
        using var police = await api.ClientFor("police-5344");
        var caseId = (await police.OpenCase(CaseRequests.OpenCaseBody(lastName).With("victim.nationalNumber", victimNumber)
            .With("victim.birthDate", birthDate))).Id;
        using var sapv = await api.ClientFor("sapv-5344");
        await (await sapv.PostAsJsonAsync($"/api/v1/cases/{caseId}/followers", new { })).Json(HttpStatusCode.Created);

        using var cpas = await api.ClientFor("cpas-saint-josse");
        var disclosureId = (await (await cpas.PostAsJsonAsync("/api/v1/disclosures", new JsonObject
        {
            ["victim"] = new JsonObject { ["firstName"] = "Amina", ["lastName"] = lastName, ["birthDate"] = birthDate, ["nationalNumber"] = victimNumber },
            ["reason"] = "Threats to kill with a weapon, repeated this week.",
        })).Json(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();

        var received = Assert.Single(await api.EventsOf(caseId), e => e.Type == EventCatalogue.DisclosureReceived);
        Assert.Equal(new Dictionary<string, string> { ["caseId"] = caseId.ToString(), ["disclosureId"] = disclosureId.ToString() }, received.Data);
        await host.Pump.RunOnceAsync();
        // Not the discloser, not the follower, not the owner: the addressed parquet alone.
        Assert.Equal(["parquet-bruxelles"], await api.InboxesOf(received.Id));
        Assert.Empty(await cpas.InboxItems(caseId, EventCatalogue.DisclosureReceived));
        Assert.Empty(await sapv.InboxItems(caseId, EventCatalogue.DisclosureReceived));

        // On that parquet's board only.
        using var parquet = await api.ClientFor("parquet-bruxelles");
        var item = (await parquet.Board()).Single(i => i.TryGetProperty("disclosureId", out var id) && id.GetGuid() == disclosureId);
        Assert.Equal("disclosure", item.GetProperty("kind").GetString());
        Assert.Equal(item.GetProperty("receivedAt").GetDateTimeOffset().AddDays(2), item.GetProperty("dueAt").GetDateTimeOffset());
        Assert.DoesNotContain(await police.Board(), i => i.GetProperty("kind").GetString() == "disclosure");
        using var antwerp = await api.ClientFor("parquet-antwerpen");
        Assert.DoesNotContain(await antwerp.Board(), i => i.TryGetProperty("disclosureId", out var id) && id.GetGuid() == disclosureId);

        var decision = await (await parquet.PostDecision(caseId, new JsonObject { ["disclosureId"] = disclosureId.ToString(), ["decision"] = "investigation" }))
            .Json(HttpStatusCode.Created);
        var decisionId = decision.GetProperty("id").GetGuid();
        Assert.DoesNotContain(await api.EventsOf(caseId), e => e.Type == EventCatalogue.DecisionRecorded);
        Assert.Equal(decisionId, (await (await parquet.GetAsync($"/api/v1/cases/{caseId}/decisions/{decisionId}")).Json()).GetProperty("id").GetGuid());
        // The zone sees the case's judicial data, yet not a decision on a disclosure.
        await (await police.GetAsync($"/api/v1/cases/{caseId}/decisions/{decisionId}")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Empty((await (await police.GetAsync($"/api/v1/cases/{caseId}/decisions")).Json()).GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(await parquet.Board(), i => i.TryGetProperty("disclosureId", out var id) && id.GetGuid() == disclosureId);
    }

    /// <summary>A victim national number no other test uses (valid mod-97), and its birth date.</summary>
    private static string NewNationalNumber(out string birthDate)
    {
        var born = new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(0, 49 * 365));
        birthDate = born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return NationalNumbers.For(born, Random.Shared.Next(1, 998));
    }
}
