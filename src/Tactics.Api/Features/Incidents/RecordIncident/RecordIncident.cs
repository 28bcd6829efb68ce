using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using ValidationException = FluentValidation.ValidationException;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Households;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Incidents.RecordIncident;

/// <summary>Records a PV (family-dispute report or complaint) or a sensitive-matter record on a case; police only.</summary>
/// <param name="Kind">family_dispute_report, complaint or sensitive_matter_record.</param>
/// <param name="PvNumber">The PV number, unique in the police zone; required for a PV, refused for a sensitive-matter record.</param>
/// <param name="PoliceZone">The recording police zone's number, e.g. <c>5344</c> (the caller's own zone).</param>
/// <param name="OccurredAt">When the facts occurred (UTC); not in the future.</param>
/// <param name="ReportedAt">When they were reported (UTC); not before they occurred, not in the future.</param>
/// <param name="Facts">Section facts: context, words, gestures, in the words used, without judgement.</param>
/// <param name="Children">Section children: presence and impact.</param>
/// <param name="Risk">Section risk: weapons, threats, history.</param>
/// <param name="ImmediateMeasure">Section immediate measure.</param>
/// <param name="Orientation">Section orientation: where the person was oriented.</param>
/// <param name="InjuredPartyDeclaration">Complaint only (and required there): whether the injured-party declaration was filed and explained.</param>
/// <param name="AccompaniedBy">Complaint only (and required there): who accompanied the victim.</param>
/// <param name="FollowsIncidentId">Complaint only: the family-dispute report of this case it follows.</param>
/// <param name="ViolenceType">The classification, if known: intrafamily (VIF) or partner (VC).</param>
public sealed record RecordIncidentCommand(
    [property: Required] IncidentKind? Kind,
    [property: MaxLength(RecordIncidentValidator.PvNumberMaxLength)] string? PvNumber,
    [property: MaxLength(4), RegularExpression("^[0-9]{4}$")] string PoliceZone,
    [property: Required] DateTimeOffset? OccurredAt,
    [property: Required] DateTimeOffset? ReportedAt,
    [property: MaxLength(10000)] string Facts,
    IncidentChildrenSection? Children,
    IncidentRiskSection? Risk,
    ImmediateMeasureSection? ImmediateMeasure,
    [property: MaxLength(8)] IReadOnlyList<Orientation>? Orientation,
    InjuredPartyDeclaration? InjuredPartyDeclaration,
    Accompaniment? AccompaniedBy,
    Guid? FollowsIncidentId,
    ViolenceType? ViolenceType = null) : ICommand<IncidentRecorded>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>The recorded incident and the case's new ETag.</summary>
public sealed record IncidentRecorded(IncidentResponse Incident, string ETag) : ICreatedResource
{
    public Guid ResourceId => Incident.Id;
    public string Location => CaseRoutes.Incident(Incident.CaseId, Incident.Id);
}

public sealed class RecordIncidentValidator : AbstractValidator<RecordIncidentCommand>
{
    public const int PvNumberMaxLength = 40;
    // Allow for a client clock a little ahead of ours.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public RecordIncidentValidator(TimeProvider time)
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Kind).NotNull().IsInEnum();
        RuleFor(c => c.PvNumber).NotEmpty().MaximumLength(PvNumberMaxLength)
            .Matches("^[A-Za-z0-9][A-Za-z0-9./-]*$").WithMessage("Must be a PV number: letters, digits, dots, slashes and dashes, e.g. BR.55.L7.012345/2026.")
            .When(c => c.Kind is IncidentKind.FamilyDisputeReport or IncidentKind.Complaint);
        RuleFor(c => c.PvNumber).Null().When(c => c.Kind == IncidentKind.SensitiveMatterRecord)
            .WithMessage("A sensitive-matter record is not a PV: send no pvNumber.");
        RuleFor(c => c.PoliceZone).NotEmpty().Matches("^[0-9]{4}$").WithMessage("Must be a police zone number: four digits, e.g. 5344.");
        RuleFor(c => c.OccurredAt).NotNull()
            .Must(at => at <= time.GetUtcNow() + ClockSkew).WithMessage("Must not be in the future.")
            .Must(at => at >= Earliest).WithMessage("Must be a date from 1900 on.");
        RuleFor(c => c.ReportedAt).NotNull()
            .Must(at => at <= time.GetUtcNow() + ClockSkew).WithMessage("Must not be in the future.")
            .Must(at => at >= Earliest).WithMessage("Must be a date from 1900 on.")
            .Must((c, at) => c.OccurredAt is null || at >= c.OccurredAt).WithMessage("An incident is not reported before it occurred: reportedAt must not precede occurredAt.");
        RuleFor(c => c.Facts).NotEmpty().MaximumLength(10000);
        RuleFor(c => c.Children!.Impact).MaximumLength(2000).When(c => c.Children is not null);
        RuleFor(c => c.Risk!.History).MaximumLength(2000).When(c => c.Risk is not null);
        RuleFor(c => c.ImmediateMeasure!.Kind).IsInEnum().When(c => c.ImmediateMeasure is not null);
        RuleFor(c => c.ImmediateMeasure!.Details).MaximumLength(2000).When(c => c.ImmediateMeasure is not null);
        RuleFor(c => c.Orientation).Must(o => o is null || o.Count <= 8).WithMessage("At most 8 orientations.");
        RuleForEach(c => c.Orientation).IsInEnum();
        RuleFor(c => c.InjuredPartyDeclaration).NotNull().IsInEnum().When(c => c.Kind == IncidentKind.Complaint)
            .WithMessage("A complaint records whether the injured-party declaration was filed and explained.");
        RuleFor(c => c.AccompaniedBy).NotNull().IsInEnum().When(c => c.Kind == IncidentKind.Complaint)
            .WithMessage("A complaint records who accompanied the victim (none if nobody).");
        RuleFor(c => c.InjuredPartyDeclaration).Null().When(c => c.Kind != IncidentKind.Complaint).WithMessage("Only a complaint records this.");
        RuleFor(c => c.AccompaniedBy).Null().When(c => c.Kind != IncidentKind.Complaint).WithMessage("Only a complaint records this.");
        RuleFor(c => c.ViolenceType).IsInEnum();
        RuleFor(c => c.FollowsIncidentId).Null().When(c => c.Kind != IncidentKind.Complaint).WithMessage("Only a complaint follows an earlier report.");
    }
}

