namespace Tactics.Api.Domain.Measures;

/// <summary>What the justice house found when it checked a measure (DESIGN.md, "Who may act": justice_house records compliance).</summary>
public enum ComplianceStatus
{
    /// <summary>The author keeps to the measure.</summary>
    Complied,

    /// <summary>The author broke it: what happened and when are said.</summary>
    Breach,

    /// <summary>The justice house could not reach the author.</summary>
    NotReachable,
}

/// <summary>A justice house's report on one protective measure (category <c>measures</c>); append-only.</summary>
public sealed class ComplianceReport
{
    public const int MaxDetailsLength = 2000;

    private ComplianceReport() { }

    public ComplianceReport(Guid caseId, Guid measureId, ComplianceStatus status, DateTimeOffset observedAt, string? details, string recordedBy,
        string recordedByUser, DateTimeOffset recordedAt)
    {
        if (status == ComplianceStatus.Breach && string.IsNullOrWhiteSpace(details))
            throw new ArgumentException("A breach says what happened.", nameof(details));
        Id = Guid.NewGuid();
        CaseId = caseId;
        MeasureId = measureId;
        Status = status;
        ObservedAt = observedAt;
        Details = details;
        RecordedBy = recordedBy;
        RecordedByUser = recordedByUser;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid MeasureId { get; private set; }
    public ComplianceStatus Status { get; private set; }

    /// <summary>When the breach happened, or when the justice house checked (or tried to reach the author).</summary>
    public DateTimeOffset ObservedAt { get; private set; }

    /// <summary>What happened, in a few words: required for a breach.</summary>
    public string? Details { get; private set; }

    /// <summary>The justice house that recorded it.</summary>
    public string RecordedBy { get; private set; } = "";
    public string RecordedByUser { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
}
