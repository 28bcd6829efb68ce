namespace Tactics.Api.Features.Board;

/// <summary>The <c>Board</c> configuration section: how long the parquet has to decide, and the monitor that says when it did not.</summary>
public sealed class BoardOptions
{
    public const string Section = "Board";

    /// <summary>Days to decide on a family-dispute PV, from when it was recorded.</summary>
    public int FamilyDisputeReportDays { get; set; } = 7;

    /// <summary>Days to decide on a complaint PV.</summary>
    public int ComplaintDays { get; set; } = 7;

    /// <summary>Days to decide on a 458bis disclosure (serious and imminent danger).</summary>
    public int DisclosureDays { get; set; } = 2;

    /// <summary>The most rows one CSV answer holds; beyond, the caller narrows the filter.</summary>
    public int CsvMaxRows { get; set; } = 10_000;

    public BoardMonitorOptions Monitor { get; set; } = new();

    public TimeSpan DecideWithin(Domain.Board.BoardItemKind kind) => TimeSpan.FromDays(kind switch
    {
        Domain.Board.BoardItemKind.FamilyDisputeReport => FamilyDisputeReportDays,
        Domain.Board.BoardItemKind.Complaint => ComplaintDays,
        _ => DisclosureDays,
    });
}

/// <summary><c>Board:Monitor</c>: the hosted service that raises <c>decision.overdue</c>.</summary>
public sealed class BoardMonitorOptions
{
    /// <summary>Runs the monitor in this instance; any number of instances may run it on one database.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often it looks for overdue items.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Items claimed per pass.</summary>
    public int BatchSize { get; set; } = 100;
}
