namespace Tactics.Api.Domain.Custody;

/// <summary>What happened to the author's liberty (category <c>judicial</c>).</summary>
public enum CustodyEventKind
{
    Detained,
    ReleaseScheduled,
    Released,
    LeaveGranted,
}

/// <summary>The conditions a release or a leave comes with; each one optional.</summary>
public sealed record ReleaseConditions(bool NoContact, bool NoApproachToVictimAddress, int? PerimeterMeters, DateTimeOffset? Until);

/// <summary>
/// A custody event of the author, recorded by the parquet or a justice house: detention, a scheduled release, a
/// release (with its conditions) or a leave. Appended to a case, never changed.
/// </summary>
public sealed class CustodyEvent
{
    private CustodyEvent() { }

    public CustodyEvent(Guid id, Guid caseId, CustodyEventKind kind, DateTimeOffset occurredAt, DateTimeOffset? scheduledFor,
        DateTimeOffset? from, DateTimeOffset? until, ReleaseConditions? conditions, string recordedBy, DateTimeOffset recordedAt)
    {
        Id = id;
        CaseId = caseId;
        Kind = kind;
        OccurredAt = occurredAt;
        ScheduledFor = scheduledFor;
        From = from;
        Until = until;
        HasConditions = conditions is not null;
        NoContact = conditions?.NoContact ?? false;
        NoApproachToVictimAddress = conditions?.NoApproachToVictimAddress ?? false;
        PerimeterMeters = conditions?.PerimeterMeters;
        ConditionsUntil = conditions?.Until;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public CustodyEventKind Kind { get; private set; }

    /// <summary>When it happened (for a scheduled release: when the release was decided).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>A scheduled release: when the author will be released.</summary>
    public DateTimeOffset? ScheduledFor { get; private set; }

    /// <summary>A leave: from when until when the author is out.</summary>
    public DateTimeOffset? From { get; private set; }
    public DateTimeOffset? Until { get; private set; }

    public bool HasConditions { get; private set; }
    public bool NoContact { get; private set; }
    public bool NoApproachToVictimAddress { get; private set; }
    public int? PerimeterMeters { get; private set; }
    public DateTimeOffset? ConditionsUntil { get; private set; }

    public ReleaseConditions? Conditions =>
        HasConditions ? new ReleaseConditions(NoContact, NoApproachToVictimAddress, PerimeterMeters, ConditionsUntil) : null;

    /// <summary>The agency that recorded it (parquet or justice house).</summary>
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>A release (scheduled or done) tells the victim: the author is, or will be, out.</summary>
    public bool CallsForInformingTheVictim => Kind is CustodyEventKind.Released or CustodyEventKind.ReleaseScheduled;
}
