namespace Tactics.Api.Common.Time;

public static class TimeProviderExtensions
{
    /// <summary>
    /// Now in UTC, truncated to the microsecond PostgreSQL stores, so a time returned on creation
    /// equals the one read back later (and cursors built from it stay exact).
    /// </summary>
    public static DateTimeOffset UtcNowStored(this TimeProvider time) => time.GetUtcNow().TruncateToStored();

    public static DateTimeOffset TruncateToStored(this DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
