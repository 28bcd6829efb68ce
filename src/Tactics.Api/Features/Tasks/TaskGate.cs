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
public sealed class TaskGate(TacticsDbContext db, ICaseAccess access, CaseFactsLoader facts, Sharing.AccessLog accessLog)
{
    private readonly Dictionary<Guid, CaseVisibility?> _visibilities = [];
    private PolicyAgency? _agency;

    /// <summary>Tasks with the agency whose record raised them.</summary>
    public IQueryable<TaskRow> Rows(IQueryable<CaseTask> tasks) =>
        tasks.Select(t => new TaskRow(t, db.CustodyEvents.Where(c => c.Id == t.CustodyEventId).Select(c => c.RecordedBy).FirstOrDefault()));

    /// <summary>Decides the caller's view of every case of these rows not decided yet, all at once (one facts load per batch, not per case).</summary>
    public async Task PrepareAsync(IEnumerable<TaskRow> rows, CancellationToken cancellationToken)
    {
        var undecided = rows.Select(r => r.Task.CaseId).Where(id => !_visibilities.ContainsKey(id)).Distinct().ToList();
        if (undecided.Count == 0) return;
        _agency ??= await facts.AgencyAsync(access.Caller.AgencyCode, cancellationToken);
        var decided = await facts.VisibilitiesAsync(_agency, access.Caller.Roles, undecided, access.Now, cancellationToken);
        foreach (var caseId in undecided) _visibilities[caseId] = decided.GetValueOrDefault(caseId);
    }

    public async Task<TaskAccess> DecideAsync(TaskRow row, CancellationToken cancellationToken)
    {
        await PrepareAsync([row], cancellationToken);
        return SideRecordPolicy.ForTask(access.Caller, row.Facts, _visibilities[row.Task.CaseId]);
    }

    /// <summary>One access-log entry per case: the categories of its tasks the caller was shown (or changed), with their basis.</summary>
    public async Task LogAsync(IEnumerable<(CaseTask Task, TaskAccess Access)> shown, SharingAction action, string operation, CancellationToken cancellationToken)
    {
        var accesses = shown.GroupBy(s => s.Task.CaseId).Select(byCase => new AccessRecord(byCase.Key, action, operation, true,
            byCase.GroupBy(s => SideRecordPolicy.CategoryOf(s.Task.Kind)).ToDictionary(g => g.Key, g => g.First().Access.Basis!.Value),
            new Dictionary<DataCategory, WithheldReason>()));
        await accessLog.RecordAllAsync([.. accesses], cancellationToken);
    }
}
