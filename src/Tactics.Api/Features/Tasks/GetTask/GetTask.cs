using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Tasks.GetTask;

public sealed record GetTaskQuery(Guid TaskId) : IQuery<TaskResponse>;

public sealed class GetTaskValidator : AbstractValidator<GetTaskQuery>
{
    public GetTaskValidator() => RuleFor(q => q.TaskId).NotEmpty();
}

public sealed class GetTaskHandler(TacticsDbContext db, ICurrentUser user, TimeProvider time) : IQueryHandler<GetTaskQuery, TaskResponse>
{
    public async ValueTask<TaskResponse> Handle(GetTaskQuery query, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().Where(TaskVisibility.To(db, user.AgencyCode)).SingleOrDefaultAsync(t => t.Id == query.TaskId, cancellationToken)
            ?? throw new NotFoundException("task");
        return TaskResponse.From(task, time.GetUtcNow());
    }
}

/// <summary>Who may see a task: its assignee, the agency it escalates to, and the case's owner (which hears of the escalation).</summary>
internal static class TaskVisibility
{
    public static System.Linq.Expressions.Expression<Func<CaseTask, bool>> To(TacticsDbContext db, string agency) =>
        t => t.AssigneeAgency == agency || t.EscalationAgency == agency || db.Cases.Any(c => c.Id == t.CaseId && c.OwnerAgency == agency);
}
