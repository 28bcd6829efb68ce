using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Sharing;

using Tactics.Api.Tests.Policy;

namespace Tactics.Api.Tests.Notifications;

/// <summary>The agency inbox: every event reaches it, newest unacknowledged first; acknowledgement records who and when.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class InboxTests(ApiFixture api)
{
    private async Task<HttpClient> UserOf(string agencyCode, string userId)
    {
        using var anonymous = api.Anonymous();
        var response = await anonymous.PostAsJsonAsync("/dev/tokens", new { agencyCode, userId, roles = new[] { "member" } });
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var client = api.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Walks every page of the inbox and keeps this test's items, in the order served.</summary>
    private static async Task<List<JsonElement>> Inbox(HttpClient client, IReadOnlyCollection<string> eventIds, string? type = null)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var query = "/api/v1/notifications?limit=2" + (type is null ? "" : $"&type={type}") + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await client.GetFromJsonAsync<JsonElement>(query);
            var pageItems = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(pageItems.Count <= 2);
            if (type is not null) Assert.All(pageItems, item => Assert.Equal(type, item.GetProperty("type").GetString()));
            items.AddRange(pageItems.Where(item => eventIds.Contains(item.GetProperty("eventId").GetString())));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return items;
    }

    private static IEnumerable<string?> EventIds(IEnumerable<JsonElement> items) => items.Select(i => i.GetProperty("eventId").GetString());

    [Fact]
    public async Task The_inbox_lists_unacknowledged_items_newest_first_then_acknowledged_ones_and_filters_by_type()
    {
        // Far in the future, so other tests' items of this agency do not interleave with these.
        var clock = new FakeTimeProvider(new DateTimeOffset(2090, 1, 1, 8, 0, 0, TimeSpan.Zero));
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        // A case police-5344 sees in full: an event about a case reaches only the agencies its audience admits.
        var caseId = await api.OpenCaseAs("police-5344");
        var oldest = await host.RaiseAsync(EventCatalogue.CustodyReleased, caseId, "police-5344", "sapv-5344");
        clock.Advance(TimeSpan.FromMinutes(1));
        var middle = await host.RaiseAsync(EventCatalogue.MeasureImposed, caseId, "police-5344");
        clock.Advance(TimeSpan.FromMinutes(1));
        var newest = await host.RaiseAsync(EventCatalogue.CustodyReleased, caseId, "police-5344");
        await host.Pump.RunOnceAsync();
        string[] mine = [oldest, middle, newest];

        using var agent = await UserOf("police-5344", "agent-0042");
        Assert.Equal([newest, middle, oldest], EventIds(await Inbox(agent, mine)));

        var item = (await Inbox(agent, [oldest])).Single();
        Assert.Equal("judicial", item.GetProperty("category").GetString());
        Assert.Equal(caseId, item.GetProperty("caseId").GetGuid());
        Assert.Equal(caseId, item.GetProperty("data").GetProperty("caseId").GetGuid());
        Assert.False(item.GetProperty("acknowledged").GetBoolean());

        var acknowledged = await agent.PostAsync($"/api/v1/notifications/{(await Inbox(agent, [newest])).Single().GetProperty("id").GetGuid()}/acknowledgement", null);
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal([middle, oldest, newest], EventIds(await Inbox(agent, mine)));

        Assert.Equal([oldest, newest], EventIds(await Inbox(agent, mine, "custody.released")));
        Assert.Equal([middle], EventIds(await Inbox(agent, mine, "measure.imposed")));

        // The SAPV where the victim lives has its own items of both releases (act 8), not of the measure; the police zone's
        // acknowledgement is not the SAPV's.
        using var sapv = await UserOf("sapv-5344", "sapv-agent");
        var sapvItems = await Inbox(sapv, mine);
        Assert.Equal([newest, oldest], EventIds(sapvItems));
        Assert.All(sapvItems, item => Assert.False(item.GetProperty("acknowledged").GetBoolean()));
    }

    [Fact]
    public async Task Acknowledging_records_who_and_when_and_a_second_acknowledgement_keeps_the_first()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2090, 2, 1, 8, 0, 0, TimeSpan.Zero));
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        var eventId = await host.RaiseAsync(EventCatalogue.TaskAssigned, null, "sapv-5344");
        await host.Pump.RunOnceAsync();

        using var first = await UserOf("sapv-5344", "first-user");
        using var second = await UserOf("sapv-5344", "second-user");
        var id = (await Inbox(first, [eventId])).Single().GetProperty("id").GetGuid();

        var once = await (await first.PostAsync($"/api/v1/notifications/{id}/acknowledgement", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(once.GetProperty("acknowledged").GetBoolean());
        Assert.Equal("first-user", once.GetProperty("acknowledgedBy").GetString());
        var at = once.GetProperty("acknowledgedAt").GetDateTimeOffset();
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        var twice = await (await second.PostAsync($"/api/v1/notifications/{id}/acknowledgement", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("first-user", twice.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(at, twice.GetProperty("acknowledgedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Another_agencys_notification_is_a_404_exactly_like_a_missing_one()
    {
        await using var host = DispatcherHost.Start(api, loop: false);
        var eventId = await host.RaiseAsync(EventCatalogue.CaseOpened, null, "police-5344");
        await host.Pump.RunOnceAsync();
        using var owner = await UserOf("police-5344", "owner-user");
        var id = (await Inbox(owner, [eventId])).Single().GetProperty("id").GetGuid();

        using var other = await UserOf("police-5339", "other-user");
        var foreign = await (await other.PostAsync($"/api/v1/notifications/{id}/acknowledgement", null))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        var missing = await (await other.PostAsync($"/api/v1/notifications/{Guid.NewGuid()}/acknowledgement", null))
            .AssertProblem(HttpStatusCode.NotFound, "urn:tactics:problem:not-found");
        Assert.Equal(missing.GetProperty("title").GetString(), foreign.GetProperty("title").GetString());
        Assert.Equal(missing.GetProperty("detail").GetString(), foreign.GetProperty("detail").GetString());
        Assert.Empty(await Inbox(other, [eventId]));
        Assert.False((await Inbox(owner, [eventId])).Single().GetProperty("acknowledged").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_type_filter_is_a_400_naming_type()
    {
        using var client = await api.ClientFor("police-5344");
        await (await client.GetAsync("/api/v1/notifications?type=custody.exploded")).AssertValidationProblem("type");
        await (await client.GetAsync("/api/v1/notifications?cursor=%21%21")).AssertValidationProblem("cursor");
    }
}
