using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Tasks.Deadlines;
using Tactics.Api.Tests.Cases;
using Tactics.Api.Tests.Custody;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Tests.Notifications;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Measures;

/// <summary>The deadline monitor announces a measure's end 48 hours ahead, once; it runs on a fake clock, in the dispatcher collection.</summary>
[Collection(DispatcherCollection.Name)]
public sealed class MeasureExpiryTests(ApiFixture api)
{
    [Fact]
    public async Task A_measure_is_announced_as_expiring_48_hours_before_its_end_once_and_a_lifted_one_never()
    {
        using var police = await api.ClientFor("police-5344");
        var opened = await police.OpenCaseIn1210();
        var until = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(5).ToUnixTimeSeconds());
        var measure = await (await police.PostMeasure(opened.Id, CustodyRequests.MeasureBody("no_approach", until: until))).Json(HttpStatusCode.Created);
        var measureId = measure.GetProperty("id").GetGuid();
        var lifted = await (await police.PostMeasure(opened.Id, CustodyRequests.MeasureBody("no_contact", until: until))).Json(HttpStatusCode.Created);
        await (await police.LiftMeasure(opened.Id, lifted.GetProperty("id").GetGuid(), "Victim moved to a shelter.")).Json();

        var clock = new FakeTimeProvider(until - TimeSpan.FromHours(48) - TimeSpan.FromSeconds(1));
        await using var host = DispatcherHost.Start(api, loop: false, clock);
        var monitor = host.Factory.Services.GetRequiredService<DeadlineMonitor>();
        async Task<List<OutboxProbe.RaisedEvent>> Expiring() => [.. (await api.EventsOf(opened.Id)).Where(e => e.Type == EventCatalogue.MeasureExpiring)];

        await monitor.RunOnceAsync();
        Assert.Empty(await Expiring());

        clock.Advance(TimeSpan.FromSeconds(1));
        await monitor.RunOnceAsync();
        clock.Advance(TimeSpan.FromHours(47));
        await monitor.RunOnceAsync();

        var announced = Assert.Single(await Expiring());
        Assert.Equal(new Dictionary<string, string> { ["caseId"] = opened.Id.ToString(), ["measureId"] = measureId.ToString() }, announced.Data);
        Assert.Equal(until - TimeSpan.FromHours(48), announced.OccurredAt);
        await host.Pump.RunOnceAsync();
        Assert.Equal(["police-5344"], await api.InboxesOf(announced.Id));
    }
}
