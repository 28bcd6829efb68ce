using Tactics.Api.Features.Board.Monitor;

namespace Tactics.Api.Features.Board;

public static class BoardSetup
{
    /// <summary>The board's due dates (<c>Board</c>), its intake, and the monitor that raises <c>decision.overdue</c>.</summary>
    public static IServiceCollection AddBoard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BoardOptions>()
            .Bind(configuration.GetSection(BoardOptions.Section))
            .Validate(o => o.FamilyDisputeReportDays > 0 && o.ComplaintDays > 0 && o.DisclosureDays > 0 && o.CsvMaxRows > 0
                && o.Monitor.Interval > TimeSpan.Zero && o.Monitor.BatchSize > 0,
                "Board: the days to decide, the CSV limit, the monitor's interval and batch size must be positive.")
            .ValidateOnStart();
        services.AddScoped<BoardIntake>();
        services.AddScoped<BoardReader>();
        services.AddSingleton<BoardMonitor>();
        services.AddHostedService<BoardMonitorService>();
        return services;
    }
}
