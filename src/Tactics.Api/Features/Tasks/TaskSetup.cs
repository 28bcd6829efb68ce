using Tactics.Api.Features.Tasks.Deadlines;

namespace Tactics.Api.Features.Tasks;

public static class TaskSetup
{
    /// <summary>Task deadlines (<c>Tasks</c>) and the monitor that escalates overdue tasks and announces expiring measures.</summary>
    public static IServiceCollection AddTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TaskOptions>()
            .Bind(configuration.GetSection(TaskOptions.Section))
            .Validate(o => o.InformVictimWithin > TimeSpan.Zero && o.InformVictimBeforeRelease >= TimeSpan.Zero && o.MeasureExpiryNotice > TimeSpan.Zero
                && o.EvaCallbackWithin > TimeSpan.Zero && o.RetryAfter > TimeSpan.Zero
                && o.Monitor.Interval > TimeSpan.Zero && o.Monitor.BatchSize > 0,
                "Tasks: the delays, the monitor's interval and batch size must be positive.")
            .ValidateOnStart();
        services.AddScoped<TaskGate>();
        services.AddScoped<FollowUp.FollowUpTasks>();
        services.AddSingleton<DeadlineMonitor>();
        services.AddHostedService<DeadlineMonitorService>();
        return services;
    }
}
