using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tactics.Api.Features.Notifications.Dispatch;
using Tactics.Api.Features.Notifications.Outbox;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Tests.Infrastructure;

namespace Tactics.Api.Tests.Notifications;

/// <summary>
/// Tests that run a dispatcher share this collection: they run one after another, since a dispatcher claims every
/// due row of the shared database, and no other host runs one (TacticsApiFactory keeps it off by default).
/// </summary>
[CollectionDefinition(Name)]
public sealed class DispatcherCollection
{
    public const string Name = "dispatcher";
}

/// <summary>An API instance over the shared database, with its dispatcher loop on or off and, optionally, a fake clock.</summary>
public sealed class DispatcherHost : IAsyncDisposable
{
    private DispatcherHost(TacticsApiFactory factory, FakeTimeProvider? clock)
    {
        Factory = factory;
        Clock = clock;
    }

    public TacticsApiFactory Factory { get; }
    public FakeTimeProvider? Clock { get; }
    public NotificationPump Pump => Factory.Services.GetRequiredService<NotificationPump>();

    public static DispatcherHost Start(ApiFixture api, bool loop, FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Database:SeedDemoAgencies"] = "false",
            ["Notifications:Dispatcher:Enabled"] = loop ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) overrides[key] = value;
        var factory = new TacticsApiFactory(api.ConnectionString, overrides, services =>
        {
            if (clock is not null) services.AddSingleton<TimeProvider>(clock);
        });
        _ = factory.Services; // starts the host, and its dispatcher loop when on
        return new DispatcherHost(factory, clock);
    }

    /// <summary>Raises an event the way a feature does, and commits it.</summary>
    public async Task<string> RaiseAsync(string type, Guid? caseId, params string[] recipients)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IEventOutbox>();
        var id = outbox.Raise(type, caseId, recipientAgencyCodes: recipients);
        await scope.ServiceProvider.GetRequiredService<TacticsDbContext>().SaveChangesAsync();
        return id;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>A webhook subscription made through the API by the agency's admin.</summary>
public sealed record TestSubscription(Guid Id, string Secret, string AgencyCode, HttpClient Admin)
{
    public static async Task<TestSubscription> CreateAsync(ApiFixture api, string agencyCode, string url, params string[] eventTypes)
    {
        var admin = await api.ClientFor(agencyCode, "agency_admin");
        var response = await admin.PostAsJsonAsync("/api/v1/webhook-subscriptions", new { url, eventTypes });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestSubscription(body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!, agencyCode, admin);
    }

    public async Task<JsonElement> Get() =>
        await (await Admin.GetAsync($"/api/v1/webhook-subscriptions/{Id}")).Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>This subscription's delivery of one event, as <c>GET .../deliveries</c> shows it.</summary>
    public async Task<JsonElement?> Delivery(string eventId)
    {
        string? cursor = null;
        do
        {
            var page = await Admin.GetFromJsonAsync<JsonElement>(
                $"/api/v1/webhook-subscriptions/{Id}/deliveries?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("eventId").GetString() == eventId) return item;
            }
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return null;
    }

    public async Task<JsonElement> RequiredDelivery(string eventId) =>
        await Delivery(eventId) ?? throw new InvalidOperationException($"No delivery of {eventId}.");

    public async Task DeleteAsync()
    {
        await Admin.DeleteAsync($"/api/v1/webhook-subscriptions/{Id}");
        Admin.Dispose();
    }
}

public static class DeliveryJson
{
    public static string Status(this JsonElement delivery) => delivery.GetProperty("status").GetString()!;
    public static int Attempts(this JsonElement delivery) => delivery.GetProperty("attempts").GetInt32();
    public static DateTimeOffset? At(this JsonElement delivery, string property) =>
        delivery.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;
}
