using System.ComponentModel.DataAnnotations;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Features.Cases;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Custody;

/// <summary>Turns a custody event (category <c>judicial</c>) into its response.</summary>
public static class CustodyView
{
    /// <summary>A custody event is judicial through and through (even that one exists): null when the caller may not see <c>judicial</c>.</summary>
    public static CustodyEventResponse? Render(CustodyEvent custody, Guid? informVictimTaskId, CaseVisibility visibility) =>
        !visibility.Sees(DataCategory.Judicial) ? null : new CustodyEventResponse(
            custody.Id, custody.CaseId, custody.Kind, custody.OccurredAt, custody.ScheduledFor, custody.From, custody.Until,
            custody.Conditions is { } conditions
                ? new ReleaseConditionsResponse(conditions.NoContact, conditions.NoApproachToVictimAddress, conditions.PerimeterMeters, conditions.Until)
                : null,
            custody.RecordedBy, custody.RecordedAt, informVictimTaskId, visibility.Withheld);
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
