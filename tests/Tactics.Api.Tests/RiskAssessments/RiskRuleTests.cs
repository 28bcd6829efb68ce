using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.RiskAssessments;

namespace Tactics.Api.Tests.RiskAssessments;

/// <summary>The computed risk level of API-EXAMPLES.md: a pure rule, so unit tests.</summary>
public sealed class RiskRuleTests
{
    private static RiskChecklist Checklist(string answers) =>
        new(Item(answers[0]), Item(answers[1]), Item(answers[2]), Item(answers[3]), Item(answers[4]));

    private static ChecklistItem Item(char answer) => new(answer switch
    {
        'y' => ChecklistAnswer.Yes,
        'n' => ChecklistAnswer.No,
        _ => ChecklistAnswer.Unknown,
    }, null);

    // Order: children, weapons/threats/alcohol/drugs, escalation, isolation, stalking.
    [Theory]
    [InlineData("nnnnn", RiskLevel.Low)]
    [InlineData("ynnnn", RiskLevel.Medium)]
    [InlineData("nnnny", RiskLevel.Medium)]
    [InlineData("ynnny", RiskLevel.Medium)]
    [InlineData("ynyny", RiskLevel.High)]
    [InlineData("yynyy", RiskLevel.High)]
    [InlineData("yyyyy", RiskLevel.Critical)]
    [InlineData("nyynn", RiskLevel.High)] // weapons and escalation both yes: at least high
    [InlineData("nuuun", RiskLevel.Medium)] // three unknowns: at least medium
    [InlineData("uunnn", RiskLevel.Low)] // two unknowns do not raise it
    [InlineData("uuuuu", RiskLevel.Medium)]
    [InlineData("yyyun", RiskLevel.High)] // the API-EXAMPLES.md checklist
    public void The_default_rule_computes_the_documented_levels(string answers, RiskLevel expected)
    {
        Assert.Equal(expected, RiskRule.Compute(Checklist(answers), new RiskOptions()));
    }

    [Fact]
    public void The_thresholds_are_configurable()
    {
        var strict = new RiskOptions { MediumFromYes = 1, HighFromYes = 2, CriticalFromYes = 4, WeaponsAndEscalationFloor = RiskLevel.Critical, UnknownFloor = null };
        Assert.Equal(RiskLevel.High, RiskRule.Compute(Checklist("ynynn"), strict));
        Assert.Equal(RiskLevel.Critical, RiskRule.Compute(Checklist("nyynn"), strict));
        Assert.Equal(RiskLevel.Low, RiskRule.Compute(Checklist("uuuuu"), strict));
    }

    [Fact]
    public void Inconsistent_thresholds_are_refused()
    {
        Assert.Null(new RiskOptions().Problem());
        Assert.NotNull(new RiskOptions { HighFromYes = 6 }.Problem());
        Assert.NotNull(new RiskOptions { MediumFromYes = 4, HighFromYes = 3 }.Problem());
    }
}
