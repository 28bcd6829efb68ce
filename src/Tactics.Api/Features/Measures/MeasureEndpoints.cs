using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Measures.GetMeasure;
using Tactics.Api.Features.Measures.ImposeMeasure;
using Tactics.Api.Features.Measures.LiftMeasure;
using Tactics.Api.Features.Measures.ListMeasures;

namespace Tactics.Api.Features.Measures;

public static class MeasureEndpoints
{
    public static RouteGroupBuilder MapMeasureEndpoints(this RouteGroupBuilder api)
    {
        var measures = api.MapGroup("/cases/{id:guid}/measures").WithTags("Measures");

        measures.MapAppend("/", "ImposeMeasure",
                "Imposes a protective measure (itr, no_contact, no_approach, alarm_button, shelter); police or parquet only. "
                + "The ETag answered is the case's new one.",
                (ImposeMeasureCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (MeasureImposed imposed) => imposed.Measure,
                (route, measureId) => new GetMeasureQuery(route.CaseId, measureId));

        measures.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMeasuresQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListMeasures")
            .WithSummary("Lists the protective measures of a case, in the order they were imposed (category measures).")
            .Produces<CaseDataPage<MeasureResponse>>()
            .ProducesNotFound();

        measures.MapGet("/{measureId:guid}", async (Guid id, Guid measureId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMeasureQuery(id, measureId), ct)))
            .WithName("GetMeasure")
            .WithSummary("Gets one protective measure of a case (category measures).")
            .ProducesNotFound();

        measures.MapPost("/{measureId:guid}/lifting", async (Guid id, Guid measureId, LiftMeasureCommand command,
                [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var lifted = await mediator.Send(command with { CaseId = id, MeasureId = measureId, IfMatch = ifMatch }, ct);
                http.Response.Headers.ETag = lifted.ETag;
                return TypedResults.Ok(lifted.Measure);
            })
            .WithName("LiftMeasure")
            .WithSummary("Lifts a protective measure, with the reason; police or parquet only. 409 when it is already lifted or expired. "
                + "The ETag answered is the case's new one.")
            .WithIdempotencyKey((mediator, http, measureId, ct) => Render(mediator, http, measureId, ct))
            .ProducesNotFound()
            .ProducesPreconditionProblems(ifMatchRequired: false)
            .ProducesETag();

        return api;
    }

    private static async ValueTask<object> Render(IMediator mediator, HttpContext http, Guid measureId, CancellationToken ct) =>
        await mediator.Send(new GetMeasureQuery(Guid.Parse((string)http.GetRouteValue("id")!), measureId), ct);
}
