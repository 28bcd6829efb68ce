using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Measures.LiftMeasure;

/// <summary>Lifts a protective measure before its end; police or parquet only.</summary>
/// <param name="Reason">Why, in writing.</param>
public sealed record LiftMeasureCommand([property: Required, MaxLength(ProtectiveMeasure.MaxReasonLength)] string? Reason) : ICommand<MeasureLifted>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public Guid MeasureId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>The lifted measure and the case's new ETag (answered 200).</summary>
public sealed record MeasureLifted(MeasureResponse Measure, string ETag) : ICreatedResource
{
    public Guid ResourceId => Measure.Id;
    public string Location => CaseRoutes.Measure(Measure.CaseId, Measure.Id);
    public int Status => StatusCodes.Status200OK;
}

public sealed class LiftMeasureValidator : AbstractValidator<LiftMeasureCommand>
{
    public LiftMeasureValidator()
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.MeasureId).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().WithMessage("A measure is lifted with a reason.").MaximumLength(ProtectiveMeasure.MaxReasonLength);
    }
}

public sealed class LiftMeasureHandler(ICaseAccess access, TacticsDbContext db, ICurrentUser user, TimeProvider time)
    : ICommandHandler<LiftMeasureCommand, MeasureLifted>
{
    public async ValueTask<MeasureLifted> Handle(LiftMeasureCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.LiftMeasure], command.IfMatch, ifMatchRequired: false, cancellationToken);
        var measure = await db.ProtectiveMeasures.SingleOrDefaultAsync(m => m.Id == command.MeasureId && m.CaseId == @case.Id, cancellationToken)
            ?? throw new NotFoundException("measure");

        var now = time.UtcNowStored();
        @case.LiftMeasure(measure, command.Reason!.Trim(), user.AgencyCode, user.UserId, now);

        var response = MeasureView.Render(measure, now, access.VisibilityOf(@case.Core))
            ?? throw new InvalidOperationException("An agency that lifts measures sees them.");
        return new MeasureLifted(response, (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}
