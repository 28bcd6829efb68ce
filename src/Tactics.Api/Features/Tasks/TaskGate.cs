using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Tasks;

/// <summary>A task and the agency whose record raised it (the custody event's recorder).</summary>
public sealed record TaskRow(CaseTask Task, string? RaisedBy)
{
    public TaskFacts Facts => new(Task.Kind, Task.AssigneeAgency, Task.EscalationAgency, Task.EscalatedAt is not null, RaisedBy);
}

/// <summary>
/// Decides, through <see cref="SideRecordPolicy.ForTask"/>, which tasks the caller sees and may complete, from its view of
/// each task's case (decided once per case and request), and writes the access-log entries of what it shows or changes:
/// the task's category, on the caller's basis.
/// </summary>
public sealed class TaskGate(TacticsDbContext db, ICaseAccess access, Sharing.AccessLog accessLog)
{
    private readonly Dictionary<Guid, CaseVisibility?> _visibilities = [];

    /// <summary>Tasks with the agency whose record raised them.</summary>
    public IQueryable<TaskRow> Rows(IQueryable<CaseTask> tasks) =>
        tasks.Select(t => new TaskRow(t, db.CustodyEvents.Where(c => c.Id == t.CustodyEventId).Select(c => c.RecordedBy).FirstOrDefault()));

    public async Task<TaskAccess> DecideAsync(TaskRow row, CancellationToken cancellationToken)
    {
        if (!_visibilities.TryGetValue(row.Task.CaseId, out var visibility))
        {
            visibility = await access.VisibilityForRoutingAsync(row.Task.CaseId, cancellationToken);
            _visibilities[row.Task.CaseId] = visibility;
        }
        return SideRecordPolicy.ForTask(access.Caller, row.Facts, visibility);
    }

    /// <summary>One access-log entry per case: the categories of its tasks the caller was shown (or changed), with their basis.</summary>
    public async Task LogAsync(IEnumerable<(CaseTask Task, TaskAccess Access)> shown, SharingAction action, string operation, CancellationToken cancellationToken)
    {
        foreach (var byCase in shown.GroupBy(s => s.Task.CaseId))
        {
            var granted = byCase.GroupBy(s => SideRecordPolicy.CategoryOf(s.Task.Kind))
                .ToDictionary(g => g.Key, g => g.First().Access.Basis!.Value);
            await accessLog.RecordAsync(new AccessRecord(byCase.Key, action, operation, true, granted, new Dictionary<DataCategory, WithheldReason>()),
                cancellationToken);
        }
    }
}
