
namespace Tactics.Api.Domain.Households;

/// <summary>What two households have in common that made the system suggest linking them.</summary>
public enum LinkReason
{
    /// <summary>A victim or author of each lives at the same normalised address (never a confidential one).</summary>
    SameAddress,

    /// <summary>A victim or author of each has the same name and birth date.</summary>
    SameNameAndBirthDate,

    /// <summary>
    /// The same victim–author pair of national-number keys, where the pair joins no household at once: the case was opened by an
    /// agency without legal mission, or the other household holds a case a 458bis disclosure opened (DESIGN.md, acts 4 and 6).
    /// </summary>
    SameNationalNumberPair,
}

public enum LinkSuggestionStatus
{
    /// <summary>Awaits a referent's confirmation or rejection.</summary>
    Pending,

    /// <summary>A referent confirmed it: the households were merged.</summary>
    Confirmed,

    /// <summary>A referent of one side confirmed it; it awaits a referent of the other side (two-sided confirmation).</summary>
    AwaitingOtherSide,

    /// <summary>A referent rejected it, with a reason.</summary>
    Rejected,

    /// <summary>One of its households was merged (by another decision) while it was pending; pending again if that merge is undone.</summary>
    Superseded,
}

/// <summary>
/// A suggestion that two households are one, found by matching (same address, same name and birth date), for a
/// `referent` to confirm (a merge) or reject. It holds ids, a reason code and a status: never the data that matched.
/// The pair is stored in one order (<see cref="HouseholdAId"/> &lt; <see cref="HouseholdBId"/>, as PostgreSQL orders
/// uuids), so the database keeps at most one pending suggestion per pair, and one per pair and reason ever.
/// </summary>
public sealed class HouseholdLinkSuggestion
{
    public const int ReasonMaxLength = 1000;

    private HouseholdLinkSuggestion() { }

    public Guid Id { get; private set; }
    public Guid HouseholdAId { get; private set; }
    public Guid HouseholdBId { get; private set; }
    public LinkReason Reason { get; private set; }
    public LinkSuggestionStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedByAgency { get; private set; }
    public string? DecidedByUser { get; private set; }

    /// <summary>The referent's reason for a rejection (shown to the deciding agency only: it may name people).</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>The first side's confirmation of a two-sided confirmation: its agency, user and time.</summary>
    public string? FirstConfirmedByAgency { get; private set; }
    public string? FirstConfirmedByUser { get; private set; }
    public DateTimeOffset? FirstConfirmedAt { get; private set; }

    /// <summary>The merge that confirmed or superseded it.</summary>
    public Guid? MergeId { get; private set; }

    public Guid OtherThan(Guid householdId) => householdId == HouseholdAId ? HouseholdBId : HouseholdAId;

    public bool Involves(Guid householdId) => householdId == HouseholdAId || householdId == HouseholdBId;

    /// <summary>Still to be decided: pending, or confirmed by one side and awaiting the other.</summary>
    public bool IsOpen => Status is LinkSuggestionStatus.Pending or LinkSuggestionStatus.AwaitingOtherSide;

    public void EnsurePending()
    {
        if (!IsOpen)
        {
            throw new DomainRuleException(DomainRule.SuggestionNotPending, "This link suggestion was already decided (or one of its households merged).");
        }
    }

    /// <summary>
    /// A referent that reaches one household only confirms: the suggestion awaits a referent of the other side, whose
    /// confirmation merges (DESIGN.md, act 3). A side confirms once.
    /// </summary>
    public void ConfirmFirstSide(string agency, string userId, DateTimeOffset now)
    {
        EnsurePending();
        if (Status == LinkSuggestionStatus.AwaitingOtherSide)
        {
            throw new DomainRuleException(DomainRule.SuggestionNotPending, "This link suggestion was already confirmed by this side: it awaits a referent of the other household.");
        }
        Status = LinkSuggestionStatus.AwaitingOtherSide;
        FirstConfirmedByAgency = agency;
        FirstConfirmedByUser = userId;
        FirstConfirmedAt = now;
    }

    public void Confirm(Guid mergeId, string agency, string userId, DateTimeOffset now)
    {
        EnsurePending();
        Status = LinkSuggestionStatus.Confirmed;
        MergeId = mergeId;
        Decide(agency, userId, now);
    }

    public void Reject(string reason, string agency, string userId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        EnsurePending();
        Status = LinkSuggestionStatus.Rejected;
        RejectionReason = reason;
        Decide(agency, userId, now);
    }

    /// <summary>A merge of one of its households decided the matter otherwise; an undo of that merge reinstates it.</summary>
    public void Supersede(Guid mergeId)
    {
        EnsurePending();
        Status = LinkSuggestionStatus.Superseded;
        MergeId = mergeId;
    }

    /// <summary>The merge that confirmed or superseded it was undone: pending again, as before.</summary>
    public void Reinstate(Guid mergeId)
    {
        if (MergeId != mergeId || Status is not (LinkSuggestionStatus.Confirmed or LinkSuggestionStatus.Superseded))
        {
            throw new InvalidOperationException("The suggestion was not decided by this merge.");
        }
        Status = LinkSuggestionStatus.Pending;
        MergeId = null;
        DecidedAt = null;
        DecidedByAgency = null;
        DecidedByUser = null;
        FirstConfirmedByAgency = null;
        FirstConfirmedByUser = null;
        FirstConfirmedAt = null;
    }

    private void Decide(string agency, string userId, DateTimeOffset now)
    {
        DecidedAt = now;
        DecidedByAgency = agency;
        DecidedByUser = userId;
    }
}
