using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Tasks.GetAttempt;

public sealed record GetTaskAttemptQuery(Guid TaskId, Guid AttemptId) : IQuery<TaskAttemptResponse>;

public sealed class GetTaskAttemptValidator : AbstractValidator<GetTaskAttemptQuery>
{
    public GetTaskAttemptValidator()
    {
        RuleFor(q => q.TaskId).NotEmpty();
        RuleFor(q => q.AttemptId).NotEmpty();
    }
}

/// <summary>One attempt of a task, for those the policy shows the task to; anyone else gets the 404 of a task that does not exist.</summary>
public sealed class GetTaskAttemptHandler(TacticsDbContext db, TaskGate gate) : IQueryHandler<GetTaskAttemptQuery, TaskAttemptResponse>
{
    public async ValueTask<TaskAttemptResponse> Handle(GetTaskAttemptQuery query, CancellationToken cancellationToken)
    {
        var row = await gate.Rows(db.Tasks.AsNoTracking().Where(t => t.Id == query.TaskId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("task");
        var decision = await gate.DecideAsync(row, cancellationToken);
        if (!decision.Visible) throw new NotFoundException("task");
        var attempt = await db.TaskAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.AttemptId && a.TaskId == row.Task.Id, cancellationToken)
            ?? throw new NotFoundException("attempt");
        await gate.LogAsync([(row.Task, decision)], SharingAction.Read, "GetTaskAttempt", cancellationToken);
        return TaskAttemptResponse.From(attempt);
    }
}
