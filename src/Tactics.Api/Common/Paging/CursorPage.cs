using System.Buffers.Text;
using System.Text;

namespace Tactics.Api.Common.Paging;

/// <summary>One page of a list: <c>{ "items": [...], "nextCursor": "..." }</c>; no cursor on the last page.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxLength = 200;

    /// <summary>Cursors are opaque to clients: the last key seen, base64url-encoded.</summary>
    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    public static bool TryDecode(string? cursor, out string? lastKey)
    {
        lastKey = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            lastKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Builds the page from one extra row fetched beyond the limit: its presence means there is more.</summary>
    public static CursorPage<T> Page<T>(List<T> rowsPlusOne, int limit, Func<T, string> key) =>
        rowsPlusOne.Count > limit
            ? new CursorPage<T>(rowsPlusOne[..limit], Encode(key(rowsPlusOne[limit - 1])))
            : new CursorPage<T>(rowsPlusOne, null);
}
