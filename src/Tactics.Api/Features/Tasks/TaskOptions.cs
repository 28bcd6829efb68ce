namespace Tactics.Api.Features.Tasks;

/// <summary>The <c>Tasks</c> configuration section: deadlines, and the monitor that enforces them.</summary>
public sealed class TaskOptions
{
    public const string Section = "Tasks";

    /// <summary>After a release, the victim must be told within this time.</summary>
    public TimeSpan InformVictimWithin { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Before a scheduled release, the victim must be told this long ahead (never sooner than <see cref="InformVictimWithin"/> from now, never after the release).</summary>
    public TimeSpan InformVictimBeforeRelease { get; set; } = TimeSpan.FromHours(2);

    /// <summary>After a family-dispute PV is reported, the EVA referent (or the zone's police) calls the victim back within this time.</summary>
    public TimeSpan EvaCallbackWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>After an unreachable attempt, the next try is scheduled this much later.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long before a measure's end <c>measure.expiring</c> is raised.</summary>
    public TimeSpan MeasureExpiryNotice { get; set; } = TimeSpan.FromHours(48);

    public DeadlineMonitorOptions Monitor { get; set; } = new();
}

/// <summary><c>Tasks:Monitor</c>: the hosted service that escalates overdue tasks and announces expiring measures.</summary>
public sealed class DeadlineMonitorOptions
{
    /// <summary>Runs the monitor in this instance; any number of instances may run it on one database.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often it looks for what fell due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Rows claimed per pass.</summary>
    public int BatchSize { get; set; } = 100;
}
