using Mediator;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Custody.GetCustodyEvent;
using Tactics.Api.Features.Custody.ListCustodyEvents;
using Tactics.Api.Features.Custody.RecordCustodyEvent;

namespace Tactics.Api.Features.Custody;

public static class CustodyEndpoints
{
    public static RouteGroupBuilder MapCustodyEndpoints(this RouteGroupBuilder api)
    {
        var custody = api.MapGroup("/cases/{id:guid}/custody-events").WithTags("Custody events");

        custody.MapAppend("/", "RecordCustodyEvent",
                "Records a custody event of the author (detained, release_scheduled, released, leave_granted); parquet or justice house only. "
                + "A release, done or scheduled, notifies the police zone of the victim's address and its SAPV and gives that SAPV an inform_victim task. "
                + "The ETag answered is the case's new one.",
                (RecordCustodyEventCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (CustodyEventRecorded recorded) => recorded.Custody,
                (route, custodyEventId) => new GetCustodyEventQuery(route.CaseId, custodyEventId))
            .ProducesProblem(StatusCodes.Status409Conflict);

        custody.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCustodyEventsQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListCustodyEvents")
            .WithSummary("Lists the custody events of a case, in the order they were recorded (category judicial).")
            .Produces<CaseDataPage<CustodyEventResponse>>()
            .ProducesNotFound();

        custody.MapGet("/{custodyEventId:guid}", async (Guid id, Guid custodyEventId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetCustodyEventQuery(id, custodyEventId), ct)))
            .WithName("GetCustodyEvent")
            .WithSummary("Gets one custody event of a case (category judicial).")
            .ProducesNotFound();

        return api;
    }
}
