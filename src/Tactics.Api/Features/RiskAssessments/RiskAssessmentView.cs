using System.ComponentModel.DataAnnotations;
using Riok.Mapperly.Abstractions;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Features.Cases;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.RiskAssessments;

/// <summary>Turns a risk assessment into its response: the levels (core) and, for a caller that sees <c>risk</c>, the answers and the override.</summary>
public static class RiskAssessmentView
{
    public static RiskAssessmentResponse Render(RiskAssessment assessment, CaseVisibility visibility)
    {
        // core: the levels, like the case's own risk level.
        var response = new RiskAssessmentResponse(assessment.Id, assessment.CaseId, assessment.ComputedLevel, assessment.EffectiveLevel,
            assessment.AssessedBy, assessment.AssessedAt, Answers: null, Override: null, visibility.Withheld);

        // risk: the answers, their notes and the override's reason.
        if (visibility.Sees(DataCategory.Risk))
        {
            var checklist = assessment.Checklist;
            response = response with
            {
                Answers = new RiskChecklistResponse(
                    RiskAssessmentMappers.ToResponse(checklist.ChildrenPresentOrImpacted),
                    RiskAssessmentMappers.ToResponse(checklist.WeaponsThreatsAlcoholDrugs),
                    RiskAssessmentMappers.ToResponse(checklist.Escalation),
                    RiskAssessmentMappers.ToResponse(checklist.VictimIsolation),
                    RiskAssessmentMappers.ToResponse(checklist.StalkingOrCyberHarassment)),
                Override = assessment.OverrideLevel is { } level ? new RiskOverrideResponse(level, assessment.OverrideReason!) : null,
            };
        }
        return response;
    }

}

[Mapper]
internal static partial class RiskAssessmentMappers
{
    public static partial ChecklistItemResponse ToResponse(ChecklistItem item);
}

/// <summary>A risk assessment of the checklist, with its computed and effective levels.</summary>
/// <param name="Id">The assessment id.</param>
/// <param name="CaseId">The case assessed.</param>
/// <param name="ComputedLevel">The level the rule computed from the answers.</param>
/// <param name="Level">The effective level: the override's if any, else the computed one.</param>
/// <param name="AssessedBy">The code of the assessor's agency.</param>
/// <param name="AssessedAt">When it was assessed (UTC).</param>
/// <param name="Answers">The five answers and their notes (category <c>risk</c>).</param>
/// <param name="Override">The assessor's override and its reason (category <c>risk</c>).</param>
/// <param name="Withheld">The categories withheld from the caller, and why.</param>
public sealed record RiskAssessmentResponse(
    [property: Category(DataCategory.Core)] Guid Id,
    [property: Category(DataCategory.Core)] Guid CaseId,
    [property: Category(DataCategory.Core)] RiskLevel ComputedLevel,
    [property: Category(DataCategory.Core)] RiskLevel Level,
    [property: Category(DataCategory.Core), MaxLength(64)] string AssessedBy,
    [property: Category(DataCategory.Core)] DateTimeOffset AssessedAt,
    [property: Category(DataCategory.Risk)] RiskChecklistResponse? Answers,
    [property: Category(DataCategory.Risk)] RiskOverrideResponse? Override,
    [property: Category(DataCategory.Core), MaxLength(CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld);

/// <summary>The five checklist answers.</summary>
/// <param name="ChildrenPresentOrImpacted">1) Children present or impacted?</param>
/// <param name="WeaponsThreatsAlcoholDrugs">2) Weapons, threats, alcohol or drugs?</param>
/// <param name="Escalation">3) Escalation in frequency or intensity?</param>
/// <param name="VictimIsolation">4) Isolation of the victim?</param>
/// <param name="StalkingOrCyberHarassment">5) Stalking or cyber-harassment?</param>
public sealed record RiskChecklistResponse(
    [property: Category(DataCategory.Risk)] ChecklistItemResponse ChildrenPresentOrImpacted,
    [property: Category(DataCategory.Risk)] ChecklistItemResponse WeaponsThreatsAlcoholDrugs,
    [property: Category(DataCategory.Risk)] ChecklistItemResponse Escalation,
    [property: Category(DataCategory.Risk)] ChecklistItemResponse VictimIsolation,
    [property: Category(DataCategory.Risk)] ChecklistItemResponse StalkingOrCyberHarassment);

/// <summary>One checklist answer.</summary>
/// <param name="Answer">Yes, no or unknown.</param>
/// <param name="Note">The assessor's note.</param>
public sealed record ChecklistItemResponse([property: Category(DataCategory.Risk)] ChecklistAnswer Answer, [property: Category(DataCategory.Risk), MaxLength(1000)] string? Note);

/// <summary>An override of the computed level.</summary>
/// <param name="Level">The level the assessor chose.</param>
/// <param name="Reason">Why, in writing.</param>
public sealed record RiskOverrideResponse([property: Category(DataCategory.Risk)] RiskLevel Level, [property: Category(DataCategory.Risk), MaxLength(2000)] string Reason);
