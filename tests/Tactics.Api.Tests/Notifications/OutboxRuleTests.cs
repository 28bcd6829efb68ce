using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Notifications;
using Tactics.Api.Features.Notifications.Outbox;
using Tactics.Api.Features.Notifications.Webhooks.Delivery;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Infrastructure;
using Tactics.Api.Sharing;

namespace Tactics.Api.Tests.Notifications;

/// <summary>The pure rules: thin events, the retry schedule, the address ranges, the defaults.</summary>
public sealed class OutboxRuleTests(ApiFixture api)
{
    [Theory]
    [InlineData("taskId", "Jane Doe")]
    [InlineData("victimName", "x")]
    [InlineData("taskId", "12 rue de la Limite")]
    [InlineData("caseId", "another")]
    public void Events_carry_ids_only(string key, string value)
    {
        using var scope = api.Factory.Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IEventOutbox>();
        Assert.Throws<ArgumentException>(() => outbox.Raise(EventCatalogue.CustodyReleased, Guid.NewGuid(), new Dictionary<string, string> { [key] = value }));
        Assert.Throws<ArgumentException>(() => outbox.Raise("custody.escaped", Guid.NewGuid()));
        Assert.Empty(scope.ServiceProvider.GetRequiredService<TacticsDbContext>().ChangeTracker.Entries());
    }

    [Fact]
    public void A_raised_event_is_thin_and_has_a_sortable_evt_id()
    {
        using var scope = api.Factory.Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IEventOutbox>();
        var caseId = Guid.NewGuid();
        var first = outbox.Raise(EventCatalogue.CustodyReleased, caseId, new Dictionary<string, string> { ["taskId"] = "tsk_42" }, ["police-5344"]);
        Thread.Sleep(2);
        var second = outbox.Raise(EventCatalogue.MeasureImposed, caseId);

        Assert.Matches("^evt_[0-9A-HJKMNP-TV-Z]{26}$", first);
        Assert.True(string.CompareOrdinal(first, second) < 0);
        var stored = scope.ServiceProvider.GetRequiredService<TacticsDbContext>().ChangeTracker.Entries<OutboxEvent>().Select(e => e.Entity).First(e => e.Id == first);
        Assert.Equal(DataCategory.Judicial, stored.Category);
        Assert.Equal(new Dictionary<string, string> { ["caseId"] = caseId.ToString(), ["taskId"] = "tsk_42" }, stored.Data);
        Assert.Equal(["police-5344"], stored.RecipientAgencyCodes);
    }

    [Fact]
    public void The_retry_schedule_spans_at_least_24_hours_even_with_the_least_jitter()
    {
        Assert.Equal(12, WebhookRetrySchedule.MaxAttempts);
        var shortest = Enumerable.Range(1, WebhookRetrySchedule.MaxAttempts - 1)
            .Aggregate(TimeSpan.Zero, (total, attempt) => total + WebhookRetrySchedule.DelayAfter(attempt, 0)!.Value);
        Assert.True(shortest >= TimeSpan.FromHours(24), $"{shortest}");
        Assert.Equal(TimeSpan.FromSeconds(5), WebhookRetrySchedule.DelayAfter(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(6), WebhookRetrySchedule.DelayAfter(1, 1));
        Assert.Null(WebhookRetrySchedule.DelayAfter(12, 0));
        Assert.Equal(TimeSpan.FromMinutes(7), WebhookRetrySchedule.DelayAfter(1, 0, TimeSpan.FromMinutes(7)));
        Assert.Equal(TimeSpan.FromSeconds(5), WebhookRetrySchedule.DelayAfter(1, 0, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromHours(24), WebhookRetrySchedule.DelayAfter(1, 0, TimeSpan.FromDays(30)));
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.15.0.1", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("2001:4860:4860::8888", false)]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fdff::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::", true)]
    [InlineData("::ffff:192.168.0.1", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    public void Receiver_addresses_inside_a_network_are_forbidden(string address, bool forbidden)
    {
        Assert.Equal(forbidden, ReceiverAddressPolicy.IsForbidden(System.Net.IPAddress.Parse(address), allowLoopback: false));
        if (address is "127.0.0.1" or "::1") Assert.False(ReceiverAddressPolicy.IsForbidden(System.Net.IPAddress.Parse(address), allowLoopback: true));
    }

    [Fact]
    public void The_dispatcher_is_on_by_default_and_in_the_shipped_settings()
    {
        var defaults = new ConfigurationBuilder().Build().GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        Assert.True(defaults.Dispatcher.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(200), defaults.Dispatcher.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), defaults.Webhooks.AttemptTimeout);
        Assert.False(defaults.Webhooks.AllowLoopback);

        var shipped = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "Tactics.Api", "appsettings.json"))
            .Build().GetSection(NotificationOptions.Section).Get<NotificationOptions>()!;
        Assert.True(shipped.Dispatcher.Enabled);
        Assert.False(shipped.Webhooks.AllowLoopback);
        Assert.Equal(TimeSpan.FromHours(24), shipped.Webhooks.SecretRotationOverlap);
    }
}
