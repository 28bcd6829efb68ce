using Tactics.Api.Domain.Cases;

namespace Tactics.Api.Domain.Households;

/// <summary>Why two households were merged.</summary>
public enum MergeKind
{
    /// <summary>A referent merged them, with a reason of their own.</summary>
    Manual,

    /// <summary>A referent confirmed a link suggestion.</summary>
    ConfirmedSuggestion,
}

/// <summary>
/// One household absorbing another: every case of the other moves into <see cref="HouseholdId"/>. Each moved
/// case is recorded with the household it left (<see cref="Moves"/>), so an undo restores exactly what was.
/// Who, when and why are recorded for the merge and for its undo.
/// </summary>
public sealed class HouseholdMerge
{
    public const int ReasonMaxLength = 1000;

    private readonly List<HouseholdMergeMove> _moves = [];

    private HouseholdMerge() { }

    private HouseholdMerge(Guid id, Guid householdId, Guid otherHouseholdId, MergeKind kind, Guid? suggestionId, string reason,
        string agency, string userId, DateTimeOffset now)
    {
        Id = id;
        HouseholdId = householdId;
        OtherHouseholdId = otherHouseholdId;
        Kind = kind;
        SuggestionId = suggestionId;
        Reason = reason;
        MergedByAgency = agency;
        MergedByUser = userId;
        MergedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>The household that stays and receives the cases.</summary>
    public Guid HouseholdId { get; private set; }

    /// <summary>The household absorbed: its cases moved out.</summary>
    public Guid OtherHouseholdId { get; private set; }

    public MergeKind Kind { get; private set; }

    /// <summary>The link suggestion confirmed by this merge, if any.</summary>
    public Guid? SuggestionId { get; private set; }

    public string Reason { get; private set; } = "";
    public string MergedByAgency { get; private set; } = "";
    public string MergedByUser { get; private set; } = "";
    public DateTimeOffset MergedAt { get; private set; }

    public DateTimeOffset? UndoneAt { get; private set; }
    public string? UndoneByAgency { get; private set; }
    public string? UndoneByUser { get; private set; }
    public string? UndoReason { get; private set; }

    public bool IsUndone => UndoneAt is not null;

    public IReadOnlyCollection<HouseholdMergeMove> Moves => _moves;

    /// <summary>
    /// Moves every case of <paramref name="other"/> into <paramref name="household"/> and records each move.
    /// The callers hold both households' rows and the cases' rows locked.
    /// </summary>
    public static HouseholdMerge Perform(Household household, Household other, IReadOnlyCollection<Case> casesOfOther, MergeKind kind,
        Guid? suggestionId, string reason, string agency, string userId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (household.Id == other.Id) throw new InvalidOperationException("A household is not merged with itself.");
        if (!household.IsActive || !other.IsActive) throw HouseholdAlreadyMerged();
        if (casesOfOther.Any(c => c.HouseholdId != other.Id)) throw new InvalidOperationException("A case to move is not in the absorbed household.");

        var merge = new HouseholdMerge(Guid.NewGuid(), household.Id, other.Id, kind, suggestionId, reason, agency, userId, now);
        foreach (var @case in casesOfOther.OrderBy(c => c.Id))
        {
            merge._moves.Add(new HouseholdMergeMove(merge.Id, @case.Id, other.Id));
            @case.LinkToHousehold(household.Id, agency, now);
        }
        other.AbsorbInto(merge);
        return merge;
    }

    /// <summary>
    /// Puts every moved case back into the household it left and restores that household. Refused (409) when the
    /// merge was already undone, or when a later merge carried the cases on (undo that one first).
    /// </summary>
    public void Undo(Household household, Household other, IReadOnlyCollection<Case> movedCases, string reason, string agency, string userId,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (IsUndone) throw new DomainRuleException(DomainRule.MergeAlreadyUndone, "This merge was already undone.");
        if (household.Id != HouseholdId || other.Id != OtherHouseholdId) throw new InvalidOperationException("Not the households of this merge.");
        var moved = _moves.Select(m => m.CaseId).ToHashSet();
        if (!household.IsActive || other.MergeId != Id || movedCases.Count != moved.Count
            || movedCases.Any(c => !moved.Contains(c.Id) || c.HouseholdId != HouseholdId))
        {
            throw new DomainRuleException(DomainRule.MergeSuperseded,
                "A later merge moved these cases on: undo the later merge first.");
        }

        foreach (var @case in movedCases.OrderBy(c => c.Id))
        {
            @case.LinkToHousehold(_moves.Single(m => m.CaseId == @case.Id).FromHouseholdId, agency, now);
        }
        other.Restore(this);
        UndoneAt = now;
        UndoneByAgency = agency;
        UndoneByUser = userId;
        UndoReason = reason;
    }

    public static DomainRuleException HouseholdAlreadyMerged() =>
        new(DomainRule.HouseholdMerged, "One of the households was already merged into another: work on the household it was merged into.");
}

/// <summary>One case moved by a merge, and the household it left.</summary>
public sealed class HouseholdMergeMove
{
    private HouseholdMergeMove() { }

    internal HouseholdMergeMove(Guid mergeId, Guid caseId, Guid fromHouseholdId)
    {
        MergeId = mergeId;
        CaseId = caseId;
        FromHouseholdId = fromHouseholdId;
    }

    public Guid MergeId { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid FromHouseholdId { get; private set; }
}
