using System.ComponentModel.DataAnnotations;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Features.Cases;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Incidents;

/// <summary>Turns an incident into its response, section by section as far as the caller's <see cref="CaseVisibility"/> lets it see.</summary>
public static class IncidentView
{
    public static IncidentResponse Render(Incident incident, CaseVisibility visibility)
    {
        // core: that a record exists, what kind, where and when.
        var response = new IncidentResponse(incident.Id, incident.CaseId, incident.Kind, incident.PvNumber, incident.PoliceZone,
            incident.OccurredAt, incident.ReportedAt, incident.FollowsIncidentId, incident.ViolenceType, incident.RecordedBy, incident.RecordedAt,
            Facts: null, ImmediateMeasure: null, Orientation: null, InjuredPartyDeclaration: null, AccompaniedBy: null,
            Children: null, Risk: null, visibility.Withheld);

        // facts: the narrative, the measure taken at the scene, the orientation and the complaint's formalities.
        if (visibility.Sees(DataCategory.Facts))
        {
            response = response with
            {
                Facts = incident.Facts,
                ImmediateMeasure = incident.ImmediateMeasure is { } measure ? new ImmediateMeasureSection(measure, incident.ImmediateMeasureDetails) : null,
                Orientation = incident.Orientation,
                InjuredPartyDeclaration = incident.InjuredPartyDeclaration,
                AccompaniedBy = incident.AccompaniedBy,
            };
        }

        // children
        if (visibility.Sees(DataCategory.Children))
        {
            response = response with { Children = new IncidentChildrenSection(incident.ChildrenPresent, incident.ChildrenImpact) };
        }

        // risk
        if (visibility.Sees(DataCategory.Risk))
        {
            response = response with { Risk = new IncidentRiskSection(incident.Weapons, incident.Threats, incident.RiskHistory) };
        }
        return response;
    }
}

/// <summary>An incident (PV or sensitive-matter record) on a case, section by section.</summary>
/// <param name="Id">The incident id.</param>
/// <param name="CaseId">The case it belongs to.</param>
/// <param name="Kind">Family-dispute report, complaint or sensitive-matter record.</param>
/// <param name="PvNumber">The PV number; absent for a sensitive-matter record.</param>
/// <param name="PoliceZone">The police zone number, e.g. <c>5344</c>.</param>
/// <param name="OccurredAt">When the facts occurred (UTC).</param>
/// <param name="ReportedAt">When they were reported (UTC).</param>
/// <param name="FollowsIncidentId">For a complaint: the family-dispute report of the same case it follows.</param>
/// <param name="ViolenceType">The classification, when given: intrafamily (VIF) or partner (VC).</param>
/// <param name="RecordedBy">The code of the police zone agency that recorded it.</param>
/// <param name="RecordedAt">When it was recorded here (UTC).</param>
/// <param name="Facts">Section facts: context, words, gestures (category <c>facts</c>).</param>
/// <param name="ImmediateMeasure">Section immediate measure (category <c>facts</c>).</param>
/// <param name="Orientation">Section orientation (category <c>facts</c>).</param>
/// <param name="InjuredPartyDeclaration">For a complaint: whether the injured-party declaration was filed and explained (category <c>facts</c>).</param>
/// <param name="AccompaniedBy">For a complaint: who accompanied the victim (category <c>facts</c>).</param>
/// <param name="Children">Section children: presence and impact (category <c>children</c>).</param>
/// <param name="Risk">Section risk: weapons, threats, history (category <c>risk</c>).</param>
/// <param name="Withheld">The categories withheld from the caller, and why.</param>
public sealed record IncidentResponse(
    [property: Category(DataCategory.Core)] Guid Id,
    [property: Category(DataCategory.Core)] Guid CaseId,
    [property: Category(DataCategory.Core)] IncidentKind Kind,
    [property: Category(DataCategory.Core), MaxLength(40)] string? PvNumber,
    [property: Category(DataCategory.Core), MaxLength(8)] string PoliceZone,
    [property: Category(DataCategory.Core)] DateTimeOffset OccurredAt,
    [property: Category(DataCategory.Core)] DateTimeOffset ReportedAt,
    [property: Category(DataCategory.Core)] Guid? FollowsIncidentId,
    [property: Category(DataCategory.Core)] ViolenceType? ViolenceType,
    [property: Category(DataCategory.Core), MaxLength(64)] string RecordedBy,
    [property: Category(DataCategory.Core)] DateTimeOffset RecordedAt,
    [property: Category(DataCategory.Facts), MaxLength(10000)] string? Facts,
    [property: Category(DataCategory.Facts)] ImmediateMeasureSection? ImmediateMeasure,
    [property: Category(DataCategory.Facts), MaxLength(8)] IReadOnlyList<Orientation>? Orientation,
    [property: Category(DataCategory.Facts)] InjuredPartyDeclaration? InjuredPartyDeclaration,
    [property: Category(DataCategory.Facts)] Accompaniment? AccompaniedBy,
    [property: Category(DataCategory.Children)] IncidentChildrenSection? Children,
    [property: Category(DataCategory.Risk)] IncidentRiskSection? Risk,
    [property: Category(DataCategory.Core), MaxLength(CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld);

/// <summary>The children section of a family-dispute report.</summary>
/// <param name="Present">Whether children were present.</param>
/// <param name="Impact">The impact on them, as observed.</param>
public sealed record IncidentChildrenSection([property: Category(DataCategory.Children)] bool? Present, [property: Category(DataCategory.Children), MaxLength(2000)] string? Impact);

/// <summary>The risk section of a family-dispute report.</summary>
/// <param name="Weapons">Whether weapons were involved or available.</param>
/// <param name="Threats">Whether threats were made.</param>
/// <param name="History">Earlier incidents, calls or complaints.</param>
public sealed record IncidentRiskSection([property: Category(DataCategory.Risk)] bool? Weapons, [property: Category(DataCategory.Risk)] bool? Threats, [property: Category(DataCategory.Risk), MaxLength(2000)] string? History);

/// <summary>The immediate measure taken.</summary>
/// <param name="Kind">What was done.</param>
/// <param name="Details">How, where, until when.</param>
public sealed record ImmediateMeasureSection([property: Category(DataCategory.Facts)] ImmediateMeasureKind Kind, [property: Category(DataCategory.Facts), MaxLength(2000)] string? Details);
