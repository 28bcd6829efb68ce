using Mediator;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Incidents.GetIncident;
using Tactics.Api.Features.Incidents.ListIncidents;
using Tactics.Api.Features.Incidents.RecordIncident;

namespace Tactics.Api.Features.Incidents;

public static class IncidentEndpoints
{
    public static RouteGroupBuilder MapIncidentEndpoints(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/cases/{id:guid}/incidents").WithTags("Incidents");

        incidents.MapAppend("/", "RecordIncident",
                "Records a PV (family-dispute report, complaint) or a sensitive-matter record on a case; police only. The ETag answered is the case's new one.",
                (RecordIncidentCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (IncidentRecorded recorded) => recorded.Incident,
                (route, incidentId) => new GetIncidentQuery(route.CaseId, incidentId));

        incidents.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListIncidentsQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListIncidents")
            .WithSummary("Lists the incidents of a case, in the order they were recorded.")
            .Produces<CaseDataPage<IncidentResponse>>()
            .ProducesNotFound();

        incidents.MapGet("/{incidentId:guid}", async (Guid id, Guid incidentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetIncidentQuery(id, incidentId), ct)))
            .WithName("GetIncident")
            .WithSummary("Gets one incident of a case, section by section as far as the caller may see them.")
            .ProducesNotFound();

        return api;
    }
}
