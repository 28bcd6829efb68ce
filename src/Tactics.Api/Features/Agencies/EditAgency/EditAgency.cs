using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Agencies.EditAgency;

/// <summary>The agency's functional contact, as a merge patch: the members sent change, the others stay.</summary>
/// <param name="Function">The role partners ask for, e.g. <c>Référent·e EVA / VIF</c>.</param>
/// <param name="Email">Its work mailbox (never a private one).</param>
/// <param name="Phone">Its work line.</param>
public sealed record ReferentContactPatch(
    [property: MaxLength(200)] string? Function,
    [property: MaxLength(200)] string? Email,
    [property: MaxLength(32)] string? Phone);

/// <summary>
/// Keeps an agency's directory entry current (<c>application/merge-patch+json</c>): its functional contact and its hours.
/// A member sent as <c>null</c> or left out keeps its value: every one of them is required in the directory.
/// </summary>
/// <param name="Referent">The functional contact members to change.</param>
/// <param name="Hours">When the agency can be reached, e.g. <c>Mon–Fri 8:00–18:00</c>.</param>
public sealed record EditAgencyCommand(ReferentContactPatch? Referent, [property: MaxLength(200)] string? Hours) : ICommand<AgencyResponse>
{
    public const string MediaType = "application/merge-patch+json";

    [JsonIgnore] public string AgencyCode { get; init; } = "";
}

public sealed class EditAgencyValidator : AbstractValidator<EditAgencyCommand>
{
    public EditAgencyValidator()
    {
        RuleFor(c => c.AgencyCode).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Referent!.Function).NotEmpty().MaximumLength(200).When(c => c.Referent?.Function is not null).OverridePropertyName("referent.function");
        RuleFor(c => c.Referent!.Email).NotEmpty().MaximumLength(200).EmailAddress().When(c => c.Referent?.Email is not null).OverridePropertyName("referent.email");
        RuleFor(c => c.Referent!.Phone).NotEmpty().Phone().When(c => c.Referent?.Phone is not null).OverridePropertyName("referent.phone");
        RuleFor(c => c.Hours).NotEmpty().MaximumLength(200).When(c => c.Hours is not null);
    }
}

/// <summary>The agency's admin edits its own entry; anyone else gets 403.</summary>
public sealed class EditAgencyHandler(TacticsDbContext db, ICurrentUser user) : ICommandHandler<EditAgencyCommand, AgencyResponse>
{
    public async ValueTask<AgencyResponse> Handle(EditAgencyCommand command, CancellationToken cancellationToken)
    {
        AgencyAdmin.Ensure(user, command.AgencyCode);
        var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Code == command.AgencyCode, cancellationToken) ?? throw new NotFoundException("agency");
        var current = agency.Referent;
        var patch = command.Referent;
        agency.EditContact(
            new ReferentContact(patch?.Function?.Trim() ?? current.Function, patch?.Email?.Trim() ?? current.Email, patch?.Phone?.Trim() ?? current.Phone),
            command.Hours?.Trim() ?? agency.Hours);
        return agency.ToResponse();
    }
}