public sealed class RecordIncidentHandler(TacticsDbContext db, ICaseAccess access, ICurrentUser user, HouseholdMatcher households,
    Board.BoardIntake board, TimeProvider time, Tasks.FollowUp.FollowUpTasks followUp)
    : ICommandHandler<RecordIncidentCommand, IncidentRecorded>
{
    public async ValueTask<IncidentRecorded> Handle(RecordIncidentCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.RecordIncident], command.IfMatch, ifMatchRequired: false, cancellationToken);
        @case.EnsureOpen();

        var ownZone = await db.Agencies.Where(a => a.Code == user.AgencyCode).Select(a => a.PoliceZone).SingleAsync(cancellationToken);
        if (command.PoliceZone != ownZone)
        {
            throw new ValidationException([new ValidationFailure("policeZone", "A police zone records incidents in its own zone only.")]);
        }
        var pvNumber = command.PvNumber?.ToUpperInvariant();
        if (pvNumber is not null && await db.Incidents.AnyAsync(i => i.PoliceZone == command.PoliceZone && i.PvNumber == pvNumber, cancellationToken))
        {
            throw Incident.PvNumberTaken();
        }
        if (command.FollowsIncidentId is { } followed
            && !await db.Incidents.AnyAsync(i => i.Id == followed && i.CaseId == @case.Id && i.Kind == IncidentKind.FamilyDisputeReport, cancellationToken))
        {
            throw new ValidationException([new ValidationFailure("followsIncidentId", "Must be a family-dispute report of this case.")]);
        }

        var now = time.UtcNowStored();
        var sections = new IncidentSections(
            command.Facts.Trim(),
            command.Children?.Present,
            Trimmed(command.Children?.Impact),
            command.Risk?.Weapons,
            command.Risk?.Threats,
            Trimmed(command.Risk?.History),
            command.ImmediateMeasure?.Kind,
            Trimmed(command.ImmediateMeasure?.Details),
            command.Orientation ?? []);
        var complaint = command.Kind == IncidentKind.Complaint
            ? new ComplaintDetails(command.InjuredPartyDeclaration!.Value, command.AccompaniedBy!.Value)
            : null;
        var recorded = new Incident(@case.Id, command.Kind!.Value, pvNumber, command.PoliceZone, command.OccurredAt!.Value, command.ReportedAt!.Value,
            sections, complaint, command.FollowsIncidentId, user.AgencyCode, now, command.ViolenceType);
        // Act 5: the zone gains territory only where it already sees facts by legal mission (or owns the case).
        if (!CaseActions.IncidentGivesTerritory(access.Caller, @case.OwnerAgency, access.VisibilityOf(@case.Core))) recorded.WithoutTerritory();
        var incident = @case.RecordIncident(recorded, user.AgencyCode, now);
        // A PV awaits the parquet's decision on the board.
        board.Incident(incident);
        await followUp.IncidentRecordedAsync(@case, incident, user.AgencyCode, now, cancellationToken);
        await households.MatchAsync(@case, cancellationToken);

        return new IncidentRecorded(IncidentView.Render(incident, access.VisibilityOf(@case.Core)), (await access.StampAsync(@case, cancellationToken)).ETag);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
