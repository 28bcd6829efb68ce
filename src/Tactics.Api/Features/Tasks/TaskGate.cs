using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
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

    /// <summary>
    /// A task the caller works on, locked for a change (<c>FOR UPDATE</c>: attempts, the completion and the deadline monitor's escalation
    /// queue up): the 404 of a task that does not exist for anyone the policy does not show it to, 403 for the agency that only raised it.
    /// </summary>
    public async Task<(TaskRow Row, TaskAccess Access)> WorkOnAsync(Guid taskId, string refusal, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM tasks WHERE id = {taskId} FOR UPDATE", cancellationToken);
        var row = await Rows(db.Tasks.Where(t => t.Id == taskId)).SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("task");
        var decision = await DecideAsync(row, cancellationToken);
        if (!decision.Visible) throw new NotFoundException("task");
        if (!decision.MayComplete) throw new ForbiddenException(ProblemTypes.TaskNotAssignedToCaller, refusal);
        return (row, decision);
    }

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

    /// <summary>
    /// The responses of the tasks shown, each with its latest attempt, and, for a contact task where the policy lets the caller see it
    /// (<see cref="SideRecordPolicy.ShowsContactOnTask"/>), the victim's safe-contact preferences and the other contact task's latest attempt.
    /// Decide each row first (<see cref="DecideAsync"/>).
    /// </summary>
    public async Task<List<TaskResponse>> RenderAsync(IReadOnlyList<(CaseTask Task, TaskAccess Access)> shown, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var withContact = shown.Where(s => SideRecordPolicy.CategoryOf(s.Task.Kind) == DataCategory.Contact
                && SideRecordPolicy.ShowsContactOnTask(access.Caller, s.Access, _visibilities.GetValueOrDefault(s.Task.CaseId)))
            .Select(s => s.Task.Id).ToHashSet();
        var caseIds = shown.Where(s => withContact.Contains(s.Task.Id)).Select(s => s.Task.CaseId).Distinct().ToList();
        var incidentIds = shown.Where(s => withContact.Contains(s.Task.Id) && s.Task.IncidentId is not null).Select(s => s.Task.IncidentId!.Value).Distinct().ToList();
        var others = incidentIds.Count == 0 ? [] : await db.Tasks.AsNoTracking()
            .Where(t => incidentIds.Contains(t.IncidentId!.Value) && (t.Kind == TaskKind.EvaCallback || t.Kind == TaskKind.ProactiveContact))
            .ToListAsync(cancellationToken);
        var taskIds = shown.Select(s => s.Task.Id).Concat(others.Select(o => o.Id)).Distinct().ToList();
        var latest = (await db.TaskAttempts.AsNoTracking().Where(a => taskIds.Contains(a.TaskId)).ToListAsync(cancellationToken))
            .GroupBy(a => a.TaskId).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).First());
        var safeContacts = caseIds.Count == 0 ? [] : await db.SafeContacts.AsNoTracking().Where(c => caseIds.Contains(c.CaseId))
            .ToDictionaryAsync(c => c.CaseId, cancellationToken);

        return [.. shown.Select(s =>
        {
            var task = s.Task;
            if (!withContact.Contains(task.Id)) return TaskResponse.From(task, now, latest.GetValueOrDefault(task.Id));
            var other = others.Where(o => o.IncidentId == task.IncidentId && o.Kind != task.Kind && latest.ContainsKey(o.Id))
                .Select(o => ((CaseTask, TaskAttempt)?)(o, latest[o.Id])).OrderByDescending(o => o!.Value.Item2.At).FirstOrDefault();
            return TaskResponse.From(task, now, latest.GetValueOrDefault(task.Id), other, safeContacts.GetValueOrDefault(task.CaseId));
        })];
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
