using Tactics.Api.Domain.Cases;

namespace Tactics.Api.Domain.RiskAssessments;

/// <summary>An answer of the risk checklist.</summary>
public enum ChecklistAnswer
{
    Yes,
    No,
    Unknown,
}

/// <summary>One answered question of the checklist, with an optional note.</summary>
public sealed record ChecklistItem(ChecklistAnswer Answer, string? Note);

/// <summary>The five questions of the risk checklist (COL 15/2020), in the order of the form.</summary>
public sealed record RiskChecklist(
    ChecklistItem ChildrenPresentOrImpacted,
    ChecklistItem WeaponsThreatsAlcoholDrugs,
    ChecklistItem Escalation,
    ChecklistItem VictimIsolation,
    ChecklistItem StalkingOrCyberHarassment)
{
    // For EF Core, which cannot pass nested complex values to a constructor; it sets the properties itself.
    private RiskChecklist() : this(null!, null!, null!, null!, null!) { }

    public IEnumerable<ChecklistItem> Items =>
        [ChildrenPresentOrImpacted, WeaponsThreatsAlcoholDrugs, Escalation, VictimIsolation, StalkingOrCyberHarassment];
}

/// <summary>
/// One risk assessment of a case, kept for its history: the answers, the level the rule computed, and the
/// assessor's override (up or down, always with a written reason). The effective level is the override's, if any.
/// </summary>
public sealed class RiskAssessment
{
    private RiskAssessment() { }

    public RiskAssessment(Guid caseId, RiskChecklist checklist, RiskLevel computedLevel, RiskLevel? overrideLevel, string? overrideReason,
        string assessedBy, DateTimeOffset assessedAt)
    {
        if (overrideLevel is not null && string.IsNullOrWhiteSpace(overrideReason))
            throw new ArgumentException("An override needs a written reason.", nameof(overrideReason));

        Id = Guid.NewGuid();
        CaseId = caseId;
        Checklist = checklist;
        ComputedLevel = computedLevel;
        OverrideLevel = overrideLevel;
        OverrideReason = overrideLevel is null ? null : overrideReason;
        AssessedBy = assessedBy;
        AssessedAt = assessedAt;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public RiskChecklist Checklist { get; private set; } = null!;
    public RiskLevel ComputedLevel { get; private set; }
    public RiskLevel? OverrideLevel { get; private set; }
    public string? OverrideReason { get; private set; }
    public RiskLevel EffectiveLevel => OverrideLevel ?? ComputedLevel;

    /// <summary>The agency code of the assessor's agency.</summary>
    public string AssessedBy { get; private set; } = "";

    public DateTimeOffset AssessedAt { get; private set; }
}
