using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FluentValidation;
using ValidationException = FluentValidation.ValidationException;
using FluentValidation.Results;
using Mediator;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Time;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Features.Cases.GetCase;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Cases.PatchCase;

/// <summary>
/// A JSON merge patch (RFC 7396) of a case: only the members sent change, <c>null</c> clears an optional one.
/// It changes the victim's and author's contact details, closes the case (with <c>closedReason</c>) or reopens it.
/// </summary>
/// <param name="Status"><c>closed</c> (with <c>closedReason</c>) closes the case; <c>open</c> reopens it.</param>
/// <param name="ClosedReason">Why the case is closed; required with <c>status: closed</c>, and only with it.</param>
/// <param name="Victim">The victim's contact details to change.</param>
/// <param name="Author">The author's contact details to change.</param>
public sealed record PatchCaseCommand(
    CaseStatus? Status,
    [property: MaxLength(1000)] string? ClosedReason,
    ContactPatch? Victim,
    ContactPatch? Author) : ICommand<CaseRead>
{
    public const string MediaType = "application/merge-patch+json";

    private static readonly string[] Patchable = ["status", "closedReason", "victim", "author"];

    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }

    /// <summary>The members the document names, so that <c>null</c> (clear) differs from absent (keep).</summary>
    [JsonIgnore] public IReadOnlySet<string> Present { get; init; } = new HashSet<string>();

    /// <summary>Reads the body as a merge patch: presence of each member, then the typed values.</summary>
    public static async ValueTask<PatchCaseCommand?> BindAsync(HttpContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, MediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedMediaTypeException($"Send the patch as {MediaType} (RFC 7396).");
        }

        JsonObject document;
        try
        {
            document = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                ?? throw new BadHttpRequestException("A merge patch of a case is a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", exception);
        }

        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        PatchCaseCommand command;
        try
        {
            command = document.Deserialize<PatchCaseCommand>(json) ?? throw new BadHttpRequestException("A merge patch of a case is a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException("A member of the patch has the wrong type.", exception);
        }

        return command with
        {
            Present = Members(document),
            Victim = command.Victim?.WithPresence(document["victim"]),
            Author = command.Author?.WithPresence(document["author"]),
        };
    }

    /// <summary>The members of an object, with those of its nested objects as dotted paths (<c>address.street</c>).</summary>
    internal static HashSet<string> Members(JsonNode? node, string prefix = "")
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        if (node is not JsonObject document) return members;
        foreach (var (name, value) in document)
        {
            members.Add(prefix + name);
            if (value is JsonObject && prefix.Length < 64)
            {
                members.UnionWith(Members(value, $"{prefix}{name}."));
            }
        }
        return members;
    }

    internal static IEnumerable<string> Unknown(IReadOnlySet<string> present) =>
        present.Where(path => !Patchable.Contains(path) && !path.StartsWith("victim.", StringComparison.Ordinal) && !path.StartsWith("author.", StringComparison.Ordinal));
}

/// <summary>Contact details of a person, as a merge patch.</summary>
/// <param name="Phone">The new phone number; <c>null</c> clears it.</param>
/// <param name="Address">The address members to change (merged into the current address); <c>null</c> clears it.</param>
public sealed record ContactPatch([property: MaxLength(32)] string? Phone, AddressPatch? Address)
{
    private static readonly string[] Patchable =
        ["phone", "address", "address.street", "address.number", "address.box", "address.postcode", "address.commune", "address.confidential"];

    [JsonIgnore] public IReadOnlySet<string> Present { get; init; } = new HashSet<string>();

    public bool Has(string member) => Present.Contains(member);

    internal ContactPatch WithPresence(JsonNode? node) => this with
    {
        Present = PatchCaseCommand.Members(node),
        Address = Address is null ? null : Address with { Present = PatchCaseCommand.Members(node?["address"]) },
    };

    internal IEnumerable<string> Unknown() => Present.Where(path => !Patchable.Contains(path));
}

