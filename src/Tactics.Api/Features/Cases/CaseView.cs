using System.ComponentModel.DataAnnotations;
using Riok.Mapperly.Abstractions;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Infrastructure.Persons;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Cases;

/// <summary>
/// The one place that turns case data into responses. Every block below renders one data category and only
/// when the caller's <see cref="CaseVisibility"/> lets it see that category; every response says what was
/// withheld. The sharing policy changes the visibility, never this layout.
/// </summary>
public sealed class CaseView(INationalNumberProtector nationalNumbers)
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

    /// <summary>Timeline events are thin (ids, type, time, acting agency): core only.</summary>
    public CaseEventResponse Event(CaseEvent caseEvent) => CaseMappers.ToResponse(caseEvent);

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
