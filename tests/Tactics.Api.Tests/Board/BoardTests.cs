using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Features.Board.Monitor;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Board;

/// <summary>
/// The parquet–police board over HTTP: whose board lists what, its order, its cursor, assignment, the CSV and decision.overdue.
/// Tests on a fake clock run in a window of the past of their own (every other test's items fall due later), in the
/// dispatcher collection, one at a time.
/// </summary>
[Collection(DispatcherCollection.Name)]
public sealed class BoardTests(ApiFixture api)
{
    private static readonly Dictionary<string, string?> OneDayForComplaints = new() { ["Board:ComplaintDays"] = "1" };

    [Fact]
    public async Task A_parquet_lists_the_PVs_of_its_districts_zones_a_zone_its_own_and_no_one_a_sensitive_matter_record()
    {
        using var nord = await api.ClientFor("police-5344");
        using var ixelles = await api.ClientFor("police-5339");
        using var antwerp = await api.ClientFor("police-5345");
        var nordCase = (await nord.OpenCase(SharingKit.CaseBody("1210"))).Id;
        var nordPv = await nord.RecordPv(nordCase, CaseRequests.IncidentBody());
        var sensitive = await nord.RecordPv(nordCase, CaseRequests.IncidentBody("sensitive_matter_record"));
        var ixellesPv = await ixelles.RecordPv((await ixelles.OpenCase(SharingKit.CaseBody("1050"))).Id, CaseRequests.IncidentBody(zone: "5339"));
        var antwerpPv = await antwerp.RecordPv((await antwerp.OpenCase(SharingKit.CaseBody("2000"))).Id, CaseRequests.IncidentBody("complaint", "5345"));

        using var brussels = await api.ClientFor("parquet-bruxelles");
        var brusselsBoard = await brussels.Board();
        Assert.NotNull(brusselsBoard.ItemOf(nordPv));
        Assert.NotNull(brusselsBoard.ItemOf(ixellesPv));
        Assert.Null(brusselsBoard.ItemOf(antwerpPv));
        Assert.Null(brusselsBoard.ItemOf(sensitive));
        var item = brusselsBoard.ItemOf(nordPv)!.Value;
        Assert.Equal("family_dispute_report", item.GetProperty("kind").GetString());
        Assert.Equal("5344", item.GetProperty("policeZone").GetString());
        Assert.Equal(nordCase, item.GetProperty("caseId").GetGuid());
        Assert.Equal(item.GetProperty("receivedAt").GetDateTimeOffset().AddDays(7), item.GetProperty("dueAt").GetDateTimeOffset());
        Assert.False(item.GetProperty("overdue").GetBoolean());

        var nordBoard = await nord.Board();
        Assert.NotNull(nordBoard.ItemOf(nordPv));
        Assert.Null(nordBoard.ItemOf(ixellesPv));
        Assert.Null(nordBoard.ItemOf(sensitive));
        Assert.All(nordBoard, i => Assert.Equal("5344", i.GetProperty("policeZone").GetString()));

        using var antwerpParquet = await api.ClientFor("parquet-antwerpen");
        var antwerpBoard = await antwerpParquet.Board();
        Assert.NotNull(antwerpBoard.ItemOf(antwerpPv));
        Assert.Null(antwerpBoard.ItemOf(nordPv));
        Assert.NotNull((await antwerp.Board()).ItemOf(antwerpPv));

        // The zone filter narrows a parquet's board to one zone.
        Assert.All(await brussels.Board("&zone=5339"), i => Assert.Equal("5339", i.GetProperty("policeZone").GetString()));

        using var cpas = await api.ClientFor("cpas-saint-josse");
        await (await cpas.GetAsync("/api/v1/board")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:agency-kind-not-allowed");
    }

    [Fact]
    public async Task Overdue_items_come_first_then_a_households_incidents_together_by_its_earliest_due_date_and_a_complaint_without_assessment_is_flagged()
    {
        var t0 = new DateTimeOffset(2025, 2, 3, 8, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(t0);
        await using var host = BoardKit.PastHost(api, clock, OneDayForComplaints);
        using var police = await host.ClientOf("police-5344");
        var couple = NationalNumbers.FreshName("Board");

        var first = await police.RecordPv((await police.OpenCase(CaseRequests.OpenCaseBody(couple))).Id, BoardKit.PvBody(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromDays(1));
        var other = await police.RecordPv((await police.OpenCase(SharingKit.CaseBody())).Id, BoardKit.PvBody(clock.GetUtcNow()));
        var complaint = await police.RecordPv((await police.OpenCase(SharingKit.CaseBody())).Id, BoardKit.PvBody(clock.GetUtcNow(), "complaint"));
        clock.Advance(TimeSpan.FromDays(2));
        // The same couple again, on a case of its own: the household joins them.
        var second = await police.RecordPv((await police.OpenCase(CaseRequests.OpenCaseBody(couple))).Id, BoardKit.PvBody(clock.GetUtcNow()));

        Guid[] mine = [first, other, complaint, second];
        foreach (var reader in new[] { await host.ClientOf("parquet-bruxelles"), police })
        {
            var board = (await reader.Board()).Where(i => i.TryGetProperty("incidentId", out var id) && mine.Contains(id.GetGuid())).ToList();
            // Without the household, the order would be first (due day 7), other (day 8), second (day 10).
            Assert.Equal([complaint, first, second, other], board.Select(i => i.GetProperty("incidentId").GetGuid()));
            Assert.Equal([true, false, false, false], board.Select(i => i.GetProperty("overdue").GetBoolean()));
            Assert.Equal(["complaint_without_risk_assessment"], board[0].GetProperty("flags").Strings());
            Assert.All(board.Skip(1), i => Assert.Empty(i.GetProperty("flags").EnumerateArray()));
            Assert.Equal(board[1].GetProperty("householdId").GetGuid(), board[2].GetProperty("householdId").GetGuid());
            Assert.NotEqual(board[1].GetProperty("householdId").GetGuid(), board[3].GetProperty("householdId").GetGuid());
            Assert.Equal(t0.AddDays(2), board[0].GetProperty("dueAt").GetDateTimeOffset());
            reader.Dispose();
        }

        // The overdue filter holds the complaint alone of these.
        using var parquet = await host.ClientOf("parquet-bruxelles");
        var overdue = await parquet.Board("&status=overdue");
        Assert.NotNull(overdue.ItemOf(complaint));
        Assert.Null(overdue.ItemOf(first));
    }

    [Fact]
    public async Task The_cursor_continues_after_the_last_item_seen_even_when_an_item_before_it_is_decided()
    {
        // The earliest window of all, and earlier on every run (a database may be reused): no other item falls due before these.
        var t0 = new DateTimeOffset(2025, 1, 6, 8, 0, 0, TimeSpan.Zero) - (DateTimeOffset.UtcNow - new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)) * 10;
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(t0.ToUnixTimeSeconds()));
        await using var host = BoardKit.PastHost(api, clock);
        using var police = await host.ClientOf("police-5339");
        var pvs = new List<(Guid Case, Guid Pv)>();
        for (var i = 0; i < 5; i++)
        {
            var caseId = (await police.OpenCase(SharingKit.CaseBody("1050"))).Id;
            pvs.Add((caseId, await police.RecordPv(caseId, BoardKit.PvBody(clock.GetUtcNow(), zone: "5339"))));
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        clock.Advance(TimeSpan.FromHours(1));

        using var parquet = await host.ClientOf("parquet-bruxelles");
        async Task<(Guid[] Pvs, string? Cursor)> Page(string? cursor)
        {
            var page = await (await parquet.GetAsync("/api/v1/board?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).Json();
            return ([.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("incidentId").GetGuid())],
                page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null);
        }

        var (firstPage, cursor) = await Page(null);
        Assert.Equal([pvs[0].Pv, pvs[1].Pv], firstPage);
        await (await parquet.PostDecision(pvs[0].Case, BoardKit.DecisionOn(pvs[0].Pv))).Json(HttpStatusCode.Created);

        var (secondPage, next) = await Page(cursor);
        Assert.Equal([pvs[2].Pv, pvs[3].Pv], secondPage);
        Assert.Equal(pvs[4].Pv, (await Page(next)).Pvs[0]);
        await (await parquet.GetAsync("/api/v1/board?cursor=not-a-cursor")).AssertValidationProblem("cursor");
    }

    [Fact]
    public async Task A_parquet_referent_assigns_and_reassigns_an_item_a_member_or_the_police_may_not_and_another_parquet_finds_nothing()
    {
        using var police = await api.ClientFor("police-5344");
        var pv = await police.RecordPv((await police.OpenCase(SharingKit.CaseBody())).Id, CaseRequests.IncidentBody());
        using var referent = await api.ClientFor("parquet-bruxelles", "referent");
        var itemId = (await referent.Board("&zone=5344")).ItemOf(pv).Id()!.Value;

        var assigned = await (await referent.Assign(itemId, "jur-0007")).Json();
        Assert.Equal("jur-0007", assigned.GetProperty("assignedTo").GetString());
        Assert.Equal(itemId, assigned.GetProperty("id").GetGuid());
        Assert.Equal("jur-0031", (await (await referent.Assign(itemId, "jur-0031")).Json()).GetProperty("assignedTo").GetString());
        Assert.Equal("jur-0031", (await police.Board("&zone=5344")).ItemOf(pv)!.Value.GetProperty("assignedTo").GetString());

        using var member = await api.ClientFor("parquet-bruxelles");
        await (await member.Assign(itemId, "jur-0007")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:role-required");
        await (await police.Assign(itemId, "jur-0007")).AssertProblem(HttpStatusCode.Forbidden, "urn:tactics:problem:role-required");
        using var antwerp = await api.ClientFor("parquet-antwerpen", "referent");
        await (await antwerp.Assign(itemId, "jur-0007")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await referent.Assign(Guid.NewGuid(), "jur-0007")).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        await (await referent.Assign(itemId, " ")).AssertValidationProblem("userId");
    }

    [Fact]
    public async Task The_board_as_csv_holds_the_same_rows_and_beyond_its_limit_asks_for_a_narrower_filter()
    {
        var t0 = new DateTimeOffset(2025, 4, 7, 8, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(t0);
        await using var host = BoardKit.PastHost(api, clock);
        using var police = await host.ClientOf("police-5339");
        var caseId = (await police.OpenCase(SharingKit.CaseBody("1050"))).Id;
        var pv = await police.RecordPv(caseId, BoardKit.PvBody(clock.GetUtcNow(), zone: "5339"));
        await police.RecordPv(caseId, BoardKit.PvBody(clock.GetUtcNow(), "complaint", "5339"));

        var json = await police.Board();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/board");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await police.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,kind,caseId,incidentId,disclosureId,householdId,policeZone,receivedAt,dueAt,overdue,assignedTo,flags,decisionId", lines[0]);
        // The same rows as the JSON, in the same order.
        Assert.Equal(json.Select(i => i.GetProperty("id").GetGuid().ToString()), lines.Skip(1).Select(l => l.Split(',')[0]));
        var row = lines.Single(l => l.Contains(pv.ToString(), StringComparison.Ordinal)).Split(',');
        Assert.Equal(["family_dispute_report", caseId.ToString(), pv.ToString(), "5339", "false"], [row[1], row[2], row[3], row[6], row[9]]);

        await using var narrow = BoardKit.PastHost(api, clock, new Dictionary<string, string?> { ["Board:CsvMaxRows"] = "1" });
        using var limited = await narrow.ClientOf("police-5339");
        var tooMany = new HttpRequestMessage(HttpMethod.Get, "/api/v1/board");
        tooMany.Headers.Accept.ParseAdd("text/csv");
        await (await limited.SendAsync(tooMany)).AssertProblem(HttpStatusCode.BadRequest, "urn:tactics:problem:narrower-filter-required");
    }

    [Fact]
    public async Task An_overdue_item_raises_decision_overdue_once_to_the_parquet_alone_with_its_assignee()
    {
        var t0 = new DateTimeOffset(2025, 5, 5, 8, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(t0);
        await using var host = BoardKit.PastHost(api, clock);
        using var police = await host.ClientOf("police-5344");
        var caseId = (await police.OpenCase(SharingKit.CaseBody())).Id;
        var pv = await police.RecordPv(caseId, BoardKit.PvBody(clock.GetUtcNow()));
        await (await police.PostAsJsonAsync($"/api/v1/cases/{caseId}/followers", new { })).Json(HttpStatusCode.Created);
        using var referent = await host.ClientOf("parquet-bruxelles", "referent");
        var itemId = (await referent.Board("&zone=5344")).ItemOf(pv).Id()!.Value;
        await (await referent.Assign(itemId, "jur-0007")).Json();

        var monitor = host.Factory.Services.GetRequiredService<BoardMonitor>();
        async Task<List<OutboxProbe.RaisedEvent>> Overdue() => [.. (await api.EventsOf(caseId)).Where(e => e.Type == EventCatalogue.DecisionOverdue)];
        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        await monitor.RunOnceAsync();
        Assert.Empty(await Overdue());

        clock.Advance(TimeSpan.FromSeconds(1));
        await monitor.RunOnceAsync();
        clock.Advance(TimeSpan.FromDays(1));
        await monitor.RunOnceAsync();

        var raised = Assert.Single(await Overdue());
        Assert.Equal(new Dictionary<string, string> { ["caseId"] = caseId.ToString(), ["boardItemId"] = itemId.ToString(), ["assigneeId"] = "jur-0007" },
            raised.Data);
        await host.Pump.RunOnceAsync();
        // The parquet alone: not the zone that recorded the PV and follows the case.
        Assert.Equal(["parquet-bruxelles"], await api.InboxesOf(raised.Id));
        Assert.True((await referent.Board("&status=overdue")).ItemOf(pv)!.Value.GetProperty("overdue").GetBoolean());
    }
}
