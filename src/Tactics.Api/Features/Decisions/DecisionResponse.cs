using System.ComponentModel.DataAnnotations;
using Tactics.Api.Domain.Decisions;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Decisions;

/// <summary>A parquet decision on a PV or a 458bis disclosure (category <c>judicial</c>; on a disclosure, the addressed parquet's alone).</summary>
/// <param name="Id">The decision id.</param>
/// <param name="CaseId">The case.</param>
/// <param name="IncidentId">The PV it decides; absent for a disclosure.</param>
/// <param name="DisclosureId">The 458bis disclosure it decides; absent for a PV.</param>
/// <param name="Decision">dismissed, follow_up, hearing, investigation or alternative_measure.</param>
/// <param name="HearingAt">A hearing: when.</param>
/// <param name="Measures">The measures it orders; a no_contact order names the protective measure it created.</param>
/// <param name="Note">What the parquet noted.</param>
/// <param name="DecidedBy">The code of the parquet that decided.</param>
/// <param name="DecidedAt">When (UTC).</param>
/// <param name="Withheld">The categories withheld from the caller, and why.</param>
public sealed record DecisionResponse(
    [property: Category(DataCategory.Judicial)] Guid Id,
    [property: Category(DataCategory.Judicial)] Guid CaseId,
    [property: Category(DataCategory.Judicial)] Guid? IncidentId,
    [property: Category(DataCategory.Judicial)] Guid? DisclosureId,
    [property: Category(DataCategory.Judicial)] DecisionOutcome Decision,
    [property: Category(DataCategory.Judicial)] DateTimeOffset? HearingAt,
    [property: Category(DataCategory.Judicial), MaxLength(ParquetDecision.MaxMeasures)] IReadOnlyList<OrderedMeasureResponse> Measures,
    [property: Category(DataCategory.Judicial), MaxLength(ParquetDecision.MaxNoteLength)] string? Note,
    [property: Category(DataCategory.Judicial), MaxLength(64)] string DecidedBy,
    [property: Category(DataCategory.Judicial)] DateTimeOffset DecidedAt,
    [property: Category(DataCategory.Core), MaxLength(Cases.CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld)
{
    /// <summary>The decision as this caller may read it (<see cref="BoardPolicy.ForDecision"/>); null when it may not.</summary>
    public static DecisionResponse? For(ParquetDecision decision, SharingCaller caller, CaseVisibility visibility) =>
        !BoardPolicy.ForDecision(caller, decision.AddressedParquet, visibility) ? null : new DecisionResponse(
            decision.Id, decision.CaseId, decision.IncidentId, decision.DisclosureId, decision.Outcome, decision.HearingAt,
            [.. decision.Measures.Select(m => new OrderedMeasureResponse(m.Kind, m.From, m.Until, m.MeasureId))],
            decision.Note, decision.DecidedBy, decision.DecidedAt, visibility.Withheld);
}

/// <summary>A measure a decision orders.</summary>
/// <param name="Kind">contact, no_contact or seizure.</param>
/// <param name="From">From when.</param>
/// <param name="Until">Until when.</param>
/// <param name="MeasureId">For no_contact: the protective measure it created (<c>GET /cases/{id}/measures/{mid}</c>).</param>
public sealed record OrderedMeasureResponse(
    [property: Category(DataCategory.Judicial)] OrderedMeasureKind Kind,
    [property: Category(DataCategory.Judicial)] DateTimeOffset? From,
    [property: Category(DataCategory.Judicial)] DateTimeOffset? Until,
    [property: Category(DataCategory.Judicial)] Guid? MeasureId);
