using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Agencies.SetReferents;

/// <summary>One referent of the mapping: a user of the agency, its function, and the postcodes it answers for.</summary>
/// <param name="UserId">The identity provider's subject of the referent.</param>
/// <param name="Function">What the referent does, e.g. <c>EVA referent</c>.</param>
/// <param name="Postcodes">The Belgian postcodes it answers for; a postcode has one referent per agency.</param>
public sealed record ReferentInput(
    [property: MaxLength(AgencyReferent.MaxUserIdLength)] string? UserId,
    [property: MaxLength(AgencyReferent.MaxFunctionLength)] string? Function,
    [property: MaxLength(SetReferentsValidator.MaxPostcodes), BoundedItems(SetReferentsValidator.MaxPostcodes, 4)] IReadOnlyList<string>? Postcodes);

/// <summary>Replaces the whole referent mapping of an agency (police: EVA referents; CPAS: its DV referent).</summary>
/// <param name="Referents">The new mapping; an empty list removes every referent.</param>
public sealed record SetReferentsCommand([property: MaxLength(SetReferentsValidator.MaxReferents)] IReadOnlyList<ReferentInput>? Referents)
    : ICommand<AgencyReferentsResponse>
{
    [JsonIgnore] public string AgencyCode { get; init; } = "";
}

/// <summary>An agency's referent mapping.</summary>
/// <param name="AgencyCode">The agency.</param>
/// <param name="Referents">Its referents, in the order they were sent.</param>
public sealed record AgencyReferentsResponse([property: MaxLength(64)] string AgencyCode, [property: MaxLength(SetReferentsValidator.MaxReferents)] IReadOnlyList<AgencyReferentResponse> Referents);

/// <summary>One referent and the postcodes it answers for.</summary>
public sealed record AgencyReferentResponse(
    [property: MaxLength(AgencyReferent.MaxUserIdLength)] string UserId,
    [property: MaxLength(AgencyReferent.MaxFunctionLength)] string Function,
    [property: BoundedItems(SetReferentsValidator.MaxPostcodes, 4)] IReadOnlyList<string> Postcodes);

public sealed class SetReferentsValidator : AbstractValidator<SetReferentsCommand>
{
    public const int MaxReferents = 200;
    public const int MaxPostcodes = 300;

    public SetReferentsValidator()
    {
        RuleFor(c => c.AgencyCode).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Referents).NotNull().Must(r => r!.Count <= MaxReferents).WithMessage($"At most {MaxReferents} referents.");
        RuleForEach(c => c.Referents).ChildRules(referent =>
        {
            referent.RuleFor(r => r.UserId).NotEmpty().MaximumLength(AgencyReferent.MaxUserIdLength);
            referent.RuleFor(r => r.Function).NotEmpty().MaximumLength(AgencyReferent.MaxFunctionLength);
            referent.RuleFor(r => r.Postcodes).NotEmpty().Must(p => p!.Count <= MaxPostcodes).WithMessage($"At most {MaxPostcodes} postcodes.");
            referent.RuleForEach(r => r.Postcodes).NotEmpty().BelgianPostcode();
        }).When(c => c.Referents is not null);
        RuleFor(c => c.Referents)
            .Must(referents => referents!.SelectMany(r => (r.Postcodes ?? []).Distinct()).GroupBy(p => p).All(g => g.Count() == 1))
            .WithMessage("A postcode has one referent: it appears under two.")
            .When(c => c.Referents is not null);
    }
}

/// <summary>The agency's admin replaces its mapping; anyone else gets 403 (the agency directory is public, the mapping is the agency's).</summary>
public sealed class SetReferentsHandler(TacticsDbContext db, ICurrentUser user) : ICommandHandler<SetReferentsCommand, AgencyReferentsResponse>
{
    public async ValueTask<AgencyReferentsResponse> Handle(SetReferentsCommand command, CancellationToken cancellationToken)
    {
        AgencyAdmin.Ensure(user, command.AgencyCode);
        await db.AgencyReferents.Where(r => r.AgencyCode == command.AgencyCode).ExecuteDeleteAsync(cancellationToken);
        var referents = command.Referents!
            .Select((r, position) => new AgencyReferent(command.AgencyCode, position, r.UserId!.Trim(), r.Function!.Trim(), r.Postcodes!))
            .ToList();
        db.AgencyReferents.AddRange(referents);
        return ToResponse(command.AgencyCode, referents);
    }

    public static AgencyReferentsResponse ToResponse(string agencyCode, IEnumerable<AgencyReferent> referents) =>
        new(agencyCode, [.. referents.OrderBy(r => r.Position).Select(r => new AgencyReferentResponse(r.UserId, r.Function, r.Postcodes))]);
}
