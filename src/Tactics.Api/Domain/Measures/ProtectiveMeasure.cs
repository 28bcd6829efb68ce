
namespace Tactics.Api.Domain.Measures;

/// <summary>The protective measures of DOMAIN.md (category <c>measures</c>).</summary>
public enum MeasureKind
{
    /// <summary>Interdiction temporaire de résidence: the author must leave the home for a time.</summary>
    Itr,
    NoContact,
    NoApproach,
    AlarmButton,
    Shelter,
}

/// <summary>Where a measure stands at a given moment.</summary>
public enum MeasureStatus
{
    /// <summary>Starts later (<c>from</c> is ahead).</summary>
    Scheduled,
    Active,
    Expired,
    Lifted,
}

/// <summary>A protective measure imposed on a case by police or parquet; lifted with a reason, or expiring at <see cref="Until"/>.</summary>
public sealed class ProtectiveMeasure
{
    public const int MaxDetailsLength = 2000;
    public const int MaxReasonLength = 1000;

    private ProtectiveMeasure() { }

    public ProtectiveMeasure(Guid id, Guid caseId, MeasureKind kind, DateTimeOffset from, DateTimeOffset? until, string orderedBy, string? details,
        string imposedBy, DateTimeOffset imposedAt)
    {
        if (until is { } end && end <= from) throw new ArgumentException("A measure ends after it starts.", nameof(until));
        Id = id;
        CaseId = caseId;
        Kind = kind;
        From = from;
        Until = until;
        OrderedBy = orderedBy;
        Details = details;
        ImposedBy = imposedBy;
        ImposedAt = imposedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public MeasureKind Kind { get; private set; }
    public DateTimeOffset From { get; private set; }

    /// <summary>When it ends by itself; none for a measure that lasts until lifted.</summary>
    public DateTimeOffset? Until { get; private set; }

    /// <summary>The agency code of who ordered it (e.g. <c>parquet-bruxelles</c>).</summary>
    public string OrderedBy { get; private set; } = "";
    public string? Details { get; private set; }

    /// <summary>The agency that recorded it.</summary>
    public string ImposedBy { get; private set; } = "";
    public DateTimeOffset ImposedAt { get; private set; }

    public DateTimeOffset? LiftedAt { get; private set; }
    public string? LiftedByAgency { get; private set; }
    public string? LiftedBy { get; private set; }
    public string? LiftReason { get; private set; }

    /// <summary>When <c>measure.expiring</c> was raised: once per measure.</summary>
    public DateTimeOffset? ExpiryAnnouncedAt { get; private set; }

    public MeasureStatus StatusAt(DateTimeOffset now) =>
        LiftedAt is not null ? MeasureStatus.Lifted
        : Until is { } until && until <= now ? MeasureStatus.Expired
        : From > now ? MeasureStatus.Scheduled
        : MeasureStatus.Active;

    internal void Lift(string reason, string agency, string user, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (LiftedAt is not null) throw new DomainRuleException(DomainRule.MeasureNotActive, "The measure is already lifted.");
        if (Until is { } until && until <= now) throw new DomainRuleException(DomainRule.MeasureNotActive, "The measure has already expired.");
        LiftedAt = now;
        LiftedByAgency = agency;
        LiftedBy = user;
        LiftReason = reason;
    }

    public void AnnounceExpiry(DateTimeOffset now)
    {
        if (ExpiryAnnouncedAt is not null) throw new InvalidOperationException("The expiry of a measure is announced once.");
        ExpiryAnnouncedAt = now;
    }
}
