using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Tactics.Api.Domain.Households;
using Tactics.Api.Features.Households.GetMerge;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Households.UndoMerge;

/// <summary>Undoes a merge: every case it moved goes back to the household it left, which is restored.</summary>
/// <param name="Reason">Why the merge is undone.</param>
public sealed record UndoMergeCommand([property: MaxLength(HouseholdMerge.ReasonMaxLength)] string Reason) : ICommand<MergeResponse>
{
    [JsonIgnore] public Guid HouseholdId { get; init; }
    [JsonIgnore] public Guid MergeId { get; init; }
}

public sealed class UndoMergeValidator : AbstractValidator<UndoMergeCommand>
{
    public UndoMergeValidator()
    {
        RuleFor(c => c.HouseholdId).NotEmpty();
        RuleFor(c => c.MergeId).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(HouseholdMerge.ReasonMaxLength)
            .Must(reason => !string.IsNullOrWhiteSpace(reason)).WithMessage("Say why the merge is undone.");
    }
}

public sealed class UndoMergeHandler(TacticsDbContext db, HouseholdAccess access, HouseholdMerger merger, HouseholdView view)
    : ICommandHandler<UndoMergeCommand, MergeResponse>
{
    public async ValueTask<MergeResponse> Handle(UndoMergeCommand command, CancellationToken cancellationToken)
    {
        var household = await access.ReachAsync(command.HouseholdId, cancellationToken);
        access.RequireReferent("undoes household merges");
        access.RequireLinkingKind("undoes household merges");
        await GetMergeHandler.EnsureOfHousehold(db, household.Id, command.MergeId, cancellationToken);

        await merger.UndoAsync(command.MergeId, command.Reason.Trim(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await view.MergeAsync(command.MergeId, cancellationToken);
    }
}
