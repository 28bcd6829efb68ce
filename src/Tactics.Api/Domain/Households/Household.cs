namespace Tactics.Api.Domain.Households;

/// <summary>
/// The unit by which the cases of one couple or family are grouped, across police zones. A household merged
/// into another keeps its row (and id) with <see cref="MergedIntoId"/> set, so the merge can be undone exactly.
/// </summary>
public sealed class Household
{
    private Household() { }

    public Household(Guid id, DateTimeOffset createdAt)
    {
        Id = id;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The household this one was merged into, while that merge stands.</summary>
    public Guid? MergedIntoId { get; private set; }

    /// <summary>The merge that absorbed this household, while it stands.</summary>
    public Guid? MergeId { get; private set; }

    /// <summary>Holds cases and takes part in matching and merges: not merged into another household.</summary>
    public bool IsActive => MergedIntoId is null;

    internal void AbsorbInto(HouseholdMerge merge)
    {
        if (!IsActive) throw new InvalidOperationException("The household is already merged into another.");
        MergedIntoId = merge.HouseholdId;
        MergeId = merge.Id;
    }

    internal void Restore(HouseholdMerge merge)
    {
        if (MergeId != merge.Id) throw new InvalidOperationException("The household was not absorbed by this merge.");
        MergedIntoId = null;
        MergeId = null;
    }
}
