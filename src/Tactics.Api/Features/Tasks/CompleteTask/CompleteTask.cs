using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Tasks.GetTask;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Tasks.CompleteTask;

/// <summary>
/// Completes a task: who told the victim (the caller), when and how. Stops its escalation. A victim not reached is an attempt
/// (<c>POST /tasks/{id}/attempts</c>), not a completion.
/// </summary>
/// <param name="Outcome">reached or declined (final).</param>
/// <param name="How">The channel: phone, in_person, video_call, message, letter or other.</param>
/// <param name="Note">What was said or tried.</param>
/// <param name="ContactedAt">When the victim was contacted (UTC); defaults to now; not in the future.</param>
/// <param name="Checklist">Proactive contact only, and required there when the victim was reached: the roadmap's D+2 checklist.</param>
/// <param name="AppointmentAt">EVA call-back or proactive contact only: the appointment proposed to the victim (UTC).</param>
public sealed record CompleteTaskCommand(
    [property: Required] CompletionOutcome? Outcome,
    [property: Required] ContactMethod? How,
    [property: MaxLength(CaseTask.MaxNoteLength)] string? Note,
    DateTimeOffset? ContactedAt,
    ChecklistInput? Checklist = null,
    DateTimeOffset? AppointmentAt = null) : ICommand<TaskCompleted>
{
    [JsonIgnore] public Guid TaskId { get; init; }
}

/// <summary>The roadmap's D+2 checklist: each point covered or not.</summary>
/// <param name="FrameworkExplained">The procedure and the victim's rights were explained.</param>
/// <param name="HearingPrepared">The hearing was prepared.</param>
/// <param name="HousingChecked">Housing was checked.</param>
/// <param name="IncomeChecked">Income was checked.</param>
public sealed record ChecklistInput(
    [property: Required] bool? FrameworkExplained,
    [property: Required] bool? HearingPrepared,
    [property: Required] bool? HousingChecked,
    [property: Required] bool? IncomeChecked);

/// <summary>The completed task (answered 200).</summary>
public sealed record TaskCompleted(TaskResponse Task) : ICreatedResource
{
    public Guid ResourceId => Task.Id;
    public string Location => CaseRoutes.Task(Task.Id);
    public string? ETag => null;
    public int Status => StatusCodes.Status200OK;
}

public sealed class CompleteTaskValidator : AbstractValidator<CompleteTaskCommand>
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public CompleteTaskValidator(TimeProvider time)
    {
        RuleFor(c => c.TaskId).NotEmpty();
        RuleFor(c => c.Outcome).NotNull().IsInEnum();
        RuleFor(c => c.How).NotNull().IsInEnum();
        RuleFor(c => c.Note).MaximumLength(CaseTask.MaxNoteLength);
        RuleFor(c => c.ContactedAt)
            .Must(at => at <= time.GetUtcNow() + ClockSkew).WithMessage("Must not be in the future.")
            .Must(at => at >= Earliest).WithMessage("Must be a date from 1900 on.")
            .When(c => c.ContactedAt is not null);
        RuleFor(c => c.Checklist!.FrameworkExplained).NotNull().When(c => c.Checklist is not null).OverridePropertyName("checklist.frameworkExplained");
        RuleFor(c => c.Checklist!.HearingPrepared).NotNull().When(c => c.Checklist is not null).OverridePropertyName("checklist.hearingPrepared");
        RuleFor(c => c.Checklist!.HousingChecked).NotNull().When(c => c.Checklist is not null).OverridePropertyName("checklist.housingChecked");
        RuleFor(c => c.Checklist!.IncomeChecked).NotNull().When(c => c.Checklist is not null).OverridePropertyName("checklist.incomeChecked");
        RuleFor(c => c.AppointmentAt)
            .Must(at => at >= Earliest && at <= time.GetUtcNow().AddYears(2)).WithMessage("Must be a date within the next two years.")
            .When(c => c.AppointmentAt is not null);
    }
}

/// <summary>
/// The assignee completes its task, or, once it escalated, the agency it escalated to (both while they see the task's
/// category); the agency whose record raised it reads it but gets 403; anyone else the 404 of a task that does not exist.
/// </summary>
public sealed class CompleteTaskHandler(ICurrentUser user, TimeProvider time, TaskGate gate)
    : ICommandHandler<CompleteTaskCommand, TaskCompleted>
{
    public async ValueTask<TaskCompleted> Handle(CompleteTaskCommand command, CancellationToken cancellationToken)
    {
        // The row lock orders a completion and the deadline monitor's escalation: one of them sees the other's outcome.
        var (row, decision) = await gate.WorkOnAsync(command.TaskId,
            "Only the assignee agency completes the task (or, once it escalated, the agency it escalated to).", cancellationToken);
        var task = row.Task;
        EnsureFitsTheKind(command, task.Kind);
        var now = time.UtcNowStored();
        var contactedAt = command.ContactedAt?.TruncateToStored() ?? now;
        var checklist = command.Checklist is { } c
            ? new ContactChecklist(c.FrameworkExplained!.Value, c.HearingPrepared!.Value, c.HousingChecked!.Value, c.IncomeChecked!.Value)
            : null;
        task.Complete(command.Outcome == CompletionOutcome.Reached ? TaskOutcome.Reached : TaskOutcome.Declined, command.How!.Value,
            string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(), contactedAt > now ? now : contactedAt, user.UserId, user.AgencyCode, now,
            checklist, command.AppointmentAt?.TruncateToStored());
        await gate.LogAsync([(task, decision)], SharingAction.Write, "CompleteTask", cancellationToken);
        return new TaskCompleted((await gate.RenderAsync([(task, decision)], now, cancellationToken)).Single());
    }

    /// <summary>The checklist belongs to a proactive contact (and a reached one records it); an appointment to a contact task.</summary>
    private static void EnsureFitsTheKind(CompleteTaskCommand command, TaskKind kind)
    {
        List<FluentValidation.Results.ValidationFailure> failures = [];
        if (kind == TaskKind.ProactiveContact && command.Outcome == CompletionOutcome.Reached && command.Checklist is null)
        {
            failures.Add(new("checklist", "A proactive contact that reached the victim records the D+2 checklist."));
        }
        if (kind != TaskKind.ProactiveContact && command.Checklist is not null)
        {
            failures.Add(new("checklist", "Only a proactive contact records the D+2 checklist."));
        }
        if (kind == TaskKind.InformVictim && command.AppointmentAt is not null)
        {
            failures.Add(new("appointmentAt", "Only an EVA call-back or a proactive contact records an appointment."));
        }
        if (failures.Count > 0) throw new FluentValidation.ValidationException(failures);
    }
}
