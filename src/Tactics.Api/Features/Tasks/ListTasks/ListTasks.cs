using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

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

/// <summary>The tasks assigned to the caller's agency (never another agency's), soonest due first.</summary>
public sealed class ListTasksHandler(TacticsDbContext db, ICurrentUser user, TimeProvider time) : IQueryHandler<ListTasksQuery, CursorPage<TaskResponse>>
{
    public async ValueTask<CursorPage<TaskResponse>> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Cursor.DefaultLimit;
        TimeIdCursor.TryParse(query.Cursor, out var after);
        var now = time.GetUtcNow();

        var agency = user.AgencyCode;
        var tasks = db.Tasks.AsNoTracking().Where(t => t.AssigneeAgency == agency);
        if (query.Assigned is { } assigned && EnumNames.Parse<TaskAssignment>(assigned) == TaskAssignment.Me)
        {
            var me = user.UserId;
            tasks = tasks.Where(t => t.AssigneeUserId == me);
        }
        if (query.Status is { } status)
        {
            tasks = EnumNames.Parse<CaseTaskStatus>(status) switch
            {
                CaseTaskStatus.Open => tasks.Where(t => t.CompletedAt == null && t.DueAt > now),
                CaseTaskStatus.Overdue => tasks.Where(t => t.CompletedAt == null && t.DueAt <= now),
                _ => tasks.Where(t => t.CompletedAt != null),
            };
        }
        if (after is { } last)
        {
            tasks = tasks.Where(t => EF.Functions.GreaterThan(ValueTuple.Create(t.DueAt, t.Id), ValueTuple.Create(last.At, last.Id)));
        }
        var rows = await tasks.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, t => TimeIdCursor.Key(t.DueAt, t.Id));
        return new CursorPage<TaskResponse>([.. page.Items.Select(t => TaskResponse.From(t, now))], page.NextCursor);
    }
}
