namespace Tactics.Api.Domain;

/// <summary>The rules of the domain that refuse a change; each is a stable code the API answers with its own problem type.</summary>
public enum DomainRule
{
    /// <summary>The case is closed; only reopening is allowed.</summary>
    CaseClosed,

    /// <summary>A 458ter case consultation is opened on a high or critical case only.</summary>
    HighRiskRequired,

    /// <summary>A household of the change was merged into another.</summary>
    HouseholdMerged,

    /// <summary>The link suggestion was already confirmed, rejected or superseded.</summary>
    SuggestionNotPending,

    /// <summary>The merge was already undone.</summary>
    MergeAlreadyUndone,

    /// <summary>A later merge moved the cases on.</summary>
    MergeSuperseded,

    /// <summary>The measure is already lifted or has expired.</summary>
    MeasureNotActive,

    /// <summary>The task is already completed.</summary>
    TaskAlreadyCompleted,

    /// <summary>The PV number is already recorded in this police zone.</summary>
    PvNumberTaken,

    /// <summary>The PV or disclosure already has its parquet decision.</summary>
    AlreadyDecided,
    /// <summary>The task was cancelled (its consent ended).</summary>
    TaskCancelled,
}

/// <summary>
/// A rule of the domain refused the change, in a state the caller can see and act on. The message is a constant
/// written in the code, never built from the entity's data, so no personal data travels in it.
/// </summary>
public sealed class DomainRuleException(DomainRule rule, string message) : Exception(message)
{
    public DomainRule Rule { get; } = rule;
}
