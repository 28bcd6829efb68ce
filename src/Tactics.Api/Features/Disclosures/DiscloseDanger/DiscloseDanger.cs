using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Domain.Households;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Households;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Infrastructure.Persons;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Disclosures.DiscloseDanger;

/// <summary>
/// Article 458bis: a professional under secrecy informs the competent parquet, and only it, of serious and imminent danger.
/// The victim and the author take the fields of a new case (the national number and the address help matching).
/// </summary>
/// <param name="Victim">The person in danger.</param>
/// <param name="Author">The author of the violence, when known.</param>
/// <param name="Reason">Why the danger is serious and imminent, in writing (required).</param>
/// <param name="Text">What the professional observed, as facts.</param>
public sealed record DiscloseDangerCommand(
    PersonInput Victim,
    PersonInput? Author,
    [property: MaxLength(DiscloseDangerValidator.ReasonMaxLength)] string Reason,
    [property: MaxLength(DiscloseDangerValidator.TextMaxLength)] string? Text) : ICommand<DisclosureRecorded>;

/// <summary>
/// The recorded disclosure. The discloser learns its id and nothing else: no case id, no Location, no ETag, and the same
/// 202 whether it joined a case or opened one.
/// </summary>
public sealed record DisclosureRecorded(Guid Id) : ICreatedResource
{
    public Guid ResourceId => Id;
    public string Location => "";
    public string? ETag => null;
    public int Status => StatusCodes.Status202Accepted;
}

/// <summary>The answer to a disclosure: its id, whether or not a case existed.</summary>
/// <param name="Id">The disclosure id.</param>
public sealed record DisclosureAcceptedResponse(Guid Id);

public sealed class DiscloseDangerValidator : AbstractValidator<DiscloseDangerCommand>
{
    public const int ReasonMaxLength = 2000;
    public const int TextMaxLength = 10000;

    public DiscloseDangerValidator(TimeProvider time)
    {
        RuleFor(c => c.Victim).NotNull().SetValidator(new PersonInputValidator(time));
        RuleFor(c => c.Author!).SetValidator(new PersonInputValidator(time)).When(c => c.Author is not null);
        RuleFor(c => c.Reason).NotEmpty().WithMessage("A 458bis disclosure states its reason in writing.").MaximumLength(ReasonMaxLength);
        RuleFor(c => c.Text).MaximumLength(TextMaxLength);
    }
}

