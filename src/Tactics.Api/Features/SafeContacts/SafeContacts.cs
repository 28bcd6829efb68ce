using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Time;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.SafeContacts;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.SafeContacts;

/// <summary>When the victim may be called: days, and a local time span (Europe/Brussels), <c>from</c> included, <c>to</c> excluded.</summary>
/// <param name="Days">mon, tue, wed, thu, fri, sat, sun.</param>
/// <param name="From">Start, <c>HH:mm</c>.</param>
/// <param name="To">End, <c>HH:mm</c>, after <c>from</c> on the same day.</param>
public sealed record ContactWindowInput(
    [property: MaxLength(7)] IReadOnlyList<Weekday>? Days,
    [property: MaxLength(5), RegularExpression(SafeContactRules.TimePattern)] string? From,
    [property: MaxLength(5), RegularExpression(SafeContactRules.TimePattern)] string? To);

/// <summary>Replaces the victim's safe-contact preferences (category contact): the safe number, the windows, whether a message may be left.</summary>
/// <param name="Phone">The number it is safe to call; absent if none was given.</param>
/// <param name="Windows">When a call is safe; none: any time.</param>
/// <param name="MayLeaveMessage">Whether a message may be left.</param>
public sealed record PutSafeContactCommand(
    [property: MaxLength(32)] string? Phone,
    [property: MaxLength(SafeContact.MaxWindows)] IReadOnlyList<ContactWindowInput>? Windows,
    [property: Required] bool? MayLeaveMessage) : ICommand<SafeContactRead>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

public sealed record GetSafeContactQuery(Guid CaseId) : IQuery<SafeContactRead>;

/// <summary>The preferences and the caller's ETag of the case.</summary>
public sealed record SafeContactRead(SafeContactResponse SafeContact, string ETag);

/// <summary>The victim's safe-contact preferences (category contact).</summary>
/// <param name="Phone">The number it is safe to call.</param>
/// <param name="Windows">When a call is safe (Europe/Brussels time); none: any time.</param>
/// <param name="MayLeaveMessage">Whether a message may be left.</param>
/// <param name="UpdatedByAgency">The agency that set them last.</param>
/// <param name="UpdatedAt">When (UTC).</param>
public sealed record SafeContactResponse(
    [property: MaxLength(32)] string? Phone,
    [property: MaxLength(SafeContact.MaxWindows)] IReadOnlyList<ContactWindowResponse> Windows,
    bool MayLeaveMessage,
    [property: MaxLength(64)] string UpdatedByAgency,
    DateTimeOffset UpdatedAt)
{
    public static SafeContactResponse From(SafeContact contact) => new(contact.Phone,
        [.. contact.Windows.Select(w => new ContactWindowResponse(w.Days, SafeContactRules.Format(w.From), SafeContactRules.Format(w.To)))],
        contact.MayLeaveMessage, contact.UpdatedByAgency, contact.UpdatedAt);
}

/// <summary>One window: days, and a local time span.</summary>
/// <param name="Days">mon … sun.</param>
/// <param name="From">Start, <c>HH:mm</c>.</param>
/// <param name="To">End, <c>HH:mm</c>.</param>
public sealed record ContactWindowResponse(
    [property: MaxLength(7)] IReadOnlyList<Weekday> Days,
    [property: MaxLength(5)] string From,
    [property: MaxLength(5)] string To);

public static class SafeContactRules
{
    public const string TimePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    public static TimeOnly Parse(string time) => TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture);

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

public sealed class PutSafeContactValidator : AbstractValidator<PutSafeContactCommand>
{
    public PutSafeContactValidator()
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Phone).NotEmpty().Phone().When(c => c.Phone is not null);
        RuleFor(c => c.MayLeaveMessage).NotNull();
        RuleFor(c => c.Windows).Must(w => w is null || w.Count <= SafeContact.MaxWindows).WithMessage($"At most {SafeContact.MaxWindows} windows.");
        RuleForEach(c => c.Windows).ChildRules(window =>
        {
            window.RuleFor(w => w.Days).NotEmpty().Must(d => d!.Distinct().Count() == d!.Count).WithMessage("Name each day once.");
            window.RuleForEach(w => w.Days).IsInEnum();
            window.RuleFor(w => w.From).NotEmpty().Matches(SafeContactRules.TimePattern).WithMessage("Must be a local time, HH:mm.");
            window.RuleFor(w => w.To).NotEmpty().Matches(SafeContactRules.TimePattern).WithMessage("Must be a local time, HH:mm.")
                .Must((w, to) => w.From is null || !System.Text.RegularExpressions.Regex.IsMatch(w.From, SafeContactRules.TimePattern)
                    || string.CompareOrdinal(to, w.From) > 0)
                .WithMessage("A window ends after it starts, on the same day.");
        }).When(c => c.Windows is not null);
    }
}

public sealed class GetSafeContactValidator : AbstractValidator<GetSafeContactQuery>
{
    public GetSafeContactValidator() => RuleFor(q => q.CaseId).NotEmpty();
}

/// <summary>
/// Any agency that sees the case's contact replaces the preferences, with If-Match (428 without, 412 stale); a caller without reach
/// gets the case's 404, one that reaches it without contact 403. The change raises the contact scope only, so only those who see contact
/// find their ETag moved.
/// </summary>
public sealed class PutSafeContactHandler(TacticsDbContext db, ICaseAccess access, ICurrentUser user, TimeProvider time)
    : ICommandHandler<PutSafeContactCommand, SafeContactRead>
{
    public async ValueTask<SafeContactRead> Handle(PutSafeContactCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.SetSafeContact], command.IfMatch, ifMatchRequired: true, cancellationToken);
        @case.EnsureOpen();
        var now = time.UtcNowStored();
        var contact = await db.SafeContacts.SingleOrDefaultAsync(s => s.CaseId == @case.Id, cancellationToken);
        if (contact is null)
        {
            contact = new SafeContact(@case.Id);
            db.SafeContacts.Add(contact);
        }
        contact.Replace(string.IsNullOrWhiteSpace(command.Phone) ? null : command.Phone.Trim(),
            (command.Windows ?? []).Select(w => new ContactWindow([.. w.Days!], SafeContactRules.Parse(w.From!), SafeContactRules.Parse(w.To!))),
            command.MayLeaveMessage!.Value, user.AgencyCode, now);
        @case.RecordAppend(EventCatalogue.CaseContactChanged, user.AgencyCode, now, [CaseChanges.Category(DataCategory.Contact)]);
        return new SafeContactRead(SafeContactResponse.From(contact), (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}

/// <summary>The preferences, for an agency that sees the case's contact; 404 when none were set.</summary>
public sealed class GetSafeContactHandler(TacticsDbContext db, ICaseAccess access) : IQueryHandler<GetSafeContactQuery, SafeContactRead>
{
    public async ValueTask<SafeContactRead> Handle(GetSafeContactQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, [CaseAction.ReadSafeContact], cancellationToken);
        var contact = await db.SafeContacts.AsNoTracking().SingleOrDefaultAsync(s => s.CaseId == grant.Case.Id, cancellationToken)
            ?? throw new NotFoundException("safe-contact preferences");
        return new SafeContactRead(SafeContactResponse.From(contact), (await access.StampAsync(grant.Case, cancellationToken)).ETag);
    }
}
