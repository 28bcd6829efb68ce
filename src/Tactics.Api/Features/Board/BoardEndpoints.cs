using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Board.AssignBoardItem;
using Tactics.Api.Features.Board.ListBoard;

namespace Tactics.Api.Features.Board;

/// <summary>The filters and paging of <c>GET /board</c>.</summary>
public sealed class BoardParameters : PageParameters
{
    /// <summary>open (awaiting a decision; the default), overdue (awaiting one past its due date) or decided.</summary>
    [FromQuery(Name = "status")]
    [EnumString(typeof(BoardStatus))]
    public string? Status { get; init; }

    /// <summary>Only the PVs of this police zone number (e.g. 5344).</summary>
    [FromQuery(Name = "zone")]
    [System.ComponentModel.DataAnnotations.MaxLength(8)]
    public string? Zone { get; init; }
}

public static class BoardEndpoints
{
    public const string Csv = "text/csv";

    public static RouteGroupBuilder MapBoardEndpoints(this RouteGroupBuilder api)
    {
        var board = api.MapGroup("/board").WithTags("Board");

        board.MapGet("/", async ([AsParameters] BoardParameters parameters, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var asCsv = http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(Csv, StringComparison.OrdinalIgnoreCase));
                var answer = await mediator.Send(new ListBoardQuery(parameters.Status, parameters.Zone, parameters.Limit, parameters.Cursor, asCsv), ct);
                return answer.Csv is { } csv ? Results.Text(csv, Csv + "; charset=utf-8") : Results.Ok(answer.Page);
            })
            .WithName(ListBoardHandler.Operation)
            .WithSummary("The parquet–police board (parquet and police only): family-dispute and complaint PVs awaiting a decision (a police zone: "
                + "its own zone's; a parquet: its judicial district's zones', and the 458bis disclosures addressed to it), overdue first, then by "
                + "household (its earliest due date first), then by due date. With Accept: text/csv, the same rows unpaged, up to Board:CsvMaxRows "
                + "(10,000); beyond, a 400 asks for a narrower filter.")
            .Produces<CursorPage<BoardItemResponse>>()
            .Produces<string>(StatusCodes.Status200OK, Csv)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        board.MapPost("/items/{itemId:guid}/assignment", async (Guid itemId, AssignBoardItemCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok((await mediator.Send(command with { ItemId = itemId }, ct)).Item))
            .WithName(AssignBoardItemHandler.Operation)
            .WithSummary("Assigns a board item to a legal referent's user id, or reassigns it; a parquet referent only (403 for a member or the police, "
                + "404 for an item not on the caller's board, 409 once decided).")
            .WithIdempotencyKey(async (mediator, _, itemId, ct) => await mediator.Send(new GetBoardItemQuery(itemId), ct))
            .ProducesNotFound()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return api;
    }
}
