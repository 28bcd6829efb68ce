using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Features.Tasks.CompleteTask;
using Tactics.Api.Features.Tasks.GetAttempt;
using Tactics.Api.Features.Tasks.RecordAttempt;
using Tactics.Api.Features.Tasks.GetTask;
using Tactics.Api.Features.Tasks.ListTasks;

namespace Tactics.Api.Features.Tasks;

public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTaskEndpoints(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");

        tasks.MapGet("/", async ([AsParameters] ListTasksParameters parameters, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListTasksQuery(parameters.Status, parameters.Assigned, parameters.Limit, parameters.Cursor), ct)))
            .WithName("ListTasks")
            .WithSummary("Lists the tasks assigned to the caller's agency (or to the caller), or escalated to it, soonest due first: those whose category "
                + "(inform_victim: judicial; eva_callback, proactive_contact: contact) it sees. Each read is access-logged.")
            .Produces<CursorPage<TaskResponse>>();

        tasks.MapGet("/{taskId:guid}", async (Guid taskId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTaskQuery(taskId), ct)))
            .WithName("GetTask")
            .WithSummary("Gets a task: for its assignee and, once it escalated, the agency it escalated to, while they see its category; "
                + "and for the agency whose record raised it. 404 for anyone else (the case's owner included). Access-logged.")
            .ProducesNotFound();

        tasks.MapPost("/{taskId:guid}/completion", async (Guid taskId, CompleteTaskCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok((await mediator.Send(command with { TaskId = taskId }, ct)).Task))
            .WithName("CompleteTask")
            .WithSummary("Completes a task, recording who told the victim, when and how (outcome reached or declined; an unreachable victim is an "
                + "attempt), with the D+2 checklist for a proactive contact that reached the victim and any appointment for a contact task; "
                + "it will not escalate any more. By the assignee, or once it escalated by the agency it escalated to. 409 when already completed or cancelled.")
            .WithIdempotencyKey(async (mediator, _, id, ct) => await mediator.Send(new GetTaskQuery(id), ct))
            .ProducesNotFound();

        tasks.MapPost("/{taskId:guid}/attempts", async (Guid taskId, RecordAttemptCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var recorded = await mediator.Send(command with { TaskId = taskId }, ct);
                return TypedResults.Created(recorded.Location, recorded.Attempt);
            })
            .WithName("RecordTaskAttempt")
            .WithSummary("Records a try at reaching the victim: unreachable (the next try is scheduled Tasks:RetryAfter later; the third escalates "
                + "the task, once) or left_message. Never refused for when or how: a try outside the safe-contact windows (Europe/Brussels) is flagged "
                + "outsideWindow, a message left where the preferences forbid it againstPreferences. By the agency working on the task. Access-logged.")
            .WithIdempotencyKey(async (mediator, http, id, ct) =>
                await mediator.Send(new GetTaskAttemptQuery(Guid.Parse((string)http.GetRouteValue("taskId")!), id), ct))
            .ProducesNotFound();

        tasks.MapGet("/{taskId:guid}/attempts/{attemptId:guid}", async (Guid taskId, Guid attemptId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTaskAttemptQuery(taskId, attemptId), ct)))
            .WithName("GetTaskAttempt")
            .WithSummary("Gets one attempt of a task, for those who see the task (404 for anyone else). Access-logged.")
            .ProducesNotFound();

        return api;
    }
}

/// <summary>Query of <c>GET /tasks</c>.</summary>
public sealed class ListTasksParameters
{
    /// <summary><c>open</c>, <c>overdue</c> (past due, not completed), <c>completed</c> or <c>cancelled</c>; all when absent.</summary>
    [FromQuery(Name = "status")]
    [EnumString(typeof(CaseTaskStatus))]
    public string? Status { get; init; }

    /// <summary><c>agency</c> (the default: every task of the caller's agency) or <c>me</c> (those naming the caller).</summary>
    [FromQuery(Name = "assigned")]
    [EnumString(typeof(TaskAssignment))]
    public string? Assigned { get; init; }

    /// <summary>Page size, 1 to 200 (50 by default).</summary>
    [FromQuery(Name = "limit")]
    [Range(1, Common.Paging.Cursor.MaxLimit)]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [FromQuery(Name = "cursor")]
    [MaxLength(Common.Paging.Cursor.MaxLength)]
    public string? Cursor { get; init; }
}
