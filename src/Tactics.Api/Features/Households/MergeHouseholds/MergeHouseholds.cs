using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Domain.Households;
using Tactics.Api.Infrastructure.Persistence;
using ValidationException = FluentValidation.ValidationException;

namespace Tactics.Api.Features.Households.MergeHouseholds;

/// <summary>Merges another household into this one: its cases move here. A referent's decision, with a reason; undoable.</summary>
/// <param name="OtherHouseholdId">The household to merge into this one; the caller must reach a case of it.</param>
/// <param name="Reason">Why they are one household.</param>
public sealed record MergeHouseholdsCommand(
    [property: Required] Guid? OtherHouseholdId,
    [property: MaxLength(HouseholdMerge.ReasonMaxLength)] string Reason) : ICommand<MergeCreated>
{
    [JsonIgnore] public Guid HouseholdId { get; init; }
}

/// <summary>The merge, as the caller may see it.</summary>
public sealed record MergeCreated(MergeResponse Merge) : ICreatedResource
{
    public Guid ResourceId => Merge.Id;
    public string Location => HouseholdRoutes.Merge(Merge.HouseholdId, Merge.Id);
    public string? ETag => null;
}

public sealed class MergeHouseholdsValidator : AbstractValidator<MergeHouseholdsCommand>
{
    public MergeHouseholdsValidator()
    {
        RuleFor(c => c.HouseholdId).NotEmpty();
        RuleFor(c => c.OtherHouseholdId).NotNull().NotEqual(Guid.Empty)
            .NotEqual(c => c.HouseholdId).WithMessage("A household cannot be merged with itself.");
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(HouseholdMerge.ReasonMaxLength)
            .Must(reason => !string.IsNullOrWhiteSpace(reason)).WithMessage("Say why the households are one.");
    }
}

public sealed class MergeHouseholdsHandler(TacticsDbContext db, HouseholdAccess access, HouseholdMerger merger, HouseholdView view)
    : ICommandHandler<MergeHouseholdsCommand, MergeCreated>
{
    public async ValueTask<MergeCreated> Handle(MergeHouseholdsCommand command, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(command.HouseholdId, cancellationToken);
        access.RequireReferent("merges households");
        access.RequireLinkingKind("merges households");
        var otherId = command.OtherHouseholdId!.Value;
        // A referent merges only households its agency reaches by legal mission (a link suggestion confirmed by both sides
        // is the way to link another one); an unknown and an unreachable household get the same answer.
        if (!await access.CallerMissionReachesAsync(household.Id, cancellationToken))
        {
            throw new ForbiddenException(ProblemTypes.BasisRequired,
                "Merging households needs legal-mission reach of both: confirm a link suggestion instead, and the other side confirms it too.");
        }
        if (!await access.CallerMissionReachesAsync(otherId, cancellationToken))
        {
            throw new ValidationException([new ValidationFailure("otherHouseholdId", "Must be the id of another household the caller reaches a case of.")]);
        }
        // A case a 458bis disclosure opened joins a household only through a link suggestion its parquet confirms (act 6).
        if (await merger.AnyConfinedAsync(household.Id, otherId, cancellationToken))
        {
            throw new ValidationException([new ValidationFailure("otherHouseholdId",
                "A household holding a case opened by a 458bis disclosure is linked only by confirming its link suggestion.")]);
        }

        var (locked, other) = await merger.LockAsync(household.Id, otherId, cancellationToken);
        var merge = await merger.MergeAsync(locked, other, MergeKind.Manual, command.Reason.Trim(), confirming: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new MergeCreated(await view.MergeAsync(merge.Id, cancellationToken));
    }
}
