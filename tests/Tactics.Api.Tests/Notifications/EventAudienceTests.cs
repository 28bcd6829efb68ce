using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tactics.Api.Sharing;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Notifications;

/// <summary>
/// Each event reaches the audience the catalogue gives it, every recipient judged by the sharing policy when the event is
/// dispatched: no owner fallback, task events only to those who see the task's category, consent events to their parties.
/// The pump is driven by hand, so each test looks at the inboxes of its own events.
/// </summary>
[Collection(DispatcherCollection.Name)]
public sealed class EventAudienceTests(ApiFixture api)
{
    private async Task<string> EventOf(Guid caseId, string type, int nth = 0) =>
        (await api.EventsOf(caseId)).Where(e => e.Type == type).ElementAt(nth).Id;

    private static async Task Follow(HttpClient agency, Guid caseId) =>
        Assert.Equal(HttpStatusCode.Created, (await agency.PostAsJsonAsync($"/api/v1/cases/{caseId}/followers", new { })).StatusCode);

    [Fact]
    public async Task A_cpas_owner_without_judicial_gets_no_release_in_its_inbox_nor_its_webhook_where_no_zone_serves_the_victim()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await TestSubscription.CreateAsync(api, "cpas-saint-josse", receiver.Url, EventCatalogue.CustodyReleased, EventCatalogue.TaskAssigned);
        await using var host = DispatcherHost.Start(api, loop: false);
        try
        {
            // The victim lives where no partner zone serves; the author in Saint-Josse, so the Brussels parquet reaches the case.
            using var cpas = await api.ClientFor("cpas-saint-josse");
            var body = SharingKit.CaseBody("1210");
            body["victim"]!["address"]!["postcode"] = "4000";
            body["victim"]!["address"]!["commune"] = "Liège";
            var opened = await cpas.OpenCase(body);
            await Follow(cpas, opened.Id);
            using var parquet = await api.ClientFor("parquet-bruxelles");
            await parquet.Release(opened.Id);

            await host.Pump.RunOnceAsync();

            var released = await EventOf(opened.Id, EventCatalogue.CustodyReleased);
            var assigned = await EventOf(opened.Id, EventCatalogue.TaskAssigned);
            // Act 8's last resort: the parquet that recorded the release, never the owner that does not see judicial.
            Assert.Equal(["parquet-bruxelles"], await api.InboxesOf(released));
            Assert.DoesNotContain("cpas-saint-josse", await api.InboxesOf(assigned));
            Assert.Empty(await cpas.InboxItems(opened.Id, EventCatalogue.CustodyReleased));
            Assert.Empty(await cpas.InboxItems(opened.Id, EventCatalogue.TaskAssigned));
            Assert.Null(await subscription.Delivery(released));
            Assert.Null(await subscription.Delivery(assigned));
            // The owner still hears of what it sees: its own case's opening.
            Assert.Contains("cpas-saint-josse", await api.InboxesOf(await EventOf(opened.Id, EventCatalogue.CaseOpened)));
        }
        finally
        {
            await subscription.DeleteAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_release_reaches_the_victims_zone_police_and_sapv_and_its_task_only_the_assignee(bool confidential)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await TestSubscription.CreateAsync(api, "sapv-5344", receiver.Url, EventCatalogue.CustodyReleased);
        await using var host = DispatcherHost.Start(api, loop: false);
        try
        {
            using var cpas = await api.ClientFor("cpas-saint-josse");
            var opened = await cpas.OpenCase(SharingKit.CaseBody("1210", confidential));
            // The owner follows its own case: following opens nothing it does not see.
            await Follow(cpas, opened.Id);
            using var parquet = await api.ClientFor("parquet-bruxelles");
            await parquet.Release(opened.Id);

            await host.Pump.RunOnceAsync();

            var released = await EventOf(opened.Id, EventCatalogue.CustodyReleased);
            Assert.Equal(["police-5344", "sapv-5344"], await api.InboxesOf(released));
            Assert.Equal(["sapv-5344"], await api.InboxesOf(await EventOf(opened.Id, EventCatalogue.TaskAssigned)));
            Assert.NotNull(await subscription.Delivery(released));
        }
        finally
        {
            await subscription.DeleteAsync();
        }
    }

