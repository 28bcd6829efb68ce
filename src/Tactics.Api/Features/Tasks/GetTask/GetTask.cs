using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Tasks.GetTask;

public sealed record GetTaskQuery(Guid TaskId) : IQuery<TaskResponse>;

public sealed class GetTaskValidator : AbstractValidator<GetTaskQuery>
{
    public GetTaskValidator() => RuleFor(q => q.TaskId).NotEmpty();
}

/// <summary>A task, for those the policy shows it to (<see cref="SideRecordPolicy.ForTask"/>); anyone else gets the 404 of a task that does not exist.</summary>
public sealed class GetTaskHandler(TacticsDbContext db, TaskGate gate, ICaseAccess access) : IQueryHandler<GetTaskQuery, TaskResponse>
{
    public async ValueTask<TaskResponse> Handle(GetTaskQuery query, CancellationToken cancellationToken)
    {
        var row = await gate.Rows(db.Tasks.AsNoTracking().Where(t => t.Id == query.TaskId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("task");
        var decision = await gate.DecideAsync(row, cancellationToken);
        if (!decision.Visible) throw new NotFoundException("task");
        await gate.LogAsync([(row.Task, decision)], SharingAction.Read, "GetTask", cancellationToken);
        return (await gate.RenderAsync([(row.Task, decision)], access.Now, cancellationToken)).Single();
    }
}
