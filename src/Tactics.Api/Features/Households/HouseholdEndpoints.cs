using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Households;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Households.ConfirmLinkSuggestion;
using Tactics.Api.Features.Households.GetHousehold;
using Tactics.Api.Features.Households.GetLinkSuggestion;
using Tactics.Api.Features.Households.GetMerge;
using Tactics.Api.Features.Households.ListLinkSuggestions;
using Tactics.Api.Features.Households.ListMerges;
using Tactics.Api.Features.Households.MergeHouseholds;
using Tactics.Api.Features.Households.RejectLinkSuggestion;
using Tactics.Api.Features.Households.UndoMerge;

namespace Tactics.Api.Features.Households;

public static class HouseholdEndpoints
{
    public static RouteGroupBuilder MapHouseholdEndpoints(this RouteGroupBuilder api)
    {
        var households = api.MapGroup("/households/{id:guid}").WithTags("Households");

        households.MapGet("/", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetHouseholdQuery(id), ct)))
            .WithName("GetHousehold")
            .WithSummary("Gets a household: the ids of its cases the caller reaches (never the others, nor their number), and where it was merged.")
            .ProducesNotFound();

        households.MapGet("/link-suggestions", async (Guid id, [AsParameters] ListLinkSuggestionsParameters parameters, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListLinkSuggestionsQuery(id, parameters.Status, parameters.Limit, parameters.Cursor), ct)))
            .WithName("ListLinkSuggestions")
            .WithSummary("Lists the household's link suggestions, newest first (referent): ids, reason code and status only.")
            .Produces<CursorPage<LinkSuggestionResponse>>()
            .ProducesNotFound();

        households.MapGet("/link-suggestions/{suggestionId:guid}", async (Guid id, Guid suggestionId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetLinkSuggestionQuery(id, suggestionId), ct)))
            .WithName("GetLinkSuggestion")
            .WithSummary("Gets one link suggestion of the household (referent).")
            .ProducesNotFound();

        households.MapPost("/link-suggestions/{suggestionId:guid}/confirmation",
                async Task<Results<Ok<LinkSuggestionResponse>, Accepted<LinkSuggestionResponse>>> (Guid id, Guid suggestionId, IMediator mediator, CancellationToken ct) =>
                {
                    var confirmed = await mediator.Send(new ConfirmLinkSuggestionCommand(id, suggestionId), ct);
                    return confirmed.Merged ? TypedResults.Ok(confirmed.Suggestion) : TypedResults.Accepted((string?)null, confirmed.Suggestion);
                })
            .WithName("ConfirmLinkSuggestion")
            .WithSummary("Confirms a link suggestion (referent of police, parquet or SAPV). Reaching both households by legal mission, "
                + "or confirming for the other side of one already confirmed, merges the other household into this one (200; undoable). "
                + "Reaching this household only: 202, the suggestion awaits the other side (awaiting_other_side), whose agencies are told.")
            .ProducesNotFound()
            .ProducesProblem(StatusCodes.Status409Conflict);

        households.MapPost("/link-suggestions/{suggestionId:guid}/rejection", async (Guid id, Guid suggestionId, RejectLinkSuggestionCommand command,
                IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { HouseholdId = id, SuggestionId = suggestionId }, ct)))
            .WithName("RejectLinkSuggestion")
            .WithSummary("Rejects a pending link suggestion with a reason (referent); the same reason is not suggested again for the pair.")
            .ProducesNotFound()
            .ProducesProblem(StatusCodes.Status409Conflict);

        households.MapPost("/merges", async (Guid id, MergeHouseholdsCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command with { HouseholdId = id }, ct);
                return TypedResults.Created(created.Location, created.Merge);
            })
            .WithName("MergeHouseholds")
            .WithSummary("Merges another household the caller reaches into this one, with a reason (referent): its cases move here.")
            .WithIdempotencyKey(async (mediator, http, mergeId, ct) =>
                await mediator.Send(new GetMergeQuery(Guid.Parse((string)http.GetRouteValue("id")!), mergeId), ct))
            .ProducesNotFound();

        households.MapGet("/merges", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMergesQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListHouseholdMerges")
            .WithSummary("Lists the merges the household took part in, either side, undone ones too, newest first (referent).")
            .Produces<CursorPage<MergeResponse>>()
            .ProducesNotFound();

        households.MapGet("/merges/{mergeId:guid}", async (Guid id, Guid mergeId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMergeQuery(id, mergeId), ct)))
            .WithName("GetHouseholdMerge")
            .WithSummary("Gets one merge of the household: who, when, why, the moved cases the caller reaches, its undo (referent).")
            .ProducesNotFound();

        households.MapPost("/merges/{mergeId:guid}/undo", async (Guid id, Guid mergeId, UndoMergeCommand command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(command with { HouseholdId = id, MergeId = mergeId }, ct)))
            .WithName("UndoHouseholdMerge")
            .WithSummary("Undoes a merge with a reason (referent): each moved case goes back to the household it left.")
            .ProducesNotFound()
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }
}

/// <summary>Query of <c>GET /households/{id}/link-suggestions</c>.</summary>
public sealed class ListLinkSuggestionsParameters
{
    /// <summary>Only suggestions in this status: <c>pending</c>, <c>awaiting_other_side</c>, <c>confirmed</c>, <c>rejected</c> or <c>superseded</c>.</summary>
    [FromQuery(Name = "status")]
    [EnumString(typeof(LinkSuggestionStatus))]
    public string? Status { get; init; }

    /// <summary>Page size, 1 to 200 (50 by default).</summary>
    [FromQuery(Name = "limit")]
    [Range(1, Common.Paging.Cursor.MaxLimit)]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [FromQuery(Name = "cursor")]
    [MaxLength(Common.Paging.Cursor.MaxLength)]
    public string? Cursor { get; init; }
}
