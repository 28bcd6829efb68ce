using System.ComponentModel.DataAnnotations;
using Riok.Mapperly.Abstractions;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Infrastructure.Persons;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Cases;

/// <summary>
/// The one place that turns case data into responses. Every block below renders one data category and only
/// when the caller's <see cref="CaseVisibility"/> lets it see that category; every response says what was
/// withheld. The sharing policy changes the visibility, never this layout.
/// </summary>
public sealed partial class CaseView(INationalNumberProtector nationalNumbers)
{
    public const int MaxWithheld = 11;
    public const int MaxChildren = 20;

    /// <summary>The case, section by section; <c>householdId</c> only when the caller sees the household link (<see cref="HouseholdLinks"/>).</summary>
    public CaseResponse Detail(Case @case, CaseVisibility visibility, bool showsHouseholdLink, CaseStamp stamp)
    {
        // core: always visible to a caller that reaches the case.
        // closedReason is free text: facts for everyone but the owner, which wrote it (DESIGN.md, "No existence oracle").
        var closedReason = visibility.Sees(DataCategory.Facts) || visibility.IsOwnersView ? @case.ClosedReason : null;
        var response = new CaseResponse(@case.Id, showsHouseholdLink ? @case.HouseholdId : null, @case.Status, closedReason, @case.RiskLevel, @case.OwnerAgency,
            @case.CreatedAt, stamp.UpdatedAt, Victim: null, Author: null, Children: null, visibility.Withheld);

        // identity and contact: the persons' fields, each block on its own.
        response = response with
        {
            Victim = Person(@case.Victim, visibility),
            Author = @case.Author is null ? null : Person(@case.Author, visibility),
        };

        // children
        if (visibility.Sees(DataCategory.Children))
        {
            response = response with { Children = [.. @case.Children.Select(CaseMappers.ToResponse)] };
        }
        return response;
    }

    public CaseSummaryResponse Summary(CaseCore @case, CaseVisibility visibility, bool showsHouseholdLink, CaseStamp stamp) =>
        // core only (and the household link where the caller sees it): a list never carries identity, contact or anything else.
        new(@case.Id, showsHouseholdLink ? @case.HouseholdId : null, @case.Status, @case.RiskLevel, @case.OwnerAgency, @case.CreatedAt, stamp.UpdatedAt,
            visibility.Withheld);

