using System.ComponentModel.DataAnnotations;
using Tactics.Api.Common.Http;
using Tactics.Api.Sharing;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Api.Features.Consultations;

/// <summary>An article 458ter case consultation on a case.</summary>
/// <param name="Id">The consultation id.</param>
/// <param name="CaseId">The case it concerns.</param>
/// <param name="Participants">The codes of the participant agencies (the opening agency included).</param>
/// <param name="Purpose">What the consultation is for (category <c>facts</c>: shown to whoever sees facts, and to the opening agency).</param>
/// <param name="Until">When the participants' access ends by itself (UTC).</param>
/// <param name="Active">Whether the consultation still opens the case to its participants (now before <c>until</c>).</param>
/// <param name="OpenedBy">The code of the parquet or coordination agency that opened it.</param>
/// <param name="OpenedAt">When it was opened (UTC).</param>
public sealed record ConsultationResponse(
    Guid Id,
    Guid CaseId,
    [property: BoundedItems(ConsultationResponse.MaxParticipants, ConsultationResponse.AgencyCodeMaxLength)] IReadOnlyList<string> Participants,
    [property: MaxLength(ConsultationResponse.PurposeMaxLength)] string? Purpose,
    DateTimeOffset Until,
    bool Active,
    [property: MaxLength(ConsultationResponse.AgencyCodeMaxLength)] string OpenedBy,
    DateTimeOffset OpenedAt)
{
    /// <summary>Participants named in a request; the opening agency joins them.</summary>
    public const int MaxNamedParticipants = 20;
    public const int MaxParticipants = MaxNamedParticipants + 1;
    public const int AgencyCodeMaxLength = 64;
    public const int PurposeMaxLength = 1000;

    /// <summary>The consultation as the caller may see it: its purpose only when the policy lets the caller see <c>facts</c> (or it opened it).</summary>
    public static ConsultationResponse From(ConsultationEntry consultation, SharingDecision purpose, DateTimeOffset now) => new(
        consultation.Id,
        consultation.CaseId,
        consultation.Participants,
        purpose.Permitted ? consultation.Purpose : null,
        consultation.Until,
        now < consultation.Until,
        consultation.OpenedByAgency,
        consultation.OpenedAt);
}
