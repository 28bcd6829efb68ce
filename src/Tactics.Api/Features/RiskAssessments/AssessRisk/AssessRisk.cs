using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.RiskAssessments.AssessRisk;

/// <summary>
/// The five checklist answers; the level is computed by the configured rule. The assessor may override it,
/// up or down, only with a written reason. The case's level becomes this assessment's effective level.
/// </summary>
/// <param name="ChildrenPresentOrImpacted">1) Children present or impacted?</param>
/// <param name="WeaponsThreatsAlcoholDrugs">2) Weapons, threats, alcohol or drugs?</param>
/// <param name="Escalation">3) Escalation in frequency or intensity?</param>
/// <param name="VictimIsolation">4) Isolation of the victim?</param>
/// <param name="StalkingOrCyberHarassment">5) Stalking or cyber-harassment?</param>
/// <param name="Override">The assessor's level instead of the computed one, with the reason.</param>
public sealed record AssessRiskCommand(
    ChecklistItemInput ChildrenPresentOrImpacted,
    ChecklistItemInput WeaponsThreatsAlcoholDrugs,
    ChecklistItemInput Escalation,
    ChecklistItemInput VictimIsolation,
    ChecklistItemInput StalkingOrCyberHarassment,
    RiskOverrideInput? Override) : ICommand<RiskAssessed>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>One answer of the checklist.</summary>
/// <param name="Answer">yes, no or unknown.</param>
/// <param name="Note">A note on the answer.</param>
public sealed record ChecklistItemInput([property: Required] ChecklistAnswer? Answer, [property: MaxLength(1000)] string? Note);

/// <summary>An override of the computed level.</summary>
/// <param name="Level">The level the assessor chooses.</param>
/// <param name="Reason">Why, in writing; required.</param>
public sealed record RiskOverrideInput([property: Required] RiskLevel? Level, [property: Required, MaxLength(2000)] string? Reason);

/// <summary>The recorded assessment and the case's new ETag.</summary>
public sealed record RiskAssessed(RiskAssessmentResponse Assessment, string ETag) : ICreatedResource
{
    public Guid ResourceId => Assessment.Id;
    public string Location => CaseRoutes.RiskAssessment(Assessment.CaseId, Assessment.Id);
}

public sealed class AssessRiskValidator : AbstractValidator<AssessRiskCommand>
{
    public AssessRiskValidator()
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.ChildrenPresentOrImpacted).NotNull().SetValidator(new ChecklistItemInputValidator());
        RuleFor(c => c.WeaponsThreatsAlcoholDrugs).NotNull().SetValidator(new ChecklistItemInputValidator());
        RuleFor(c => c.Escalation).NotNull().SetValidator(new ChecklistItemInputValidator());
        RuleFor(c => c.VictimIsolation).NotNull().SetValidator(new ChecklistItemInputValidator());
        RuleFor(c => c.StalkingOrCyberHarassment).NotNull().SetValidator(new ChecklistItemInputValidator());
        RuleFor(c => c.Override!.Level).NotNull().IsInEnum().When(c => c.Override is not null);
        RuleFor(c => c.Override!.Reason).NotEmpty().MaximumLength(2000).When(c => c.Override is not null)
            .WithMessage("An override of the computed level needs a written reason (at most 2000 characters).");
    }
}

public sealed class ChecklistItemInputValidator : AbstractValidator<ChecklistItemInput>
{
    public ChecklistItemInputValidator()
    {
        RuleFor(i => i.Answer).NotNull().IsInEnum().WithMessage("Must be yes, no or unknown.");
        RuleFor(i => i.Note).MaximumLength(1000);
    }
}

public sealed class AssessRiskHandler(ICaseAccess access, ICurrentUser user, IOptions<RiskOptions> options, TimeProvider time)
    : ICommandHandler<AssessRiskCommand, RiskAssessed>
{
    public async ValueTask<RiskAssessed> Handle(AssessRiskCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.AssessRisk], command.IfMatch, ifMatchRequired: false, cancellationToken);
        var checklist = new RiskChecklist(
            Item(command.ChildrenPresentOrImpacted),
            Item(command.WeaponsThreatsAlcoholDrugs),
            Item(command.Escalation),
            Item(command.VictimIsolation),
            Item(command.StalkingOrCyberHarassment));
        var computed = RiskRule.Compute(checklist, options.Value);
        var now = time.UtcNowStored();
        var assessment = @case.AssessRisk(
            new RiskAssessment(@case.Id, checklist, computed, command.Override?.Level, command.Override?.Reason?.Trim(), user.AgencyCode, now),
            user.AgencyCode, now);
        return new RiskAssessed(RiskAssessmentView.Render(assessment, access.VisibilityOf(@case.Core)), (await access.StampAsync(@case, cancellationToken)).ETag);
    }

    private static ChecklistItem Item(ChecklistItemInput input) =>
        new(input.Answer!.Value, string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim());
}
