using System.Globalization;

namespace Tactics.Api.Common.Paging;

/// <summary>
/// The key of the last row of a page ordered by (time, id): the time in microseconds since the epoch
/// (PostgreSQL's precision, so the key is exact) and the id.
/// </summary>
public static class TimeIdCursor
{
    private static readonly long MaxMicros = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static string Key(DateTimeOffset at, Guid id) =>
        $"{(at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond}_{id:N}";

    public static bool TryParse(string? cursor, out (DateTimeOffset At, Guid Id)? after)
    {
        after = null;
        if (!Cursor.TryDecode(cursor, out var key)) return false;
        if (key is null) return true;
        var parts = key.Split('_');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > MaxMicros
            || !Guid.TryParseExact(parts[1], "N", out var id))
        {
            return false;
        }
        after = (DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond), id);
        return true;
    }
}
