using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;
using ValidationException = FluentValidation.ValidationException;

namespace Tactics.Api.Features.Measures.ImposeMeasure;

/// <summary>Imposes a protective measure on a case; police or parquet only.</summary>
/// <param name="Kind">itr, no_contact, no_approach, alarm_button or shelter.</param>
/// <param name="From">When it starts (UTC).</param>
/// <param name="Until">When it ends by itself (UTC), after from; omit for a measure that lasts until lifted.</param>
/// <param name="OrderedBy">The code of the agency that ordered it (e.g. <c>parquet-bruxelles</c>); defaults to the caller's agency.</param>
/// <param name="Details">What it says, in a few words.</param>
public sealed record ImposeMeasureCommand(
    [property: Required] MeasureKind? Kind,
    [property: Required] DateTimeOffset? From,
    DateTimeOffset? Until,
    [property: MaxLength(64)] string? OrderedBy,
    [property: MaxLength(ProtectiveMeasure.MaxDetailsLength)] string? Details) : ICommand<MeasureImposed>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>The imposed measure and the case's new ETag.</summary>
public sealed record MeasureImposed(MeasureResponse Measure, string ETag) : ICreatedResource
{
    public Guid ResourceId => Measure.Id;
    public string Location => CaseRoutes.Measure(Measure.CaseId, Measure.Id);
}

public sealed class ImposeMeasureValidator : AbstractValidator<ImposeMeasureCommand>
{

    public ImposeMeasureValidator(TimeProvider time)
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.Kind).NotNull().IsInEnum();
        RuleFor(c => c.From).NotNull()
            .DateFrom1900ToHorizon(time);
        RuleFor(c => c.Until)
            .Must((c, until) => c.From is null || until > c.From).WithMessage("A measure ends after it starts: until must follow from.")
            .WithinHorizon(time)
            .When(c => c.Until is not null);
        RuleFor(c => c.OrderedBy).MaximumLength(64).Matches("^[a-z0-9-]+$").WithMessage("Must be an agency code, e.g. parquet-bruxelles.")
            .When(c => c.OrderedBy is not null);
        RuleFor(c => c.Details).MaximumLength(ProtectiveMeasure.MaxDetailsLength);
    }
}

public sealed class ImposeMeasureHandler(ICaseAccess access, TacticsDbContext db, ICurrentUser user, TimeProvider time)
    : ICommandHandler<ImposeMeasureCommand, MeasureImposed>
{
    public async ValueTask<MeasureImposed> Handle(ImposeMeasureCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.ImposeMeasure], command.IfMatch, ifMatchRequired: false, cancellationToken);
        @case.EnsureOpen();

        var orderedBy = command.OrderedBy ?? user.AgencyCode;
        if (!await db.Agencies.AnyAsync(a => a.Code == orderedBy, cancellationToken))
        {
            throw new ValidationException([new ValidationFailure("orderedBy", "Must be the code of an agency of the directory.")]);
        }
        var now = time.UtcNowStored();
        var details = string.IsNullOrWhiteSpace(command.Details) ? null : command.Details.Trim();
        var measure = @case.ImposeMeasure(
            new ProtectiveMeasure(Guid.NewGuid(), @case.Id, command.Kind!.Value, command.From!.Value.TruncateToStored(), command.Until?.TruncateToStored(),
                orderedBy, details, user.AgencyCode, now),
            user.AgencyCode, now);

        var response = MeasureView.Render(measure, now, access.VisibilityOf(@case.Core))
            ?? throw new InvalidOperationException("An agency that imposes measures sees them.");
        return new MeasureImposed(response, (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}
