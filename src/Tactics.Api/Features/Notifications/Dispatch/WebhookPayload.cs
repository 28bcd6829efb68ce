using System.Text.Json;
using Tactics.Api.Domain.Notifications;

namespace Tactics.Api.Features.Notifications.Dispatch;

/// <summary>The body of every webhook: <c>{ id, type, timestamp, data: { caseId, ... } }</c> (API-EXAMPLES.md, Events).</summary>
public sealed record WebhookPayload(string Id, string Type, DateTime Timestamp, IReadOnlyDictionary<string, string> Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(OutboxEvent outboxEvent) =>
        JsonSerializer.Serialize(new WebhookPayload(outboxEvent.Id, outboxEvent.Type, outboxEvent.OccurredAt.UtcDateTime, outboxEvent.Data), Json);
}