    public IncidentResponse Incident(Incident incident, CaseVisibility visibility)
    {
        // core: that a record exists, what kind, where and when.
        var response = new IncidentResponse(incident.Id, incident.CaseId, incident.Kind, incident.PvNumber, incident.PoliceZone,
            incident.OccurredAt, incident.ReportedAt, incident.FollowsIncidentId, incident.RecordedBy, incident.RecordedAt,
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

    public RiskAssessmentResponse RiskAssessment(RiskAssessment assessment, CaseVisibility visibility)
    {
        // core: the levels, like the case's own risk level.
        var response = new RiskAssessmentResponse(assessment.Id, assessment.CaseId, assessment.ComputedLevel, assessment.EffectiveLevel,
            assessment.AssessedBy, assessment.AssessedAt, Answers: null, Override: null, visibility.Withheld);

        // risk: the answers, their notes and the override's reason.
        if (visibility.Sees(DataCategory.Risk))
        {
            var checklist = assessment.Checklist;
            response = response with
            {
                Answers = new RiskChecklistResponse(
                    CaseMappers.ToResponse(checklist.ChildrenPresentOrImpacted),
                    CaseMappers.ToResponse(checklist.WeaponsThreatsAlcoholDrugs),
                    CaseMappers.ToResponse(checklist.Escalation),
                    CaseMappers.ToResponse(checklist.VictimIsolation),
                    CaseMappers.ToResponse(checklist.StalkingOrCyberHarassment)),
                Override = assessment.OverrideLevel is { } level ? new RiskOverrideResponse(level, assessment.OverrideReason!) : null,
            };
        }
        return response;
    }

    /// <summary>Timeline events are thin (ids, type, time, acting agency): core only.</summary>
    public CaseEventResponse Event(CaseEvent caseEvent) => CaseMappers.ToResponse(caseEvent);

    public CaseDataPage<T> Page<T>(CursorPage<T> page, CaseVisibility visibility) => new(page.Items, page.NextCursor, visibility.Withheld);

    private PersonResponse? Person(Person person, CaseVisibility visibility)
    {
        var identity = visibility.Sees(DataCategory.Identity);
        var contact = visibility.Sees(DataCategory.Contact);
        if (!identity && !contact) return null;

        return new PersonResponse(
            // identity
            FirstName: identity ? person.FirstName : null,
            LastName: identity ? person.LastName : null,
            BirthDate: identity ? person.BirthDate : null,
            NationalNumber: identity && person.NationalNumberCipher is { } cipher ? nationalNumbers.Reveal(cipher) : null,
            // contact
            Phone: contact ? person.Phone : null,
            Address: contact && person.Address is { } address ? CaseMappers.ToResponse(address) : null);
    }
}

[Mapper]
internal static partial class CaseMappers
{
    public static partial AddressResponse ToResponse(Address address);
    public static partial ChildResponse ToResponse(CaseChild child);
    public static partial ChecklistItemResponse ToResponse(ChecklistItem item);

    [MapperIgnoreSource(nameof(CaseEvent.Number))]
    [MapperIgnoreSource(nameof(CaseEvent.CaseId))]
    public static partial CaseEventResponse ToResponse(CaseEvent caseEvent);
}

/// <summary>A case, as far as the caller may see it; <c>withheld</c> names the categories it may not see, and why.</summary>
/// <param name="Id">The case id.</param>
/// <param name="HouseholdId">The household the case belongs to: sent only to a caller that reaches the case by legal mission or reaches another case of that household, omitted for anyone else.</param>
/// <param name="Status">Open or closed.</param>
/// <param name="ClosedReason">Why the case was closed; only on a closed case. Free text: category <c>facts</c> (the owner, which wrote it, always reads it).</param>
/// <param name="RiskLevel">The latest risk assessment's effective level; absent until the first assessment.</param>
/// <param name="OwnerAgency">The code of the agency that owns the case (the one that opened it).</param>
/// <param name="CreatedAt">When the case was opened (UTC).</param>
/// <param name="UpdatedAt">When what the caller sees of the case last changed, or was last appended to (UTC): a change the caller cannot see leaves it as it was.</param>
/// <param name="Victim">The victim: identity fields when the caller sees <c>identity</c>, contact fields when it sees <c>contact</c>.</param>
/// <param name="Author">The author, likewise; absent when the case names none.</param>
/// <param name="Children">The minors of the household (category <c>children</c>).</param>
/// <param name="Withheld">The categories withheld from the caller, and why (never their content).</param>
public sealed record CaseResponse(
    [property: Category(DataCategory.Core)] Guid Id,
    [property: HouseholdLink] Guid? HouseholdId,
    [property: Category(DataCategory.Core)] CaseStatus Status,
    [property: Category(DataCategory.Facts), MaxLength(1000)] string? ClosedReason,
    [property: Category(DataCategory.Core)] RiskLevel? RiskLevel,
    [property: Category(DataCategory.Core), MaxLength(64)] string OwnerAgency,
    [property: Category(DataCategory.Core)] DateTimeOffset CreatedAt,
    [property: Category(DataCategory.Core)] DateTimeOffset UpdatedAt,
    [property: Category(DataCategory.Core)] PersonResponse? Victim,
    [property: Category(DataCategory.Core)] PersonResponse? Author,
    [property: Category(DataCategory.Children), MaxLength(CaseView.MaxChildren)] IReadOnlyList<ChildResponse>? Children,
    [property: Category(DataCategory.Core), MaxLength(CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld);

/// <summary>A case in a list: the core category only.</summary>
/// <param name="Id">The case id.</param>
/// <param name="HouseholdId">The household the case belongs to: sent only to a caller that reaches the case by legal mission or reaches another case of that household, omitted for anyone else.</param>
/// <param name="Status">Open or closed.</param>
/// <param name="RiskLevel">The latest risk assessment's effective level; absent until the first assessment.</param>
/// <param name="OwnerAgency">The code of the agency that owns the case.</param>
/// <param name="CreatedAt">When the case was opened (UTC).</param>
/// <param name="UpdatedAt">When what the caller sees of the case last changed (UTC).</param>
/// <param name="Withheld">The categories of this case withheld from the caller, and why.</param>
public sealed record CaseSummaryResponse(
    [property: Category(DataCategory.Core)] Guid Id,
    [property: HouseholdLink] Guid? HouseholdId,
    [property: Category(DataCategory.Core)] CaseStatus Status,
    [property: Category(DataCategory.Core)] RiskLevel? RiskLevel,
    [property: Category(DataCategory.Core), MaxLength(64)] string OwnerAgency,
    [property: Category(DataCategory.Core)] DateTimeOffset CreatedAt,
    [property: Category(DataCategory.Core)] DateTimeOffset UpdatedAt,
    [property: Category(DataCategory.Core), MaxLength(CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld);

/// <summary>A victim or author. Identity: names, birth date, national number. Contact: phone, address.</summary>
/// <param name="FirstName">First name (identity).</param>
/// <param name="LastName">Last name (identity).</param>
/// <param name="BirthDate">Birth date (identity).</param>
/// <param name="NationalNumber">National register or BIS number, 11 digits (identity).</param>
/// <param name="Phone">Phone number (contact).</param>
/// <param name="Address">Postal address (contact).</param>
public sealed record PersonResponse(
    [property: Category(DataCategory.Identity), MaxLength(100)] string? FirstName,
    [property: Category(DataCategory.Identity), MaxLength(100)] string? LastName,
    [property: Category(DataCategory.Identity)] DateOnly? BirthDate,
    [property: Category(DataCategory.Identity), MaxLength(11)] string? NationalNumber,
    [property: Category(DataCategory.Contact), MaxLength(32)] string? Phone,
    [property: Category(DataCategory.Contact)] AddressResponse? Address);

/// <summary>A Belgian postal address.</summary>
/// <param name="Street">Street, or the whole address line.</param>
/// <param name="Number">House number.</param>
/// <param name="Box">Box (boîte / bus).</param>
/// <param name="Postcode">Four-digit postcode.</param>
/// <param name="Commune">Commune.</param>
/// <param name="Confidential">A protected address (a shelter): never matched, shared most narrowly.</param>
public sealed record AddressResponse(
    [property: Category(DataCategory.Contact), MaxLength(200)] string Street,
    [property: Category(DataCategory.Contact), MaxLength(16)] string? Number,
    [property: Category(DataCategory.Contact), MaxLength(16)] string? Box,
    [property: Category(DataCategory.Contact), MaxLength(4)] string Postcode,
    [property: Category(DataCategory.Contact), MaxLength(100)] string Commune,
    [property: Category(DataCategory.Contact)] bool Confidential);

/// <summary>A minor of the household.</summary>
/// <param name="BirthYear">Year of birth.</param>
/// <param name="PresentAtIncidents">Whether the child was present at the incidents.</param>
public sealed record ChildResponse([property: Category(DataCategory.Children), Range(1900, 2100)] int BirthYear, [property: Category(DataCategory.Children)] bool PresentAtIncidents);

/// <summary>An incident (PV or sensitive-matter record) on a case, section by section.</summary>
/// <param name="Id">The incident id.</param>
/// <param name="CaseId">The case it belongs to.</param>
/// <param name="Kind">Family-dispute report, complaint or sensitive-matter record.</param>
/// <param name="PvNumber">The PV number; absent for a sensitive-matter record.</param>
/// <param name="PoliceZone">The police zone number, e.g. <c>5344</c>.</param>
/// <param name="OccurredAt">When the facts occurred (UTC).</param>
/// <param name="ReportedAt">When they were reported (UTC).</param>
/// <param name="FollowsIncidentId">For a complaint: the family-dispute report of the same case it follows.</param>
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

/// <summary>A risk assessment of the checklist, with its computed and effective levels.</summary>
/// <param name="Id">The assessment id.</param>
/// <param name="CaseId">The case assessed.</param>
/// <param name="ComputedLevel">The level the rule computed from the answers.</param>
/// <param name="Level">The effective level: the override's if any, else the computed one.</param>
/// <param name="AssessedBy">The code of the assessor's agency.</param>
/// <param name="AssessedAt">When it was assessed (UTC).</param>
/// <param name="Answers">The five answers and their notes (category <c>risk</c>).</param>
/// <param name="Override">The assessor's override and its reason (category <c>risk</c>).</param>
/// <param name="Withheld">The categories withheld from the caller, and why.</param>
public sealed record RiskAssessmentResponse(
    [property: Category(DataCategory.Core)] Guid Id,
    [property: Category(DataCategory.Core)] Guid CaseId,
    [property: Category(DataCategory.Core)] RiskLevel ComputedLevel,
    [property: Category(DataCategory.Core)] RiskLevel Level,
    [property: Category(DataCategory.Core), MaxLength(64)] string AssessedBy,
    [property: Category(DataCategory.Core)] DateTimeOffset AssessedAt,
    [property: Category(DataCategory.Risk)] RiskChecklistResponse? Answers,
    [property: Category(DataCategory.Risk)] RiskOverrideResponse? Override,
    [property: Category(DataCategory.Core), MaxLength(CaseView.MaxWithheld)] IReadOnlyList<WithheldCategory> Withheld);

/// <summary>The five checklist answers.</summary>
/// <param name="ChildrenPresentOrImpacted">1) Children present or impacted?</param>
/// <param name="WeaponsThreatsAlcoholDrugs">2) Weapons, threats, alcohol or drugs?</param>
/// <param name="Escalation">3) Escalation in frequency or intensity?</param>
/// <param name="VictimIsolation">4) Isolation of the victim?</param>
/// <param name="StalkingOrCyberHarassment">5) Stalking or cyber-harassment?</param>
public sealed record RiskChecklistResponse(
    [property: Category(DataCategory.Risk)] ChecklistItemResponse ChildrenPresentOrImpacted,
    [property: Category(DataCategory.Risk)] ChecklistItemResponse WeaponsThreatsAlcoholDrugs,
    [property: Category(DataCategory.Risk)] ChecklistItemResponse Escalation,
    [property: Category(DataCategory.Risk)] ChecklistItemResponse VictimIsolation,
    [property: Category(DataCategory.Risk)] ChecklistItemResponse StalkingOrCyberHarassment);

/// <summary>One checklist answer.</summary>
/// <param name="Answer">Yes, no or unknown.</param>
/// <param name="Note">The assessor's note.</param>
public sealed record ChecklistItemResponse([property: Category(DataCategory.Risk)] ChecklistAnswer Answer, [property: Category(DataCategory.Risk), MaxLength(1000)] string? Note);

/// <summary>An override of the computed level.</summary>
/// <param name="Level">The level the assessor chose.</param>
/// <param name="Reason">Why, in writing.</param>
public sealed record RiskOverrideResponse([property: Category(DataCategory.Risk)] RiskLevel Level, [property: Category(DataCategory.Risk), MaxLength(2000)] string Reason);

/// <summary>An event of a case's timeline: thin, no personal data.</summary>
/// <param name="Id">The event id.</param>
/// <param name="Type">The event type, e.g. <c>case.opened</c>, <c>case.incident_recorded</c>, <c>case.risk_raised</c>, <c>case.household_linked</c>.</param>
/// <param name="OccurredAt">When it happened (UTC).</param>
/// <param name="ActorAgency">The code of the agency that acted.</param>
/// <param name="IncidentId">The incident concerned, for incident events.</param>
/// <param name="RiskAssessmentId">The risk assessment concerned, for risk events.</param>
/// <param name="CustodyEventId">The custody event concerned, for custody events and the tasks they call for.</param>
/// <param name="MeasureId">The protective measure concerned, for measure events.</param>
/// <param name="TaskId">The task concerned, for task events and the release that called for it.</param>
/// <param name="HouseholdId">The household the case joined, for <c>case.household_linked</c> (an entry shown only to callers that see the household link).</param>
public sealed record CaseEventResponse(
    [property: Category(DataCategory.Core)] Guid Id,
    [property: Category(DataCategory.Core), MaxLength(64)] string Type,
    [property: Category(DataCategory.Core)] DateTimeOffset OccurredAt,
    [property: Category(DataCategory.Core), MaxLength(64)] string ActorAgency,
    [property: Category(DataCategory.Core)] Guid? IncidentId,
    [property: Category(DataCategory.Core)] Guid? RiskAssessmentId,
    [property: HouseholdLink] Guid? HouseholdId,
    [property: Category(DataCategory.Judicial)] Guid? CustodyEventId,
    [property: Category(DataCategory.Measures)] Guid? MeasureId,
    [property: Category(DataCategory.Core)] Guid? TaskId);
