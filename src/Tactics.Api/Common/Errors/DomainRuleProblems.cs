using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Domain;

namespace Tactics.Api.Common.Errors;

/// <summary>
/// The problem the API answers for each rule of the domain: a 409, since each is a state that forbids the action,
/// with the rule's own stable type. The domain knows nothing of HTTP; this table is where the two meet.
/// </summary>
internal static class DomainRuleProblems
{
    private static readonly Dictionary<DomainRule, string> Types = new()
    {
        [DomainRule.CaseClosed] = ProblemTypes.CaseClosed,
        [DomainRule.HighRiskRequired] = ProblemTypes.HighRiskRequired,
        [DomainRule.HouseholdMerged] = ProblemTypes.HouseholdMerged,
        [DomainRule.SuggestionNotPending] = ProblemTypes.SuggestionNotPending,
        [DomainRule.MergeAlreadyUndone] = ProblemTypes.MergeAlreadyUndone,
        [DomainRule.MergeSuperseded] = ProblemTypes.MergeSuperseded,
        [DomainRule.MeasureNotActive] = ProblemTypes.MeasureNotActive,
        [DomainRule.TaskAlreadyCompleted] = ProblemTypes.TaskAlreadyCompleted,
        [DomainRule.PvNumberTaken] = ProblemTypes.PvNumberTaken,
        [DomainRule.AlreadyDecided] = ProblemTypes.AlreadyDecided,
        [DomainRule.TaskCancelled] = ProblemTypes.TaskCancelled,
    };

    /// <summary>The stable type of <paramref name="rule"/>; a rule left out of the table is a plain conflict.</summary>
    public static string TypeOf(DomainRule rule) => Types.GetValueOrDefault(rule, ProblemTypes.Conflict);

    public static ProblemDetails For(DomainRuleException exception) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Type = TypeOf(exception.Rule),
        Title = "Conflict",
        Detail = exception.Message,
    };

    /// <summary>The rules the table names, for the test that holds it complete.</summary>
    internal static IReadOnlyCollection<DomainRule> Mapped => Types.Keys;
}