/// <summary>Address members to change; the others keep their value.</summary>
/// <param name="Street">Street, or the whole address line.</param>
/// <param name="Number">House number; <c>null</c> clears it.</param>
/// <param name="Box">Box; <c>null</c> clears it.</param>
/// <param name="Postcode">Four-digit Belgian postcode.</param>
/// <param name="Commune">Commune.</param>
/// <param name="Confidential">A protected address (a shelter).</param>
public sealed record AddressPatch(
    [property: MaxLength(200)] string? Street,
    [property: MaxLength(16)] string? Number,
    [property: MaxLength(16)] string? Box,
    [property: MaxLength(4), RegularExpression("^[1-9][0-9]{3}$")] string? Postcode,
    [property: MaxLength(100)] string? Commune,
    bool? Confidential)
{
    [JsonIgnore] public IReadOnlySet<string> Present { get; init; } = new HashSet<string>();

    public bool Has(string member) => Present.Contains(member);
}

public sealed class PatchCaseValidator : AbstractValidator<PatchCaseCommand>
{
    public PatchCaseValidator()
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Present).Custom((present, context) =>
        {
            foreach (var path in PatchCaseCommand.Unknown(present))
            {
                context.AddFailure(new ValidationFailure(path, "Cannot be changed here: a case's PATCH changes status, closedReason and the victim's and author's phone and address."));
            }
        });
        RuleFor(c => c.Status).NotNull().When(c => c.Present.Contains("status")).WithMessage("Must be open or closed; it cannot be cleared.");
        RuleFor(c => c.ClosedReason).NotEmpty().When(c => c.Status == CaseStatus.Closed)
            .WithMessage("Closing a case requires closedReason: say why, in writing.");
        RuleFor(c => c.ClosedReason).Null().When(c => c.Status != CaseStatus.Closed && c.Present.Contains("closedReason"))
            .WithMessage("closedReason goes with status closed, in the same patch.");
        RuleFor(c => c.ClosedReason).MaximumLength(1000);
        RuleFor(c => c.Victim).NotNull().When(c => c.Present.Contains("victim")).WithMessage("The victim cannot be removed; send the members to change.");
        RuleFor(c => c.Author).NotNull().When(c => c.Present.Contains("author")).WithMessage("The author cannot be removed; send the members to change.");
        RuleFor(c => c.Victim!).SetValidator(new ContactPatchValidator()).When(c => c.Victim is not null);
        RuleFor(c => c.Author!).SetValidator(new ContactPatchValidator()).When(c => c.Author is not null);
    }
}

public sealed class ContactPatchValidator : AbstractValidator<ContactPatch>
{
    public ContactPatchValidator()
    {
        RuleFor(c => c.Present).Custom((_, context) =>
        {
            foreach (var path in context.InstanceToValidate.Unknown())
            {
                var prefix = context.PropertyPath[..Math.Max(0, context.PropertyPath.LastIndexOf('.'))];
                context.AddFailure(new ValidationFailure($"{prefix}.{path}".TrimStart('.'),
                    "Cannot be changed here: only phone and address (street, number, box, postcode, commune, confidential)."));
            }
        });
        RuleFor(c => c.Phone).Phone();
        RuleFor(c => c.Address!).SetValidator(new AddressPatchValidator()).When(c => c.Address is not null);
    }
}

public sealed class AddressPatchValidator : AbstractValidator<AddressPatch>
{
    public AddressPatchValidator()
    {
        RuleFor(a => a.Street).NotEmpty().MaximumLength(200).When(a => a.Has("street"));
        RuleFor(a => a.Number).MaximumLength(16);
        RuleFor(a => a.Box).MaximumLength(16);
        RuleFor(a => a.Postcode).NotEmpty().BelgianPostcode().When(a => a.Has("postcode"));
        RuleFor(a => a.Commune).NotEmpty().MaximumLength(100).When(a => a.Has("commune"));
        RuleFor(a => a.Confidential).NotNull().When(a => a.Has("confidential"));
    }
}

