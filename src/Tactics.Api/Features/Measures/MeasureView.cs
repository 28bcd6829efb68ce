using System.ComponentModel.DataAnnotations;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Features.Cases;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Measures;

/// <summary>Turns a protective measure (category <c>measures</c>) into its response.</summary>
public static class MeasureView
{
    /// <summary>A protective measure is all of category <c>measures</c>: null when the caller may not see it; its status is as of <paramref name="now"/>.</summary>
    public static MeasureResponse? Render(ProtectiveMeasure measure, DateTimeOffset now, CaseVisibility visibility) =>
        !visibility.Sees(DataCategory.Measures) ? null : new MeasureResponse(
            measure.Id, measure.CaseId, measure.Kind, measure.StatusAt(now), measure.From, measure.Until, measure.OrderedBy, measure.Details,
            measure.ImposedBy, measure.ImposedAt,
            measure.LiftedAt is { } liftedAt ? new MeasureLiftingResponse(liftedAt, measure.LiftedByAgency!, measure.LiftReason!) : null,
            visibility.Withheld);

    /// <summary>A justice house's report on a measure, of category <c>measures</c> like the measure: null when the caller may not see it.</summary>
    public static ComplianceReportResponse? Render(ComplianceReport report, CaseVisibility visibility) =>
        !visibility.Sees(DataCategory.Measures) ? null : new ComplianceReportResponse(
            report.Id, report.CaseId, report.MeasureId, report.Status, report.ObservedAt, report.Details, report.RecordedBy, report.RecordedAt,
            visibility.Withheld);
}

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

/// <summary>A justice house's report on a protective measure (category <c>measures</c>).</summary>
/// <param name="Id">The report id.</param>
/// <param name="CaseId">The case.</param>
/// <param name="MeasureId">The measure reported on.</param>
/// <param name="Status">complied, breach or not_reachable.</param>
/// <param name="ObservedAt">When the breach happened, or when the author was checked or could not be reached (UTC).</param>
/// <param name="Details">What happened, in a few words (always there for a breach).</param>
/// <param name="RecordedBy">The code of the justice house that reported.</param>
/// <param name="RecordedAt">When it was recorded here (UTC).</param>
/// <param name="Withheld">The categories withheld from the caller, and why.</param>
public sealed record ComplianceReportResponse(
    [property: Category(DataCategory.Measures)] Guid Id,
    [property: Category(DataCategory.Measures)] Guid CaseId,
    [property: Category(DataCategory.Measures)] Guid MeasureId,
    [property: Category(DataCategory.Measures)] ComplianceStatus Status,
    [property: Category(DataCategory.Measures)] DateTimeOffset ObservedAt,
    [property: Category(DataCategory.Measures), MaxLength(ComplianceReport.MaxDetailsLength)] string? Details,
    [property: Category(DataCategory.Measures), MaxLength(64)] string RecordedBy,
    [property: Category(DataCategory.Measures)] DateTimeOffset RecordedAt,
    [property: Category(DataCategory.Core), MaxLength(CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld);
