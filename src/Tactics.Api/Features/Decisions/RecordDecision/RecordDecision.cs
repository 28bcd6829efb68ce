using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Board;
using Tactics.Api.Domain.Decisions;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;
using ValidationException = FluentValidation.ValidationException;

namespace Tactics.Api.Features.Decisions.RecordDecision;

/// <summary>Records the parquet's decision on a PV of the case, or on a 458bis disclosure addressed to it; parquet only.</summary>
/// <param name="IncidentId">The family-dispute or complaint PV decided (or disclosureId).</param>
/// <param name="DisclosureId">The 458bis disclosure decided (or incidentId).</param>
/// <param name="Decision">dismissed, follow_up, hearing, investigation or alternative_measure.</param>
/// <param name="HearingAt">Required for a hearing (and only there): when.</param>
/// <param name="Measures">The measures it orders: contact, no_contact (with from and until: creates the protective measure), seizure.</param>
/// <param name="Note">What the parquet notes.</param>
public sealed record RecordDecisionCommand(
    Guid? IncidentId,
    Guid? DisclosureId,
    [property: Required] DecisionOutcome? Decision,
    DateTimeOffset? HearingAt,
    [property: MaxLength(ParquetDecision.MaxMeasures)] IReadOnlyList<OrderedMeasureInput>? Measures,
    [property: MaxLength(ParquetDecision.MaxNoteLength)] string? Note) : ICommand<DecisionRecorded>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>A measure the decision orders.</summary>
/// <param name="Kind">contact, no_contact or seizure.</param>
/// <param name="From">From when (UTC); required for no_contact.</param>
/// <param name="Until">Until when (UTC), after from; required for no_contact.</param>
public sealed record OrderedMeasureInput([property: Required] OrderedMeasureKind? Kind, DateTimeOffset? From, DateTimeOffset? Until);

/// <summary>The recorded decision and the case's new ETag.</summary>
public sealed record DecisionRecorded(DecisionResponse Decision, string ETag) : ICreatedResource
{
    public Guid ResourceId => Decision.Id;
    public string Location => CaseRoutes.Decision(Decision.CaseId, Decision.Id);
}

public sealed class RecordDecisionValidator : AbstractValidator<RecordDecisionCommand>
{

    public RecordDecisionValidator(TimeProvider time)
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.IncidentId).NotNull().WithMessage("A decision names the PV it decides (incidentId) or the disclosure (disclosureId).")
            .When(c => c.DisclosureId is null);
        RuleFor(c => c.DisclosureId).Null().WithMessage("A decision names a PV or a disclosure, not both.").When(c => c.IncidentId is not null);
        RuleFor(c => c.IncidentId).NotEqual(Guid.Empty).When(c => c.IncidentId is not null);
        RuleFor(c => c.DisclosureId).NotEqual(Guid.Empty).When(c => c.DisclosureId is not null);
        RuleFor(c => c.Decision).NotNull().IsInEnum();
        RuleFor(c => c.HearingAt).NotNull().WithMessage("A hearing says when: hearingAt.")
            .DateFrom1900ToHorizon(time)
            .When(c => c.Decision == DecisionOutcome.Hearing);
        RuleFor(c => c.HearingAt).Null().WithMessage("Only a hearing has hearingAt.").When(c => c.Decision is not null and not DecisionOutcome.Hearing);
        RuleFor(c => c.Measures!.Count).LessThanOrEqualTo(ParquetDecision.MaxMeasures).OverridePropertyName("measures").When(c => c.Measures is not null);
        RuleForEach(c => c.Measures).NotNull().ChildRules(measure =>
        {
            measure.RuleFor(m => m.Kind).NotNull().IsInEnum();
            measure.RuleFor(m => m.From).NotNull().WithMessage("A no_contact order says from when: from.").When(m => m.Kind == OrderedMeasureKind.NoContact);
            measure.RuleFor(m => m.Until).NotNull().WithMessage("A no_contact order says until when: until.").When(m => m.Kind == OrderedMeasureKind.NoContact);
            measure.RuleFor(m => m.From).DateFrom1900ToHorizon(time).When(m => m.From is not null);
            measure.RuleFor(m => m.Until).Must((m, until) => m.From is null || until > m.From).WithMessage("A measure ends after it starts: until must follow from.")
                .WithinHorizon(time).When(m => m.Until is not null);
        });
        RuleFor(c => c.Note).MaximumLength(ParquetDecision.MaxNoteLength);
    }
}

