using Mediator;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Decisions.GetDecision;
using Tactics.Api.Features.Decisions.ListDecisions;
using Tactics.Api.Features.Decisions.RecordDecision;

namespace Tactics.Api.Features.Decisions;

public static class DecisionEndpoints
{
    public static RouteGroupBuilder MapDecisionEndpoints(this RouteGroupBuilder api)
    {
        var decisions = api.MapGroup("/cases/{id:guid}/decisions").WithTags("Decisions");

        decisions.MapAppend("/", "RecordDecision",
                "Records the parquet's decision on a PV (incidentId) or a 458bis disclosure addressed to it (disclosureId); parquet only. "
                + "It clears the item from the board; a no_contact order creates the protective measure; a decision on a PV notifies the police of "
                + "the PV's zone (decision.recorded), one on a disclosure no one. The ETag answered is the case's new one.",
                (RecordDecisionCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (DecisionRecorded recorded) => recorded.Decision,
                (route, decisionId) => new GetDecisionQuery(route.CaseId, decisionId))
            .ProducesProblem(StatusCodes.Status403Forbidden);

        decisions.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListDecisionsQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListDecisions")
            .WithSummary("Lists the parquet decisions of a case the caller may read, in the order they were taken (category judicial; a decision "
                + "on a disclosure: the addressed parquet alone).")
            .Produces<CaseDataPage<DecisionResponse>>()
            .ProducesNotFound();

        decisions.MapGet("/{decisionId:guid}", async (Guid id, Guid decisionId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetDecisionQuery(id, decisionId), ct)))
            .WithName("GetDecision")
            .WithSummary("Gets one parquet decision of a case (category judicial; a decision on a disclosure: the addressed parquet alone).")
            .ProducesNotFound();

        return api;
    }
}
