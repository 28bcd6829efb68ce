namespace Tactics.Api.Sharing;

/// <summary>
/// Declares the data category of a field of a response that carries case data, next to the field itself.
/// A test fails for any such field without one, and checks that a withheld category's fields are never sent.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CategoryAttribute(DataCategory category) : Attribute
{
    public DataCategory Category { get; } = category;
}

/// <summary>The field holds an entry whose category is data, not code (an agency record): decided entry by entry.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class EntryCategoryAttribute : Attribute;

/// <summary>
/// The field is the household link (a household id): not a category but the side-record rule of
/// <see cref="SideRecordPolicy.SeesHouseholdLink"/>. It is sent only to a caller that reaches the case by legal mission or
/// reaches another case of that household, and omitted for everyone else.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class HouseholdLinkAttribute : Attribute;
