using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Features.Tasks.Deadlines;
using Tactics.Api.Features.Tasks.FollowUp;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Tasks;

/// <summary>
/// The follow-up of a family-dispute PV (issue "The follow-up chain", items 5 and 6): the EVA call-back, and the D+2 proactive contact that
/// exists only while a consent holds. They run on a fake clock with a deadline monitor, so they share the dispatcher collection.
/// </summary>
[Collection(DispatcherCollection.Name)]
public sealed class FollowUpTaskTests(ApiFixture api)
{
    [Fact]
    public async Task An_eva_callback_goes_to_the_referent_mapped_for_the_victims_postcode_else_to_the_police_of_the_pvs_zone()
    {
        await api.MapReferents("police-5344", new JsonArray(
            new JsonObject { ["userId"] = "user-of-police-5344", ["function"] = "EVA referent", ["postcodes"] = new JsonArray("1210") },
            new JsonObject { ["userId"] = "eva-0031", ["function"] = "EVA referent", ["postcodes"] = new JsonArray("1140") }));
        using var police = await api.ClientFor("police-5344");
        var reportedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-5).ToUnixTimeSeconds());

        // The victim lives in 1210, in the PV's zone: the referent mapped for 1210.
        var inZone = await police.OpenCase(SharingKit.CaseBody("1210"));
        var pv = await police.RecordPv(inZone.Id, reportedAt);
        var mapped = await api.SingleTask(inZone.Id, "eva_callback");
        var task = await police.GetTask(mapped.Id);
        Assert.Equal("police-5344", task.GetProperty("assigneeAgency").GetString());
        Assert.Equal("user-of-police-5344", task.GetProperty("assigneeUserId").GetString());
        Assert.Equal("police-5344", task.GetProperty("escalationAgency").GetString());
        Assert.Equal(pv, task.GetProperty("incidentId").GetGuid());
        Assert.Equal(reportedAt + TimeSpan.FromDays(3), task.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(mapped.Id, await RecordCustodyEventTests.ListedTaskIds(police, "?assigned=me"));

        // No referent for 1030: the zone's police as a whole.
        var unmapped = await police.OpenCase(SharingKit.CaseBody("1030"));
        await police.RecordPv(unmapped.Id, reportedAt);
        var toZone = await api.SingleTask(unmapped.Id, "eva_callback");
        Assert.Equal(("police-5344", (string?)null), (toZone.Assignee, toZone.AssigneeUserId));

        // The victim lives in another zone (1050: 5339): the PV's zone's police, not a referent of it.
        var elsewhere = await police.OpenCase(SharingKit.CaseBody("1050"));
        await police.RecordPv(elsewhere.Id, reportedAt);
        var outside = await api.SingleTask(elsewhere.Id, "eva_callback");
        Assert.Equal(("police-5344", (string?)null), (outside.Assignee, outside.AssigneeUserId));

        // A sensitive-matter record or a complaint calls for no call-back.
        var complaintOnly = await police.OpenCase(SharingKit.CaseBody("1210"));
        await police.RecordPv(complaintOnly.Id, reportedAt, "complaint");
        Assert.Empty(await api.TasksOf(complaintOnly.Id));
    }

    [Fact]
    public async Task A_complaint_that_follows_the_pv_is_linked_to_its_eva_callback()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        var reportedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-5).ToUnixTimeSeconds());
        var pv = await police.RecordPv(opened.Id, reportedAt);
        var complaint = await police.RecordPv(opened.Id, reportedAt.AddHours(2), "complaint", follows: pv);

        var task = await police.GetTask((await api.SingleTask(opened.Id, "eva_callback")).Id);
        Assert.Equal(pv, task.GetProperty("incidentId").GetGuid());
        Assert.Equal(complaint, task.GetProperty("followUpIncidentId").GetGuid());
    }

    [Fact]
    public async Task No_proactive_contact_without_consent_one_when_consent_arrives_late_due_at_once_and_cancelled_on_revocation()
    {
        var clock = FollowUpKit.Clock();
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        using var police = await host.ClientOf(api, "police-5344");
        using var sapv = await host.ClientOf(api, "sapv-5344");
        var opened = await police.OpenCaseIn1210();
        // Reported three days ago: D+2 has passed.
        var reportedAt = clock.GetUtcNow().AddDays(-3);
        await police.RecordPv(opened.Id, reportedAt);

        Assert.DoesNotContain(await api.TasksOf(opened.Id), t => t.Kind == "proactive_contact");

        // A consent for another purpose, or for another SAPV, is not enough.
        await police.GrantConsent(opened.Id, SharingKit.ToAgency("sapv-5344"), ["contact"]);
        await police.GrantProactiveConsent(opened.Id, SharingKit.ToAgency("sapv-5339"), clock.GetUtcNow().AddDays(-1));
        Assert.DoesNotContain(await api.TasksOf(opened.Id), t => t.Kind == "proactive_contact");

        // The victim agrees, late: the task is created then, due at once.
        clock.Advance(TimeSpan.FromMinutes(1));
        var consent = await police.GrantProactiveConsent(opened.Id, new JsonObject { ["agencyKind"] = "sapv" }, clock.GetUtcNow().AddDays(-1));
        var created = await api.SingleTask(opened.Id, "proactive_contact");
        var task = await sapv.GetTask(created.Id);
        Assert.Equal("sapv-5344", task.GetProperty("assigneeAgency").GetString());
        Assert.Equal(clock.GetUtcNow(), task.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("overdue", task.GetProperty("status").GetString());

        // Revoked: the open task is cancelled, and takes no attempt.
        await police.RevokeConsent(opened.Id, consent);
        task = await sapv.GetTask(created.Id);
        Assert.Equal("cancelled", task.GetProperty("status").GetString());
        Assert.Equal(clock.GetUtcNow(), task.GetProperty("cancelledAt").GetDateTimeOffset());
        await (await sapv.PostAttempt(created.Id, FollowUpKit.AttemptBody("unreachable", clock.GetUtcNow())))
            .AssertProblem(HttpStatusCode.Conflict, "urn:tactics:problem:task-cancelled");
        Assert.Contains(created.Id, await RecordCustodyEventTests.ListedTaskIds(sapv, "?status=cancelled"));
    }

    [Fact]
    public async Task A_proactive_contact_consented_before_the_pv_is_due_two_calendar_days_later_and_an_expired_consent_cancels_it()
    {
        var clock = FollowUpKit.Clock();
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        using var police = await host.ClientOf(api, "police-5344");
        using var sapv = await host.ClientOf(api, "sapv-5344");
        var opened = await police.OpenCaseIn1210();
        await police.GrantProactiveConsent(opened.Id, SharingKit.ToAgency("sapv-5344"), clock.GetUtcNow().AddDays(-1), clock.GetUtcNow().AddMinutes(10));
        var reportedAt = clock.GetUtcNow().AddHours(-1);
        await police.RecordPv(opened.Id, reportedAt);

        var created = await api.SingleTask(opened.Id, "proactive_contact");
        var task = await sapv.GetTask(created.Id);
        Assert.Equal(FollowUpTasks.ProactiveContactDueAt(reportedAt), task.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("sapv-5344", task.GetProperty("escalationAgency").GetString());
        Assert.Equal("open", task.GetProperty("status").GetString());

        // The consent expires: the monitor cancels the task on its next pass, once.
        var monitor = host.Factory.Services.GetRequiredService<DeadlineMonitor>();
        clock.Advance(TimeSpan.FromMinutes(9));
        await monitor.RunOnceAsync();
        Assert.Equal("open", (await sapv.GetTask(created.Id)).GetProperty("status").GetString());
        clock.Advance(TimeSpan.FromMinutes(2));
        await monitor.RunOnceAsync();
        await monitor.RunOnceAsync();
        Assert.Equal("cancelled", (await sapv.GetTask(created.Id)).GetProperty("status").GetString());
    }

    [Theory]
    // Winter time: 23:30 in Brussels on the 20th is due 23:30 on the 22nd.
    [InlineData("2026-11-20T22:30:00Z", "2026-11-22T22:30:00Z")]
    // Across the spring change (29 March 2026): 11:00 CET on the 27th is due 11:00 CEST on the 29th, an hour less in UTC.
    [InlineData("2026-03-27T10:00:00Z", "2026-03-29T09:00:00Z")]
    // After 22:00 UTC in summer it is already the next day in Brussels.
    [InlineData("2026-06-10T22:30:00Z", "2026-06-12T22:30:00Z")]
    public void D_plus_two_counts_calendar_days_in_brussels(string reportedAt, string due) =>
        Assert.Equal(DateTimeOffset.Parse(due), FollowUpTasks.ProactiveContactDueAt(DateTimeOffset.Parse(reportedAt)));

    [Fact]
    public async Task Three_unreachable_attempts_schedule_retries_and_escalate_the_task_once()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        await police.RecordPv(opened.Id, DateTimeOffset.UtcNow.AddHours(-3));
        var taskId = (await api.SingleTask(opened.Id, "eva_callback")).Id;
        var first = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());

        var attempt = await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", first))).Json(HttpStatusCode.Created);
        Assert.Equal("unreachable", attempt.GetProperty("outcome").GetString());
        var task = await police.GetTask(taskId);
        Assert.Equal(1, task.GetProperty("unreachableAttempts").GetInt32());
        Assert.Equal(first + TimeSpan.FromHours(4), task.GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Equal(attempt.GetProperty("id").GetGuid(), task.GetProperty("latestAttempt").GetProperty("id").GetGuid());
        Assert.False(task.TryGetProperty("escalatedAt", out _));

        await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody("left_message", first.AddMinutes(30)))).Json(HttpStatusCode.Created);
        await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", first.AddHours(1)))).Json(HttpStatusCode.Created);
        Assert.DoesNotContain(await api.EventsOf(opened.Id), e => e.Type == EventCatalogue.TaskEscalated);
        await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", first.AddHours(1.5)))).Json(HttpStatusCode.Created);

        task = await police.GetTask(taskId);
        Assert.Equal(3, task.GetProperty("unreachableAttempts").GetInt32());
        Assert.True(task.TryGetProperty("escalatedAt", out _));
        // A fourth is recorded, and escalates no more.
        await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", first.AddHours(1.75)))).Json(HttpStatusCode.Created);
        var escalation = Assert.Single(await api.EventsOf(opened.Id), e => e.Type == EventCatalogue.TaskEscalated);
        Assert.Equal(taskId.ToString(), escalation.Data["taskId"]);
    }

    [Fact]
    public async Task Attempts_are_for_the_agency_working_on_the_task_validated_and_replayed_by_idempotency_key()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        await police.RecordPv(opened.Id, DateTimeOffset.UtcNow.AddHours(-3));
        var taskId = (await api.SingleTask(opened.Id, "eva_callback")).Id;
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());

        foreach (var agency in new[] { "sapv-5344", "police-5339", "cpas-saint-josse" })
        {
            using var other = await api.ClientFor(agency);
            await (await other.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", at))).AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        }
        await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody("reached", at))).AssertValidationProblem("outcome");
        await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", at).With("how", "pigeon"))).AssertValidationProblem("how");
        await (await police.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", DateTimeOffset.UtcNow.AddDays(1)))).AssertValidationProblem("at");

        var key = Guid.NewGuid().ToString();
        var first = await police.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", at), key);
        var replay = await police.PostAttempt(taskId, FollowUpKit.AttemptBody("unreachable", at), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal((await first.Json(HttpStatusCode.Created)).ToString(), (await replay.Json(HttpStatusCode.Created)).ToString());
        Assert.Equal(1, (await police.GetTask(taskId)).GetProperty("unreachableAttempts").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync(first.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task A_proactive_contact_completes_with_the_checklist_and_an_appointment()
    {
        using var police = await api.ClientFor("police-5344");
        using var sapv = await api.ClientFor("sapv-5344");
        var opened = await police.OpenCaseIn1210();
        await police.GrantProactiveConsent(opened.Id, SharingKit.ToAgency("sapv-5344"), DateTimeOffset.UtcNow.AddDays(-1));
        await police.RecordPv(opened.Id, DateTimeOffset.UtcNow.AddHours(-3));
        var taskId = (await api.SingleTask(opened.Id, "proactive_contact")).Id;
        var appointment = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(2).ToUnixTimeSeconds());

        var reached = CustodyRequests.CompletionBody();
        await (await sapv.CompleteTask(taskId, reached)).AssertValidationProblem("checklist");
        reached["checklist"] = new JsonObject { ["frameworkExplained"] = true, ["hearingPrepared"] = true, ["housingChecked"] = true };
        await (await sapv.CompleteTask(taskId, reached)).AssertValidationProblem("checklist.incomeChecked");
        reached["checklist"]!["incomeChecked"] = false;
        reached["appointmentAt"] = appointment.ToString("O");

        var task = await (await sapv.CompleteTask(taskId, reached)).Json();
        Assert.Equal("completed", task.GetProperty("status").GetString());
        var completion = task.GetProperty("completion");
        Assert.Equal("reached", completion.GetProperty("outcome").GetString());
        Assert.Equal(appointment, completion.GetProperty("appointmentAt").GetDateTimeOffset());
        var checklist = completion.GetProperty("checklist");
        Assert.True(checklist.GetProperty("frameworkExplained").GetBoolean());
        Assert.True(checklist.GetProperty("hearingPrepared").GetBoolean());
        Assert.True(checklist.GetProperty("housingChecked").GetBoolean());
        Assert.False(checklist.GetProperty("incomeChecked").GetBoolean());

        // The checklist is the proactive contact's: an EVA call-back refuses it.
        var callback = (await api.SingleTask(opened.Id, "eva_callback")).Id;
        await (await police.CompleteTask(callback, reached)).AssertValidationProblem("checklist");
    }
}
