using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Board;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Board.AssignBoardItem;

/// <summary>Gives a board item to a legal referent, or to another one.</summary>
/// <param name="UserId">The legal referent's user id (the identity provider is the user directory): any non-empty id.</param>
public sealed record AssignBoardItemCommand([property: Required, MaxLength(BoardItem.MaxUserIdLength)] string UserId) : ICommand<BoardItemAssigned>
{
    [JsonIgnore] public Guid ItemId { get; init; }
}

/// <summary>The assigned item, as its assigner reads it.</summary>
public sealed record BoardItemAssigned(BoardItemResponse Item) : ICreatedResource
{
    public Guid ResourceId => Item.Id;
    public string Location => "";
    public string? ETag => null;
    public int Status => StatusCodes.Status200OK;
}

public sealed class AssignBoardItemValidator : AbstractValidator<AssignBoardItemCommand>
{
    public AssignBoardItemValidator()
    {
        RuleFor(c => c.ItemId).NotEmpty();
        RuleFor(c => c.UserId).NotEmpty().MaximumLength(BoardItem.MaxUserIdLength)
            .Must(id => id is null || (id.Trim().Length > 0 && id.All(c => !char.IsControl(c)))).WithMessage("Must be a user id.");
    }
}

/// <summary>
/// A parquet referent assigns an item of its board. 404 for an item not on the caller's board (whether or not it exists), then 403
/// for a caller that reads the board but may not assign (police, a parquet member), 409 for a decided item.
/// </summary>
public sealed class AssignBoardItemHandler(BoardReader board, TacticsDbContext db, ICaseAccess access, ICurrentUser user, TimeProvider time)
    : ICommandHandler<AssignBoardItemCommand, BoardItemAssigned>
{
    public const string Operation = "AssignBoardItem";

    public async ValueTask<BoardItemAssigned> Handle(AssignBoardItemCommand command, CancellationToken cancellationToken)
    {
        var scope = await board.ScopeAsync(cancellationToken);
        if ((await board.RowsAsync(scope, null, null, command.ItemId, null, 1, access.Now, cancellationToken)).Count == 0)
        {
            throw new NotFoundException("board item");
        }
        if (!BoardPolicy.MayAssign(access.Caller))
        {
            throw new ForbiddenException(ProblemTypes.RoleRequired, "Only a referent of the parquet assigns the board's items.");
        }
        var item = await db.BoardItems.FromSql($"SELECT * FROM board_items WHERE id = {command.ItemId} FOR UPDATE").SingleAsync(cancellationToken);
        if (item.IsDecided) throw new Domain.DomainRuleException(Domain.DomainRule.AlreadyDecided, "This item has its decision: it is off the board.");
        item.AssignTo(command.UserId.Trim(), user.UserId, time.UtcNowStored());
        await db.SaveChangesAsync(cancellationToken);
        return new BoardItemAssigned(await ReadAsync(board, scope, command.ItemId, access.Now, cancellationToken));
    }

    /// <summary>One item of the caller's board as it reads it, or 404.</summary>
    public static async Task<BoardItemResponse> ReadAsync(BoardReader board, BoardScope scope, Guid itemId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await board.RowsAsync(scope, null, null, itemId, null, 1, now, cancellationToken);
        return rows.Count == 0 ? throw new NotFoundException("board item") : (await board.RenderAsync(rows, Operation, cancellationToken)).Single();
    }
}

/// <summary>One item of the caller's board (the replay of an assignment).</summary>
public sealed record GetBoardItemQuery(Guid ItemId) : IQuery<BoardItemResponse>;

public sealed class GetBoardItemHandler(BoardReader board, ICaseAccess access) : IQueryHandler<GetBoardItemQuery, BoardItemResponse>
{
    public async ValueTask<BoardItemResponse> Handle(GetBoardItemQuery query, CancellationToken cancellationToken) =>
        await AssignBoardItemHandler.ReadAsync(board, await board.ScopeAsync(cancellationToken), query.ItemId, access.Now, cancellationToken);
}
