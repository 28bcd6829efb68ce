using Tactics.Api.Sharing;

namespace Tactics.Api.Common.Paging;

/// <summary>
/// One page of a case's own list (incidents, risk assessments, timeline):
/// <c>{ "items": [...], "nextCursor": "...", "withheld": [...] }</c>; no cursor on the last page.
/// </summary>
/// <param name="Items">The page's items, oldest first.</param>
/// <param name="NextCursor">The cursor of the next page; absent on the last page.</param>
/// <param name="Withheld">The data categories of this case withheld from the caller, and why.</param>
public sealed record CaseDataPage<T>(IReadOnlyList<T> Items, string? NextCursor, IReadOnlyList<WithheldCategory> Withheld);
