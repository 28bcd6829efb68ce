using System.ComponentModel.DataAnnotations;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Cases;

/// <summary>Custody events (category <c>judicial</c>) and protective measures (category <c>measures</c>).</summary>
public sealed partial class CaseView
{
    /// <summary>A custody event is judicial through and through (even that one exists): null when the caller may not see <c>judicial</c>.</summary>
    public CustodyEventResponse? CustodyEvent(CustodyEvent custody, Guid? informVictimTaskId, CaseVisibility visibility) =>
        !visibility.Sees(DataCategory.Judicial) ? null : new CustodyEventResponse(
            custody.Id, custody.CaseId, custody.Kind, custody.OccurredAt, custody.ScheduledFor, custody.From, custody.Until,
            custody.Conditions is { } conditions
                ? new ReleaseConditionsResponse(conditions.NoContact, conditions.NoApproachToVictimAddress, conditions.PerimeterMeters, conditions.Until)
                : null,
            custody.RecordedBy, custody.RecordedAt, informVictimTaskId, visibility.Withheld);

    /// <summary>A protective measure, likewise all of category <c>measures</c>; its status is as of <paramref name="now"/>.</summary>
    public MeasureResponse? Measure(ProtectiveMeasure measure, DateTimeOffset now, CaseVisibility visibility) =>
        !visibility.Sees(DataCategory.Measures) ? null : new MeasureResponse(
            measure.Id, measure.CaseId, measure.Kind, measure.StatusAt(now), measure.From, measure.Until, measure.OrderedBy, measure.Details,
            measure.ImposedBy, measure.ImposedAt,
            measure.LiftedAt is { } liftedAt ? new MeasureLiftingResponse(liftedAt, measure.LiftedByAgency!, measure.LiftReason!) : null,
            visibility.Withheld);

    /// <summary>A page of items that exist only in one category: empty (with the category withheld) when the caller may not see it.</summary>
    public CaseDataPage<T> Page<T>(CursorPage<T?> page, DataCategory category, CaseVisibility visibility) where T : class =>
        visibility.Sees(category)
            ? new CaseDataPage<T>([.. page.Items.OfType<T>()], page.NextCursor, visibility.Withheld)
            : new CaseDataPage<T>([], null, visibility.Withheld);
}

/// <summary>A custody event of the author (category <c>judicial</c>).</summary>
/// <param name="Id">The custody event id.</param>
/// <param name="CaseId">The case.</param>
/// <param name="Kind">detained, release_scheduled, released or leave_granted.</param>
/// <param name="OccurredAt">When it happened (for a scheduled release: when it was decided).</param>
/// <param name="ScheduledFor">A scheduled release: when the author will be released.</param>
/// <param name="From">A leave: its start.</param>
/// <param name="Until">A leave: its end.</param>
/// <param name="Conditions">The conditions of a release or a leave.</param>
/// <param name="RecordedBy">The code of the agency that recorded it.</param>
/// <param name="RecordedAt">When it was recorded here (UTC).</param>
/// <param name="InformVictimTaskId">For a release: the task of informing the victim it created (<c>GET /tasks/{id}</c>, for the agencies concerned).</param>
/// <param name="Withheld">The categories withheld from the caller, and why.</param>
public sealed record CustodyEventResponse(
    [property: Category(DataCategory.Judicial)] Guid Id,
    [property: Category(DataCategory.Judicial)] Guid CaseId,
    [property: Category(DataCategory.Judicial)] CustodyEventKind Kind,
    [property: Category(DataCategory.Judicial)] DateTimeOffset OccurredAt,
    [property: Category(DataCategory.Judicial)] DateTimeOffset? ScheduledFor,
    [property: Category(DataCategory.Judicial)] DateTimeOffset? From,
    [property: Category(DataCategory.Judicial)] DateTimeOffset? Until,
    [property: Category(DataCategory.Judicial)] ReleaseConditionsResponse? Conditions,
    [property: Category(DataCategory.Judicial), MaxLength(64)] string RecordedBy,
    [property: Category(DataCategory.Judicial)] DateTimeOffset RecordedAt,
    [property: Category(DataCategory.Judicial)] Guid? InformVictimTaskId,
    [property: Category(DataCategory.Core), MaxLength(CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld);

/// <summary>The conditions of a release or a leave.</summary>
/// <param name="NoContact">No contact with the victim.</param>
/// <param name="NoApproachToVictimAddress">No approach to the victim's address.</param>
/// <param name="PerimeterMeters">The perimeter around the victim's address the author must keep out of, in metres.</param>
/// <param name="Until">When the conditions end.</param>
public sealed record ReleaseConditionsResponse(
    [property: Category(DataCategory.Judicial)] bool NoContact,
    [property: Category(DataCategory.Judicial)] bool NoApproachToVictimAddress,
    [property: Category(DataCategory.Judicial), Range(1, 100_000)] int? PerimeterMeters,
    [property: Category(DataCategory.Judicial)] DateTimeOffset? Until);

/// <summary>A protective measure (category <c>measures</c>).</summary>
/// <param name="Id">The measure id.</param>
/// <param name="CaseId">The case.</param>
/// <param name="Kind">itr, no_contact, no_approach, alarm_button or shelter.</param>
/// <param name="Status">scheduled (from is ahead), active, expired (until passed) or lifted.</param>
/// <param name="From">When it starts.</param>
/// <param name="Until">When it ends by itself; absent when it lasts until lifted.</param>
/// <param name="OrderedBy">The code of the agency that ordered it.</param>
/// <param name="Details">What it says, in a few words.</param>
/// <param name="ImposedBy">The code of the agency that recorded it.</param>
/// <param name="ImposedAt">When it was recorded (UTC).</param>
/// <param name="Lifting">When, by which agency and why it was lifted; absent until then.</param>
/// <param name="Withheld">The categories withheld from the caller, and why.</param>
public sealed record MeasureResponse(
    [property: Category(DataCategory.Measures)] Guid Id,
    [property: Category(DataCategory.Measures)] Guid CaseId,
    [property: Category(DataCategory.Measures)] MeasureKind Kind,
    [property: Category(DataCategory.Measures)] MeasureStatus Status,
    [property: Category(DataCategory.Measures)] DateTimeOffset From,
    [property: Category(DataCategory.Measures)] DateTimeOffset? Until,
    [property: Category(DataCategory.Measures), MaxLength(64)] string OrderedBy,
    [property: Category(DataCategory.Measures), MaxLength(ProtectiveMeasure.MaxDetailsLength)] string? Details,
    [property: Category(DataCategory.Measures), MaxLength(64)] string ImposedBy,
    [property: Category(DataCategory.Measures)] DateTimeOffset ImposedAt,
    [property: Category(DataCategory.Measures)] MeasureLiftingResponse? Lifting,
    [property: Category(DataCategory.Core), MaxLength(CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld);

/// <summary>The lifting of a measure.</summary>
/// <param name="LiftedAt">When (UTC).</param>
/// <param name="LiftedBy">The code of the agency that lifted it.</param>
/// <param name="Reason">Why.</param>
public sealed record MeasureLiftingResponse(
    [property: Category(DataCategory.Measures)] DateTimeOffset LiftedAt,
    [property: Category(DataCategory.Measures), MaxLength(64)] string LiftedBy,
    [property: Category(DataCategory.Measures), MaxLength(ProtectiveMeasure.MaxReasonLength)] string Reason);
