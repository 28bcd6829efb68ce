using Tactics.Api.Sharing;

namespace Tactics.Api.Domain.Notifications;

/// <summary>
/// An event written in the same transaction as the state change that caused it. Thin by design:
/// its type, time, case id and a few other ids, never a name, an address or a narrative.
/// </summary>
public sealed class OutboxEvent
{
    private OutboxEvent() { }

    public OutboxEvent(string id, string type, DateTimeOffset occurredAt, Guid? caseId,
        IReadOnlyDictionary<string, string> data, IEnumerable<string> recipientAgencyCodes, DataCategory? category = null)
    {
        Id = id;
        Type = type;
        Category = category ?? EventCatalogue.CategoryOf(type) ?? DataCategory.Core;
        OccurredAt = occurredAt;
        CaseId = caseId;
        Data = new Dictionary<string, string>(data);
        RecipientAgencyCodes = [.. recipientAgencyCodes.Distinct()];
    }

    public string Id { get; private set; } = "";
    public string Type { get; private set; } = "";
    /// <summary>
    /// The category the event belongs to (<see cref="EventCatalogue.CategoryOf"/>; <c>core</c> for a named audience). The
    /// dispatcher decides on the catalogue's rule at dispatch time, not on this column.
    /// </summary>
    public DataCategory Category { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public Guid? CaseId { get; private set; }

    /// <summary>The payload's <c>data</c>: <c>caseId</c> and other ids only.</summary>
    public Dictionary<string, string> Data { get; private set; } = [];

    /// <summary>Agencies named by the code that raised the event; recipient resolution adds the rest.</summary>
    public List<string> RecipientAgencyCodes { get; private set; } = [];

    public DateTimeOffset? ProcessedAt { get; private set; }
    public int DispatchFailures { get; private set; }
    public DateTimeOffset? DispatchAfter { get; private set; }

    public void MarkProcessed(DateTimeOffset now) => ProcessedAt = now;
}
