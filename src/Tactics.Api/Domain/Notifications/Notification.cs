using Tactics.Api.Sharing;

namespace Tactics.Api.Domain.Notifications;

/// <summary>One event in one agency's inbox. Acknowledgement is one conditional UPDATE (the first one stands), not a method here.</summary>
public sealed class Notification
{
    private Notification() { }

    public Notification(Guid id, string agencyCode, OutboxEvent outboxEvent, DataCategory category, DateTimeOffset receivedAt)
    {
        Id = id;
        AgencyCode = agencyCode;
        EventId = outboxEvent.Id;
        Type = outboxEvent.Type;
        Category = category;
        CaseId = outboxEvent.CaseId;
        Data = new Dictionary<string, string>(outboxEvent.Data);
        OccurredAt = outboxEvent.OccurredAt;
        ReceivedAt = receivedAt;
    }

    public Guid Id { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public string EventId { get; private set; } = "";
    public string Type { get; private set; } = "";
    /// <summary>The category the event belongs to, as decided when it was dispatched (a task's from its kind).</summary>
    public DataCategory Category { get; private set; }
    public Guid? CaseId { get; private set; }
    public Dictionary<string, string> Data { get; private set; } = [];
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public bool Acknowledged { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }
}