    [Fact]
    public async Task Followers_and_an_owner_without_judicial_get_no_task_assigned_nor_its_custody_event_id()
    {
        await using var host = DispatcherHost.Start(api, loop: false);
        using var police = await api.ClientFor("police-5344");
        var caseId = await api.OpenCaseAs("police-5344");
        using var refuge = await api.ClientFor("victim-support-refuge-bruxelles");
        await police.GrantConsent(caseId, SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["facts"]);
        await Follow(refuge, caseId);
        await Follow(police, caseId);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        await parquet.Release(caseId);
        await (await police.PostIncident(caseId, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);

        await host.Pump.RunOnceAsync();

        // The follower sees facts: it hears of the incident, and of nothing judicial.
        Assert.Single(await refuge.InboxItems(caseId, EventCatalogue.CaseIncidentRecorded));
        Assert.Empty(await refuge.InboxItems(caseId, EventCatalogue.TaskAssigned));
        Assert.Empty(await refuge.InboxItems(caseId, EventCatalogue.CustodyReleased));
        // The police owner sees judicial and hears of the release, but the task is the SAPV's alone.
        Assert.Equal(["police-5344", "sapv-5344"], await api.InboxesOf(await EventOf(caseId, EventCatalogue.CustodyReleased)));
        var assigned = await EventOf(caseId, EventCatalogue.TaskAssigned);
        Assert.Equal(["sapv-5344"], await api.InboxesOf(assigned));
        using var sapv = await api.ClientFor("sapv-5344");
        var item = Assert.Single(await sapv.InboxItems(caseId, EventCatalogue.TaskAssigned));
        Assert.Equal("judicial", item.GetProperty("category").GetString());
    }

    [Fact]
    public async Task A_follower_whose_consent_was_revoked_hears_nothing_more()
    {
        await using var host = DispatcherHost.Start(api, loop: false);
        using var police = await api.ClientFor("police-5344");
        var caseId = await api.OpenCaseAs("police-5344");
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var consentId = await police.GrantConsent(caseId, SharingKit.ToAgency("cpas-saint-josse"), ["facts", "judicial"]);
        await Follow(cpas, caseId);
        using var parquet = await api.ClientFor("parquet-bruxelles");
        await parquet.Release(caseId);
        await host.Pump.RunOnceAsync();
        Assert.Single(await cpas.InboxItems(caseId, EventCatalogue.CustodyReleased));

        await police.RevokeConsent(caseId, consentId);
        await (await parquet.PostCustodyEvent(caseId, CustodyRequests.DetainedBody())).Json(HttpStatusCode.Created);
        await (await police.PostIncident(caseId, CaseRequests.IncidentBody())).Json(HttpStatusCode.Created);
        await host.Pump.RunOnceAsync();

        Assert.DoesNotContain("cpas-saint-josse", await api.InboxesOf(await EventOf(caseId, EventCatalogue.CustodyDetained)));
        Assert.DoesNotContain("cpas-saint-josse", await api.InboxesOf(await EventOf(caseId, EventCatalogue.CaseIncidentRecorded)));
        Assert.Contains("sapv-5344", await api.InboxesOf(await EventOf(caseId, EventCatalogue.CustodyDetained)));
        Assert.Single(await cpas.InboxItems(caseId, EventCatalogue.CustodyReleased));
    }

    [Fact]
    public async Task A_consent_event_reaches_its_recipient_and_recorder_and_the_owner_only_when_it_sees_every_category_granted()
    {
        await using var host = DispatcherHost.Start(api, loop: false);
        var caseId = await api.OpenCaseAs("cpas-saint-josse");
        using var police = await api.ClientFor("police-5344");
        var facts = await police.GrantConsent(caseId, SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["facts"]);
        await police.GrantConsent(caseId, SharingKit.ToAgency("victim-support-refuge-bruxelles"), ["identity"]);
        await police.RevokeConsent(caseId, facts);

        await host.Pump.RunOnceAsync();

        Assert.Equal(["police-5344", "victim-support-refuge-bruxelles"], await api.InboxesOf(await EventOf(caseId, EventCatalogue.CaseConsentGranted, 0)));
        Assert.Equal(["cpas-saint-josse", "police-5344", "victim-support-refuge-bruxelles"],
            await api.InboxesOf(await EventOf(caseId, EventCatalogue.CaseConsentGranted, 1)));
        Assert.Equal(["police-5344", "victim-support-refuge-bruxelles"], await api.InboxesOf(await EventOf(caseId, EventCatalogue.CaseConsentRevoked)));
        var granted = (await api.EventsOf(caseId)).First(e => e.Type == EventCatalogue.CaseConsentGranted);
        Assert.Equal(facts.ToString(), granted.Data["consentId"]);
    }

    [Fact]
    public async Task The_timeline_shows_a_task_event_only_to_those_who_see_the_tasks_category()
    {
        using var cpas = await api.ClientFor("cpas-saint-josse");
        var opened = await cpas.OpenCaseIn1210();
        using var parquet = await api.ClientFor("parquet-bruxelles");
        await parquet.Release(opened.Id);

        async Task<string[]> Timeline(HttpClient client)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{opened.Id}/timeline?limit=200");
            return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()!)];
        }

        Assert.Equal(["case.opened"], await Timeline(cpas));
        using var sapv = await api.ClientFor("sapv-5344");
        Assert.Equal(["case.opened", "custody.released", "task.assigned"], await Timeline(sapv));
    }

    [Theory]
    [InlineData("case.record_added")]
    [InlineData("case.risk_assessed")]
    [InlineData("case.contact_changed")]
    public async Task Timeline_only_types_cannot_be_subscribed_to_nor_filtered_in_the_inbox(string type)
    {
        using var admin = await api.ClientFor("police-5344", "agency_admin");
        var response = await admin.PostAsJsonAsync("/api/v1/webhook-subscriptions", new { url = "https://partner.example/hooks", eventTypes = new[] { type } });
        await response.AssertValidationProblem("eventTypes[0]");
        await (await admin.GetAsync($"/api/v1/notifications?type={type}")).AssertValidationProblem("type");
    }
}