/// <summary>
/// A disclosure reaches the competent parquet and no one else (DESIGN.md, act 6). It attaches to the victim's open case
/// (same victim national number, the same victim–author pair first; else the same victim name and birth date) only when that
/// parquet already reaches it by legal mission. Otherwise it opens a case owned by that parquet in a household of its own,
/// confined to that parquet (no territory to anyone else, out of the household rule), whose matches become link suggestions
/// for that parquet's referent alone: a disclosure never joins or changes a household. The competent parquet serves the
/// victim's postcode (as disclosed, else as known under the victim's national number), else the discloser's judicial district.
/// The discloser gets no basis on the case: the disclosure is no own record (CaseAccess never reads disclosures).
/// </summary>
public sealed class DiscloseDangerHandler(TacticsDbContext db, ICaseAccess access, Sharing.AccessLog accessLog, ICurrentUser user,
    INationalNumberProtector nationalNumbers, HouseholdMatcher households, Board.BoardIntake board, TimeProvider time) : ICommandHandler<DiscloseDangerCommand, DisclosureRecorded>
{
    /// <summary>The operation named in the access log (the endpoint's name).</summary>
    public const string Operation = "DiscloseDanger";

    /// <summary>At most this many matching open cases are tried for one the competent parquet reaches.</summary>
    private const int MaxCandidates = 20;

    private sealed record Candidate(Guid Id, CaseStatus Status, DateTimeOffset CreatedAt, bool SameAuthor, bool ByNationalNumber, string? VictimPostcode);

    public async ValueTask<DisclosureRecorded> Handle(DiscloseDangerCommand command, CancellationToken cancellationToken)
    {
        if (!CaseActions.MayDisclose(user.AgencyKind))
        {
            throw new ForbiddenException(ProblemTypes.AgencyKindNotAllowed,
                "Only an agency bound by professional secrecy (health, cpas, victim_support, perpetrator_support) discloses under article 458bis.");
        }

        var now = time.UtcNowStored();
        var candidates = await CandidatesAsync(command, cancellationToken);
        // A name and birth date may be another person's: only a national number says where the victim lives.
        var knownPostcode = candidates.FirstOrDefault(c => c.ByNationalNumber)?.VictimPostcode;
        var parquet = await CompetentParquetAsync(command.Victim.Address?.Postcode ?? knownPostcode, cancellationToken);

        Case? @case = null;
        foreach (var candidate in candidates.Where(c => c.Status == CaseStatus.Open).Take(MaxCandidates))
        {
            if (await access.MissionReachesAsync(parquet, candidate.Id, cancellationToken))
            {
                // Locked like any writer locks it: the disclosure's event is numbered among the case's.
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cases WHERE id = {candidate.Id} FOR UPDATE", cancellationToken);
                @case = await db.Cases.SingleAsync(c => c.Id == candidate.Id, cancellationToken);
                break;
            }
        }
        if (@case is null)
        {
            // The one exception to own_record: the case is the competent parquet's, never the discloser's; in a household of
            // its own, confined to that parquet until it confirms one of the link suggestions matching raises.
            var household = new Household(Guid.NewGuid(), now);
            db.Households.Add(household);
            @case = Case.Open(household.Id, parquet, command.Victim.ToPerson(nationalNumbers), command.Author?.ToPerson(nationalNumbers), [], now);
            @case.ConfineTo(parquet);
            db.Cases.Add(@case);
            await households.SuggestOnlyAsync(@case, cancellationToken);
        }

        var disclosure = new Disclosure(@case.Id, parquet, command.Reason.Trim(), command.Text?.Trim() ?? "", user.AgencyCode, user.UserId, now);
        db.Disclosures.Add(disclosure);
        // The addressed parquet hears of it (disclosure.received) and finds it on its board; no one else does.
        @case.DisclosureReceived(disclosure.Id, parquet, user.AgencyCode, now);
        board.Disclosure(disclosure);
        await accessLog.RecordAsync(new AccessRecord(@case.Id, SharingAction.Write, Operation, true, Written(command),
            new Dictionary<DataCategory, WithheldReason>()), cancellationToken);
        return new DisclosureRecorded(disclosure.Id);
    }

    /// <summary>The matching cases, best first: the victim's national number (with the same author first), else the victim's name and birth date; open cases first, newest first.</summary>
    private async Task<List<Candidate>> CandidatesAsync(DiscloseDangerCommand command, CancellationToken cancellationToken)
    {
        var victimKey = KeyOf(command.Victim);
        var authorKey = command.Author is null ? null : KeyOf(command.Author);
        var candidates = new List<Candidate>();
        if (victimKey is not null)
        {
            candidates = await db.Cases.AsNoTracking()
                .Where(c => c.Victim.NationalNumberKey == victimKey)
                .Select(c => new Candidate(c.Id, c.Status, c.CreatedAt,
                    authorKey != null && c.Author != null && c.Author.NationalNumberKey == authorKey, true,
                    // A confidential address is never a matching key, nor a route.
                    ((bool?)c.Victim.Address!.Confidential ?? false) ? null : (string?)c.Victim.Address!.Postcode))
                .ToListAsync(cancellationToken);
        }
        if (candidates.Count == 0 && MatchingKeys.NameAndBirthDate(command.Victim.FirstName, command.Victim.LastName, command.Victim.BirthDate) is { } name)
        {
            var birthDate = command.Victim.BirthDate;
            // A victim known under another national number is another person.
            var sameBirthDate = await db.Cases.AsNoTracking()
                .Where(c => c.Victim.BirthDate == birthDate && (victimKey == null || c.Victim.NationalNumberKey == null))
                .Select(c => new { c.Id, c.Status, c.CreatedAt, c.Victim.FirstName, c.Victim.LastName })
                .ToListAsync(cancellationToken);
            candidates = [.. sameBirthDate
                .Where(c => MatchingKeys.NameAndBirthDate(c.FirstName, c.LastName, birthDate) == name)
                .Select(c => new Candidate(c.Id, c.Status, c.CreatedAt, SameAuthor: false, ByNationalNumber: false, VictimPostcode: null))];
        }
        return [.. candidates
            .OrderByDescending(c => c.Status == CaseStatus.Open)
            .ThenByDescending(c => c.SameAuthor)
            .ThenByDescending(c => c.CreatedAt)];
    }

    private byte[]? KeyOf(PersonInput person) =>
        person.NationalNumber is null ? null : nationalNumbers.KeyOf(NationalNumber.Parse(person.NationalNumber));

    /// <summary>The parquet serving the victim's postcode, else the parquet of the discloser's judicial district.</summary>
    private async Task<string> CompetentParquetAsync(string? victimPostcode, CancellationToken cancellationToken)
    {
        var parquets = db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKind.Parquet);
        if (victimPostcode is not null
            && await parquets.Where(a => a.Postcodes.Contains(victimPostcode)).OrderBy(a => a.Code).Select(a => a.Code).FirstOrDefaultAsync(cancellationToken) is { } byAddress)
        {
            return byAddress;
        }
        var district = await db.Agencies.AsNoTracking().Where(a => a.Code == user.AgencyCode).Select(a => a.JudicialDistrict).SingleAsync(cancellationToken);
        return await parquets.Where(a => a.JudicialDistrict == district).OrderBy(a => a.Code).Select(a => a.Code).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("No parquet serves the discloser's judicial district: the agency directory is incomplete.");
    }

    /// <summary>What the discloser wrote, on the 458bis basis (for the access log): the persons' identity and contact, and the facts.</summary>
    private static Dictionary<DataCategory, SharingBasis> Written(DiscloseDangerCommand command)
    {
        var written = new Dictionary<DataCategory, SharingBasis>
        {
            [DataCategory.Identity] = SharingBasis.ImminentDanger458bis,
            [DataCategory.Facts] = SharingBasis.ImminentDanger458bis,
        };
        if (command.Victim.Phone is not null || command.Victim.Address is not null || command.Author?.Phone is not null || command.Author?.Address is not null)
        {
            written[DataCategory.Contact] = SharingBasis.ImminentDanger458bis;
        }
        return written;
    }
}
