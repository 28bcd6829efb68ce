using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
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

        incidents.MapPost("/", async (Guid id, RecordIncidentCommand command, [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var recorded = await mediator.Send(command with { CaseId = id, IfMatch = ifMatch }, ct);
                http.Response.Headers.ETag = recorded.ETag;
                return TypedResults.Created(recorded.Location, recorded.Incident);
            })
            .WithName("RecordIncident")
            .WithSummary("Records a PV (family-dispute report, complaint) or a sensitive-matter record on a case; police only. The ETag answered is the case's new one.")
            .WithIdempotencyKey((mediator, http, incidentId, ct) => Render(mediator, http, incidentId, ct))
            .ProducesNotFound()
            .ProducesPreconditionProblems(ifMatchRequired: false)
            .ProducesETag();

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

    private static async ValueTask<object> Render(IMediator mediator, HttpContext http, Guid incidentId, CancellationToken ct) =>
        await mediator.Send(new GetIncidentQuery(Guid.Parse((string)http.GetRouteValue("id")!), incidentId), ct);
}