public sealed class PatchCaseHandler(ICaseAccess access, ICurrentUser user, CaseView view, HouseholdLinks households, TimeProvider time)
    : ICommandHandler<PatchCaseCommand, CaseRead>
{
    public async ValueTask<CaseRead> Handle(PatchCaseCommand command, CancellationToken cancellationToken)
    {
        List<CaseAction> actions = [];
        if (command.Status is not null) actions.Add(CaseAction.CloseOrReopen);
        if (command.Victim is not null || command.Author is not null || actions.Count == 0) actions.Add(CaseAction.ChangeContact);
        var @case = await access.WriteAsync(command.CaseId, actions, command.IfMatch, ifMatchRequired: true, cancellationToken);
        var now = time.UtcNowStored();

        if (command.Author is not null && @case.Author is null)
        {
            throw new ValidationException([new ValidationFailure("author", "The case names no author whose contact details could change.")]);
        }
        EnsureMayChangeAddress(@case, @case.Victim, command.Victim);
        if (@case.Author is not null) EnsureMayChangeAddress(@case, @case.Author, command.Author);
        var victim = Merge(@case.Victim, command.Victim, "victim");
        var author = @case.Author is null ? null : Merge(@case.Author, command.Author, "author");

        // Reopen first, close last, so one patch can reopen and correct, or correct and close.
        if (command.Status == CaseStatus.Open) @case.Reopen(user.AgencyCode, now);
        var victimAddress = @case.Victim.Address;
        var authorAddress = @case.Author?.Address;
        @case.ChangeContact(victim, author, user.AgencyCode, now);
        // The agency that records an address is the one that may later change it while it is confidential.
        if (@case.Victim.Address != victimAddress) @case.Victim.StampAddressRecorder(user.AgencyCode);
        if (@case.Author is not null && @case.Author.Address != authorAddress) @case.Author.StampAddressRecorder(user.AgencyCode);
        if (command.Status == CaseStatus.Closed) @case.Close(command.ClosedReason!.Trim(), user.AgencyCode, now);

        var visibility = access.VisibilityOf(@case.Core);
        var showsLink = await households.ShownAsync(new HouseholdLinkCandidate(@case.Id, @case.HouseholdId, visibility), cancellationToken);
        var stamp = access.Stamp(@case.Core, visibility, showsLink);
        return new CaseRead(view.Detail(@case, visibility, showsLink, stamp), stamp.ETag);
    }

    /// <summary>A confidential address (a shelter) is changed or made non-confidential by the agency that recorded it alone.</summary>
    private void EnsureMayChangeAddress(Case @case, Person person, ContactPatch? patch)
    {
        if (patch is null || !patch.Has("address") || person.Address is not { } current) return;
        if (!ContactPolicy.MayChangeAddress(user.AgencyCode, @case.OwnerAgency, new ProtectedAddress(current.Confidential, current.Postcode, person.AddressRecordedBy)))
        {
            throw new ForbiddenException(ProblemTypes.ConfidentialAddressRecorderOnly,
                "A confidential address is changed, or made non-confidential, only by the agency that recorded it.");
        }
    }

    /// <summary>Merges a contact patch into a person's current contact details (RFC 7396, member by member).</summary>
    private static (string? Phone, Address? Address)? Merge(Person person, ContactPatch? patch, string field)
    {
        if (patch is null) return null;
        var phone = patch.Has("phone") ? Trimmed(patch.Phone) : person.Phone;
        var address = person.Address;
        if (patch.Has("address"))
        {
            address = patch.Address is null ? null : Merge(person.Address, patch, field);
        }
        return (phone, address);
    }

    private static Address Merge(Address? current, ContactPatch contact, string field)
    {
        var patch = contact.Address!;
        string? Pick(string member, string? value, string? currentValue) => contact.Has($"address.{member}") ? Trimmed(value) : currentValue;

        var street = Pick("street", patch.Street, current?.Street);
        var postcode = Pick("postcode", patch.Postcode, current?.Postcode);
        var commune = Pick("commune", patch.Commune, current?.Commune);
        var missing = new List<ValidationFailure>();
        if (street is null) missing.Add(new($"{field}.address.street", "Required: there is no current address to complete."));
        if (postcode is null) missing.Add(new($"{field}.address.postcode", "Required: there is no current address to complete."));
        if (commune is null) missing.Add(new($"{field}.address.commune", "Required: there is no current address to complete."));
        if (missing.Count > 0) throw new ValidationException(missing);

        return new Address(street!, Pick("number", patch.Number, current?.Number), Pick("box", patch.Box, current?.Box), postcode!, commune!,
            contact.Has("address.confidential") ? patch.Confidential!.Value : current?.Confidential ?? false);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
