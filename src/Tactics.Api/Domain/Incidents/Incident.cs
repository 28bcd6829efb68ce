using Tactics.Api.Common.Time;

namespace Tactics.Api.Domain.Incidents;

/// <summary>
/// A police record on a case: a PV (family-dispute report or complaint) with its number, unique per police
/// zone, or a sensitive-matter record without one. It carries the five sections of the family-dispute
/// template. A complaint may follow an earlier family-dispute report of the same case, which stays as it was.
/// </summary>
public sealed class Incident
{
    /// <summary>The refusal of a PV number already recorded in the zone (also answered for the unique index, under a race).</summary>
    public static DomainRuleException PvNumberTaken() =>
        new(DomainRule.PvNumberTaken, "This PV number is already recorded in this police zone.");

    private Incident() { }

    public Incident(Guid caseId, IncidentKind kind, string? pvNumber, string policeZone, DateTimeOffset occurredAt, DateTimeOffset reportedAt,
        IncidentSections sections, ComplaintDetails? complaint, Guid? followsIncidentId, string recordedBy, DateTimeOffset recordedAt,
        ViolenceType? violenceType = null)
    {
        if (kind == IncidentKind.SensitiveMatterRecord && pvNumber is not null)
            throw new ArgumentException("A sensitive-matter record has no PV number.", nameof(pvNumber));
        if (reportedAt < occurredAt)
            throw new ArgumentException("An incident is not reported before it occurred.", nameof(reportedAt));

        Id = Guid.NewGuid();
        CaseId = caseId;
        Kind = kind;
        PvNumber = pvNumber;
        PoliceZone = policeZone;
        OccurredAt = occurredAt.TruncateToStored();
        ReportedAt = reportedAt.TruncateToStored();
        Facts = sections.Facts;
        ChildrenPresent = sections.ChildrenPresent;
        ChildrenImpact = sections.ChildrenImpact;
        Weapons = sections.Weapons;
        Threats = sections.Threats;
        RiskHistory = sections.RiskHistory;
        ImmediateMeasure = sections.ImmediateMeasure;
        ImmediateMeasureDetails = sections.ImmediateMeasureDetails;
        Orientation = [.. sections.Orientation.Distinct()];
        InjuredPartyDeclaration = complaint?.InjuredPartyDeclaration;
        AccompaniedBy = complaint?.AccompaniedBy;
        FollowsIncidentId = followsIncidentId;
        ViolenceType = violenceType;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public IncidentKind Kind { get; private set; }

    /// <summary>The PV number, upper-cased; null for a sensitive-matter record.</summary>
    public string? PvNumber { get; private set; }

    /// <summary>The police zone number, e.g. <c>5344</c>.</summary>
    public string PoliceZone { get; private set; } = "";

    /// <summary>
    /// Whether this incident gives its zone territory over the case: only when the zone recorded it on a case it opened
    /// or already saw <c>facts</c> of by legal mission (DESIGN.md, "What no write may do", act 5).
    /// </summary>
    public bool GivesTerritory { get; private set; } = true;

    /// <summary>Recorded on another basis (consent, 458ter): the incident is on the case, the zone gains no territory from it.</summary>
    public void WithoutTerritory() => GivesTerritory = false;

    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset ReportedAt { get; private set; }
    // Section "facts": context, words, gestures, in the words used.
    public string Facts { get; private set; } = "";

    // Section "children": presence and impact.
    public bool? ChildrenPresent { get; private set; }
    public string? ChildrenImpact { get; private set; }

    // Section "risk": weapons, threats, history.
    public bool? Weapons { get; private set; }
    public bool? Threats { get; private set; }
    public string? RiskHistory { get; private set; }

    // Section "immediate measure".
    public ImmediateMeasureKind? ImmediateMeasure { get; private set; }
    public string? ImmediateMeasureDetails { get; private set; }

    // Section "orientation".
    public List<Orientation> Orientation { get; private set; } = [];

    // What a complaint records beyond the sections; null for other kinds.
    public InjuredPartyDeclaration? InjuredPartyDeclaration { get; private set; }
    public Accompaniment? AccompaniedBy { get; private set; }

    /// <summary>The classification, VIF or VC, when the recording zone gave one (core, like the incident's kind).</summary>
    public ViolenceType? ViolenceType { get; private set; }

    /// <summary>For a complaint, the family-dispute report of the same case it follows.</summary>
    public Guid? FollowsIncidentId { get; private set; }

    /// <summary>The agency code of the police zone that recorded it.</summary>
    public string RecordedBy { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }
}

/// <summary>The five sections of the family-dispute template.</summary>
public sealed record IncidentSections(
    string Facts,
    bool? ChildrenPresent,
    string? ChildrenImpact,
    bool? Weapons,
    bool? Threats,
    string? RiskHistory,
    ImmediateMeasureKind? ImmediateMeasure,
    string? ImmediateMeasureDetails,
    IReadOnlyList<Orientation> Orientation);

/// <summary>What the roadmap asks of every complaint.</summary>
public sealed record ComplaintDetails(InjuredPartyDeclaration InjuredPartyDeclaration, Accompaniment AccompaniedBy);
