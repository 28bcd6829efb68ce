namespace Tactics.Api.Domain.Notifications;

/// <summary>
/// When a failed delivery is tried again: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h, 8 h after
/// each failed attempt (12 attempts over about 31 h 42 min), each delay stretched by a random jitter of 0 to 20 %
/// so that receivers coming back up are not hit by every sender at once. A longer <c>Retry-After</c> (capped at
/// 24 h) replaces the delay. After the 12th failed attempt the delivery is dead-lettered.
/// </summary>
public static class WebhookRetrySchedule
{
    public static IReadOnlyList<TimeSpan> Delays { get; } =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(4),
        TimeSpan.FromHours(8),
        TimeSpan.FromHours(8),
        TimeSpan.FromHours(8),
    ];

    /// <summary>The first attempt plus one retry per delay.</summary>
    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>Each delay is multiplied by 1 + <see cref="MaxJitter"/> × a random number in [0, 1).</summary>
    public const double MaxJitter = 0.2;

    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failed attempt; null when none is left.</summary>
    public static TimeSpan? DelayAfter(int failedAttempts, double jitter, TimeSpan? retryAfter = null)
    {
        if (failedAttempts < 1 || failedAttempts >= MaxAttempts) return null;
        var backoff = Delays[failedAttempts - 1] * (1 + MaxJitter * Math.Clamp(jitter, 0, 1));
        if (retryAfter is { } asked && asked > backoff)
        {
            return asked > MaxRetryAfter ? MaxRetryAfter : asked;
        }
        return backoff;
    }
}