/// <summary>
/// The parquet decides one board item of the case: the decision clears it, a no_contact order creates its protective measure
/// (measure.imposed), and a decision on a PV raises decision.recorded for the police of the PV's zone. A decision on a disclosure
/// is the addressed parquet's alone and raises none. 400 naming the field for a PV or disclosure not awaiting this caller's
/// decision on this case; 409 when it is already decided.
/// </summary>
public sealed class RecordDecisionHandler(ICaseAccess access, TacticsDbContext db, ICurrentUser user, TimeProvider time)
    : ICommandHandler<RecordDecisionCommand, DecisionRecorded>
{
    public async ValueTask<DecisionRecorded> Handle(RecordDecisionCommand command, CancellationToken cancellationToken)
    {
        var measures = command.Measures ?? [];
        CaseAction[] actions = measures.Any(m => m.Kind == OrderedMeasureKind.NoContact)
            ? [CaseAction.RecordDecision, CaseAction.ImposeMeasure]
            : [CaseAction.RecordDecision];
        var @case = await access.WriteAsync(command.CaseId, actions, command.IfMatch, ifMatchRequired: false, cancellationToken);
        @case.EnsureOpen();

        var item = await ItemAsync(command, @case.Id, cancellationToken);
        var now = time.UtcNowStored();
        var imposed = new List<ProtectiveMeasure>();
        var ordered = new List<OrderedMeasure>();
        foreach (var measure in measures)
        {
            Guid? measureId = null;
            if (measure.Kind == OrderedMeasureKind.NoContact)
            {
                var protective = new ProtectiveMeasure(Guid.NewGuid(), @case.Id, MeasureKind.NoContact, measure.From!.Value.TruncateToStored(),
                    measure.Until!.Value.TruncateToStored(), user.AgencyCode, null, user.AgencyCode, now);
                imposed.Add(protective);
                measureId = protective.Id;
            }
            ordered.Add(new OrderedMeasure(measure.Kind!.Value, measure.From?.TruncateToStored(), measure.Until?.TruncateToStored(), measureId));
        }
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        var decision = new ParquetDecision(@case.Id, item.Id, item.IncidentId, item.DisclosureId, item.ParquetAgency, command.Decision!.Value,
            command.HearingAt?.TruncateToStored(), ordered, note, user.AgencyCode, user.UserId, now);
        db.Decisions.Add(decision);
        @case.RecordDecision(decision, item, imposed, await PoliceOfZoneAsync(item.PoliceZone, cancellationToken), user.AgencyCode, now);

        var response = DecisionResponse.For(decision, access.Caller, access.VisibilityOf(@case.Core))
            ?? throw new InvalidOperationException("The parquet that decides reads its decision.");
        return new DecisionRecorded(response, (await access.StampAsync(@case, cancellationToken)).ETag);
    }

    /// <summary>The board item the decision clears, locked: a PV of this case, or a disclosure of it addressed to the caller.</summary>
    private async Task<BoardItem> ItemAsync(RecordDecisionCommand command, Guid caseId, CancellationToken cancellationToken)
    {
        if (command.IncidentId is { } incidentId)
        {
            return await db.BoardItems.FromSql($"SELECT * FROM board_items WHERE case_id = {caseId} AND incident_id = {incidentId} FOR UPDATE")
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new ValidationException([new ValidationFailure("incidentId", "Must be a family-dispute or complaint PV of this case.")]);
        }
        var disclosureId = command.DisclosureId!.Value;
        var item = await db.BoardItems.FromSql($"SELECT * FROM board_items WHERE case_id = {caseId} AND disclosure_id = {disclosureId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        // Another parquet's disclosure is as unknown to the caller as one that does not exist.
        return item is not null && item.ParquetAgency == user.AgencyCode
            ? item
            : throw new ValidationException([new ValidationFailure("disclosureId", "Must be a 458bis disclosure of this case addressed to the caller's parquet.")]);
    }

    /// <summary>The police agency of the PV's zone: the addressee of decision.recorded (none for a disclosure).</summary>
    private async Task<List<string>> PoliceOfZoneAsync(string? zone, CancellationToken cancellationToken) =>
        zone is null ? [] : await db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKind.Police && a.PoliceZone == zone)
            .OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(cancellationToken);
}
