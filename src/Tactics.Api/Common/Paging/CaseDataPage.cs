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

public static class CaseDataPage
{
    /// <summary>No items: the list is made of a category the caller may not see (named in <c>withheld</c>), its items' existence included.</summary>
    public static CaseDataPage<T> Empty<T>(CaseVisibility visibility) => new([], null, visibility.Withheld);

    /// <summary>A page of rows, each rendered as far as the caller may see it.</summary>
    public static CaseDataPage<TResponse> Of<T, TResponse>(CursorPage<T> page, Func<T, TResponse> render, CaseVisibility visibility) =>
        new([.. page.Items.Select(render)], page.NextCursor, visibility.Withheld);
}
