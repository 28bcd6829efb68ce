using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Notifications.Recipients;
using Tactics.Api.Features.Tasks;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Custody.RecordCustodyEvent;

/// <summary>Records a custody event of the author; parquet or justice house only.</summary>
/// <param name="Kind">detained, release_scheduled, released or leave_granted.</param>
/// <param name="OccurredAt">When it happened (UTC); not in the future. Defaults to now. For a scheduled release: when it was decided.</param>
/// <param name="ScheduledFor">release_scheduled only (and required there): when the author will be released; in the future.</param>
/// <param name="From">leave_granted only (and required there): when the leave starts.</param>
/// <param name="Until">leave_granted only (and required there): when the leave ends; after from.</param>
/// <param name="Conditions">The conditions of a release, scheduled release or leave.</param>
public sealed record RecordCustodyEventCommand(
    [property: Required] CustodyEventKind? Kind,
    DateTimeOffset? OccurredAt,
    DateTimeOffset? ScheduledFor,
    DateTimeOffset? From,
    DateTimeOffset? Until,
    ReleaseConditionsInput? Conditions) : ICommand<CustodyEventRecorded>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>The conditions of a release or a leave.</summary>
/// <param name="NoContact">No contact with the victim.</param>
/// <param name="NoApproachToVictimAddress">No approach to the victim's address.</param>
/// <param name="PerimeterMeters">The perimeter around the victim's address to keep out of, in metres (1 to 100000).</param>
/// <param name="Until">When the conditions end; after the event occurred.</param>
public sealed record ReleaseConditionsInput(
    bool? NoContact,
    bool? NoApproachToVictimAddress,
    [property: Range(1, RecordCustodyEventValidator.MaxPerimeterMeters)] int? PerimeterMeters,
    DateTimeOffset? Until);

/// <summary>The recorded custody event and the case's new ETag.</summary>
public sealed record CustodyEventRecorded(CustodyEventResponse Custody, string ETag) : ICreatedResource
{
    public Guid ResourceId => Custody.Id;
    public string Location => CaseRoutes.CustodyEvent(Custody.CaseId, Custody.Id);
}

public sealed class RecordCustodyEventValidator : AbstractValidator<RecordCustodyEventCommand>
{
    public const int MaxPerimeterMeters = 100_000;
    // Allow for a client clock a little ahead of ours.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public RecordCustodyEventValidator(TimeProvider time)
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Kind).NotNull().IsInEnum();
        RuleFor(c => c.OccurredAt)
            .Must(at => at <= time.GetUtcNow() + ClockSkew).WithMessage("Must not be in the future.")
            .DateFrom1900()
            .When(c => c.OccurredAt is not null);

        RuleFor(c => c.ScheduledFor).NotNull().WithMessage("A scheduled release says when: scheduledFor.")
            .Must(at => at > time.GetUtcNow()).WithMessage("A scheduled release is in the future.")
            .WithinHorizon(time)
            .When(c => c.Kind == CustodyEventKind.ReleaseScheduled);
        RuleFor(c => c.ScheduledFor).Null().WithMessage("Only a scheduled release has scheduledFor.")
            .When(c => c.Kind is not null and not CustodyEventKind.ReleaseScheduled);

        RuleFor(c => c.From).NotNull().WithMessage("A leave says from when: from.")
            .DateFrom1900ToHorizon(time)
            .When(c => c.Kind == CustodyEventKind.LeaveGranted);
        RuleFor(c => c.Until).NotNull().WithMessage("A leave says until when: until.")
            .WithinHorizon(time)
            .Must((c, until) => c.From is null || until > c.From).WithMessage("A leave ends after it starts: until must follow from.")
            .When(c => c.Kind == CustodyEventKind.LeaveGranted);
        RuleFor(c => c.From).Null().WithMessage("Only a leave has from.").When(c => c.Kind is not null and not CustodyEventKind.LeaveGranted);
        RuleFor(c => c.Until).Null().WithMessage("Only a leave has until (the end of release conditions is conditions.until).")
            .When(c => c.Kind is not null and not CustodyEventKind.LeaveGranted);

        RuleFor(c => c.Conditions).Null().WithMessage("Detention comes with no release conditions.").When(c => c.Kind == CustodyEventKind.Detained);
        RuleFor(c => c.Conditions!.PerimeterMeters).InclusiveBetween(1, MaxPerimeterMeters).When(c => c.Conditions is not null);
        RuleFor(c => c.Conditions!.Until)
            .Must((c, until) => until > (c.ScheduledFor ?? c.From ?? c.OccurredAt ?? time.GetUtcNow()))
            .WithMessage("Conditions end after the release (or leave) they come with.")
            .WithinHorizon(time)
            .When(c => c.Conditions?.Until is not null);
    }
}

public sealed class RecordCustodyEventHandler(ICaseAccess access, ICurrentUser user, VictimZones zones,
    IOptionsMonitor<TaskOptions> options, TimeProvider time) : ICommandHandler<RecordCustodyEventCommand, CustodyEventRecorded>
{
    public async ValueTask<CustodyEventRecorded> Handle(RecordCustodyEventCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.RecordCustodyEvent], command.IfMatch, ifMatchRequired: false, cancellationToken);
        @case.EnsureOpen();

        var now = time.UtcNowStored();
        var conditions = command.Conditions is { } c
            ? new ReleaseConditions(c.NoContact ?? false, c.NoApproachToVictimAddress ?? false, c.PerimeterMeters, c.Until?.TruncateToStored())
            : null;
        var custody = new CustodyEvent(Guid.NewGuid(), @case.Id, command.Kind!.Value, command.OccurredAt?.TruncateToStored() ?? now,
            command.ScheduledFor?.TruncateToStored(), command.From?.TruncateToStored(), command.Until?.TruncateToStored(), conditions,
            user.AgencyCode, now);

        // A release, done or scheduled, calls for telling the victim: the SAPV of the zone where the victim lives does it.
        CaseTask? informVictim = null;
        if (custody.CallsForInformingTheVictim)
        {
            var zone = await zones.ForCaseAsync(@case.Id, cancellationToken) ?? throw new InvalidOperationException("The case vanished under its lock.");
            var settings = options.CurrentValue;
            var due = CaseTask.InformVictimDueAt(now, custody.ScheduledFor, settings.InformVictimWithin, settings.InformVictimBeforeRelease);
            informVictim = new CaseTask(Guid.NewGuid(), @case.Id, TaskKind.InformVictim, zone.InformVictimAssignee, zone.EscalationAgency,
                custody.Id, now, due.TruncateToStored());
        }
        @case.RecordCustodyEvent(custody, informVictim, user.AgencyCode, now);

        var response = CustodyView.Render(custody, informVictim?.Id, access.VisibilityOf(@case.Core))
            ?? throw new InvalidOperationException("An agency that records custody events sees them.");
        return new CustodyEventRecorded(response, (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}
