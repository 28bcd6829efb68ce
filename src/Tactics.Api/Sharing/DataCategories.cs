namespace Tactics.Api.Sharing;

/// <summary>The data categories of DESIGN.md: every field of a case belongs to exactly one.</summary>
public enum DataCategory
{
    Core,
    Identity,
    Contact,
    Facts,
    Children,
    Risk,
    Judicial,
    Measures,
    Social,
    Health,
    InternalNotes,
}

/// <summary>Why a category was withheld from a response (API-EXAMPLES.md).</summary>
public enum WithheldReason
{
    ConsentRequired,
    ConsentRevoked,
    ConsentExpired,
    OutsideMission,
    NeverShared,
    ProtectedContact,
}

/// <summary>A category the caller may not see on this case, and why; never its content.</summary>
/// <param name="Category">The withheld data category.</param>
/// <param name="Reason">Why it is withheld.</param>
public sealed record WithheldCategory(DataCategory Category, WithheldReason Reason);

/// <summary>
/// What one caller may see of one case: the categories it may read, and those withheld with their reason.
/// Responses are built from it section by section (<c>Features/Cases/CaseView.cs</c>).
/// </summary>
public sealed class CaseVisibility
{
    public CaseVisibility(IReadOnlyDictionary<DataCategory, SharingBasis> granted, IEnumerable<WithheldCategory> withheld, bool reachedByLegalMission = false)
    {
        Granted = granted;
        Withheld = [.. withheld.OrderBy(w => w.Category)];
        ReachedByLegalMission = reachedByLegalMission || granted.Values.Contains(SharingBasis.LegalMission);
    }

    /// <summary>
    /// Whether the caller reaches the case by legal mission: a category granted on that basis, or an owner whose kind has a
    /// territory (its core shows as its own record, but its mission covers the case all the same).
    /// </summary>
    public bool ReachedByLegalMission { get; }

    /// <summary>Each visible category and the basis it is seen on (for the access log).</summary>
    public IReadOnlyDictionary<DataCategory, SharingBasis> Granted { get; }

    public IReadOnlyList<WithheldCategory> Withheld { get; }

    public bool Sees(DataCategory category) => Granted.ContainsKey(category);

    /// <summary>The owner's view: only the agency that opened the case sees its core as its own record.</summary>
    public bool IsOwnersView => Granted.TryGetValue(DataCategory.Core, out var basis) && basis == SharingBasis.OwnRecord;

    /// <summary>This visibility, plus the categories of an entry the caller wrote itself (own record): it reads what it wrote.</summary>
    public CaseVisibility WithOwnEntry(params DataCategory[] categories)
    {
        var granted = new Dictionary<DataCategory, SharingBasis>(Granted);
        foreach (var category in categories) granted.TryAdd(category, SharingBasis.OwnRecord);
        return new CaseVisibility(granted, Withheld.Where(w => !granted.ContainsKey(w.Category)), ReachedByLegalMission);
    }
}

/// <summary>
/// The core category of a case (existence, status, owner, risk level), and its household link (which has its own rule,
/// <see cref="SideRecordPolicy.SeesHouseholdLink"/>): what a list shows, and what the policy decides on.
/// </summary>
public sealed record CaseCore(
    Guid Id,
    Guid HouseholdId,
    Domain.Cases.CaseStatus Status,
    Domain.Cases.RiskLevel? RiskLevel,
    string OwnerAgency,
    DateTimeOffset CreatedAt,
    Domain.Cases.CaseChanges Changes);
