using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Tasks.ListTasks;

/// <summary>Whose tasks to list: the caller's agency's, or those naming the caller personally.</summary>
public enum TaskAssignment
{
    Agency,
    Me,
}

public sealed record ListTasksQuery(string? Status, string? Assigned, int? Limit, string? Cursor) : IQuery<CursorPage<TaskResponse>>;

public sealed class ListTasksValidator : AbstractValidator<ListTasksQuery>
{
    public ListTasksValidator()
    {
        RuleFor(q => q.Status).MustBeEnumName<ListTasksQuery, CaseTaskStatus>();
        RuleFor(q => q.Assigned).MustBeEnumName<ListTasksQuery, TaskAssignment>();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => TimeIdCursor.TryParse(cursor, out _)).WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>
/// The tasks assigned to the caller's agency (or escalated to it), soonest due first, that the policy lets it see: a task
/// whose category the assignee no longer sees is left out before paging, so a page is never cut short by what it hides.
/// </summary>
public sealed class ListTasksHandler(TacticsDbContext db, ICurrentUser user, ICaseAccess access, TaskGate gate) : IQueryHandler<ListTasksQuery, CursorPage<TaskResponse>>
{
    public async ValueTask<CursorPage<TaskResponse>> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);
        var now = access.Now;

        var agency = user.AgencyCode;
        var tasks = db.Tasks.AsNoTracking().Where(t => t.AssigneeAgency == agency || (t.EscalatedAt != null && t.EscalationAgency == agency));
        if (query.Assigned is { } assigned && EnumNames.Parse<TaskAssignment>(assigned) == TaskAssignment.Me)
        {
            var me = user.UserId;
            tasks = tasks.Where(t => t.AssigneeUserId == me);
        }
        if (query.Status is { } status)
        {
            tasks = EnumNames.Parse<CaseTaskStatus>(status) switch
            {
                CaseTaskStatus.Open => tasks.Where(t => t.CompletedAt == null && t.CancelledAt == null && t.DueAt > now),
                CaseTaskStatus.Overdue => tasks.Where(t => t.CompletedAt == null && t.CancelledAt == null && t.DueAt <= now),
                CaseTaskStatus.Cancelled => tasks.Where(t => t.CancelledAt != null),
                _ => tasks.Where(t => t.CompletedAt != null),
            };
        }

        var shown = new Dictionary<Guid, TaskAccess>();
        var page = await FilteredPage.CollectAsync<TaskRow>(
            async (last, take, ct) =>
            {
                var from = last is null ? after : (last.Task.DueAt, last.Task.Id);
                var batch = from is { } key
                    ? tasks.Where(t => EF.Functions.GreaterThan(ValueTuple.Create(t.DueAt, t.Id), ValueTuple.Create(key.At, key.Id)))
                    : tasks;
                var rows = await gate.Rows(batch.OrderBy(t => t.DueAt).ThenBy(t => t.Id)).Take(take).ToListAsync(ct);
                await gate.PrepareAsync(rows, ct);
                return rows;
            },
            async (row, ct) =>
            {
                var decision = await gate.DecideAsync(row, ct);
                if (decision.Visible) shown[row.Task.Id] = decision;
                return decision.Visible;
            },
            limit, r => TimeIdCursor.Key(r.Task.DueAt, r.Task.Id), cancellationToken);
        await gate.LogAsync(page.Items.Select(r => (r.Task, shown[r.Task.Id])), SharingAction.Read, "ListTasks", cancellationToken);
        return new CursorPage<TaskResponse>(await gate.RenderAsync([.. page.Items.Select(r => (r.Task, shown[r.Task.Id]))], now, cancellationToken), page.NextCursor);
    }
}
