using Tactics.Api.Domain.Cases;

namespace Tactics.Api.Domain.RiskAssessments;

/// <summary>
/// The computed risk level (API-EXAMPLES.md), configurable in the <c>Risk</c> section:
/// count the <c>yes</c> answers (0 → low, 1–2 → medium, 3–4 → high, 5 → critical by default);
/// weapons/threats/alcohol/drugs and escalation both <c>yes</c> → at least high;
/// three or more <c>unknown</c> → at least medium.
/// </summary>
public sealed class RiskOptions
{
    public const string Section = "Risk";

    /// <summary>Number of <c>yes</c> answers from which the level is at least medium.</summary>
    public int MediumFromYes { get; set; } = 1;

    /// <summary>Number of <c>yes</c> answers from which the level is at least high.</summary>
    public int HighFromYes { get; set; } = 3;

    /// <summary>Number of <c>yes</c> answers from which the level is critical.</summary>
    public int CriticalFromYes { get; set; } = 5;

    /// <summary>The floor when weapons/threats/alcohol/drugs and escalation are both <c>yes</c>; null disables the rule.</summary>
    public RiskLevel? WeaponsAndEscalationFloor { get; set; } = RiskLevel.High;

    /// <summary>Number of <c>unknown</c> answers from which <see cref="UnknownFloor"/> applies.</summary>
    public int UnknownsForFloor { get; set; } = 3;

    /// <summary>The floor when there are too many unknowns; null disables the rule.</summary>
    public RiskLevel? UnknownFloor { get; set; } = RiskLevel.Medium;

    /// <summary>Why the options cannot work, or null when they can (checked at start-up).</summary>
    public string? Problem() =>
        MediumFromYes is < 1 or > 5 || HighFromYes is < 1 or > 5 || CriticalFromYes is < 1 or > 5
            ? "Risk: the yes-count thresholds must be between 1 and 5."
            : MediumFromYes > HighFromYes || HighFromYes > CriticalFromYes
                ? "Risk: MediumFromYes <= HighFromYes <= CriticalFromYes is required."
                : UnknownsForFloor is < 1 or > 5
                    ? "Risk: UnknownsForFloor must be between 1 and 5."
                    : null;
}

public static class RiskRule
{
    public static RiskLevel Compute(RiskChecklist checklist, RiskOptions options)
    {
        var yes = checklist.Items.Count(i => i.Answer == ChecklistAnswer.Yes);
        var unknown = checklist.Items.Count(i => i.Answer == ChecklistAnswer.Unknown);

        var level = yes >= options.CriticalFromYes ? RiskLevel.Critical
            : yes >= options.HighFromYes ? RiskLevel.High
            : yes >= options.MediumFromYes ? RiskLevel.Medium
            : RiskLevel.Low;

        if (options.WeaponsAndEscalationFloor is { } dangerFloor
            && checklist.WeaponsThreatsAlcoholDrugs.Answer == ChecklistAnswer.Yes
            && checklist.Escalation.Answer == ChecklistAnswer.Yes)
        {
            level = Max(level, dangerFloor);
        }
        if (options.UnknownFloor is { } unknownFloor && unknown >= options.UnknownsForFloor)
        {
            level = Max(level, unknownFloor);
        }
        return level;
    }

    private static RiskLevel Max(RiskLevel a, RiskLevel b) => a > b ? a : b;
}
