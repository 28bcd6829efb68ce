namespace Tactics.Api.Common.Paging;

/// <summary>
/// A page of a list whose rows are filtered row by row after the query (by the sharing policy): rows are fetched in
/// key order, batch after batch, until the page holds <c>limit</c> visible rows and one more, or the rows run out.
/// So hidden rows never shorten a page, and a cursor is given only when a visible row follows.
/// </summary>
public static class FilteredPage
{
    /// <param name="fetchAfter">The next rows in key order after the given row (null: from the request's cursor), at most the given count.</param>
    /// <param name="visible">Whether the caller may see a row.</param>
    /// <param name="limit">The page size.</param>
    /// <param name="key">The cursor key of a row.</param>
    /// <param name="cancellationToken">Cancels the fetches.</param>
    public static async Task<CursorPage<T>> CollectAsync<T>(Func<T?, int, CancellationToken, Task<List<T>>> fetchAfter,
        Func<T, CancellationToken, Task<bool>> visible, int limit, Func<T, string> key, CancellationToken cancellationToken)
        where T : class
    {
        var batchSize = Math.Min(Cursor.MaxLimit, limit + 1) * 2;
        var kept = new List<T>();
        T? last = null;
        while (true)
        {
            var batch = await fetchAfter(last, batchSize, cancellationToken);
            foreach (var row in batch)
            {
                if (await visible(row, cancellationToken)) kept.Add(row);
                if (kept.Count > limit) return Cursor.Page(kept, limit, key);
            }
            if (batch.Count < batchSize) return Cursor.Page(kept, limit, key);
            last = batch[^1];
        }
    }
}
