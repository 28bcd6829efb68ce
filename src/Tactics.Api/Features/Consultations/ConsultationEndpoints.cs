using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Consultations.GetConsultation;
using Tactics.Api.Features.Consultations.ListConsultations;
using Tactics.Api.Features.Consultations.OpenConsultation;

namespace Tactics.Api.Features.Consultations;

public static class ConsultationEndpoints
{
    public static RouteGroupBuilder MapConsultationEndpoints(this RouteGroupBuilder api)
    {
        var consultations = api.MapGroup("/cases/{id:guid}/consultations").WithTags("Case consultations (458ter)");

        consultations.MapPost("/", async (Guid id, OpenConsultationCommand command, [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var opened = await mediator.Send(command with { CaseId = id, IfMatch = ifMatch }, ct);
                http.Response.Headers.ETag = opened.ETag;
                return TypedResults.Created(opened.Location, opened.Consultation);
            })
            .WithName("OpenConsultation")
            .WithSummary("Opens an article 458ter case consultation (parquet or coordination) on a high or critical case: named participants, "
                + "a purpose, an end date at which their access ends by itself. The ETag answered is the case's new one.")
            .WithIdempotencyKey((mediator, http, consultationId, ct) => Render(mediator, http, consultationId, ct))
            .ProducesNotFound()
            .ProducesPreconditionProblems(ifMatchRequired: false)
            .ProducesETag();

        consultations.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListConsultationsQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListConsultations")
            .WithSummary("Lists the 458ter consultations of a case, oldest first, active or ended.")
            .Produces<CaseDataPage<ConsultationResponse>>()
            .ProducesNotFound();

        consultations.MapGet("/{consultationId:guid}", async (Guid id, Guid consultationId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetConsultationQuery(id, consultationId), ct)))
            .WithName("GetConsultation")
            .WithSummary("Gets one 458ter consultation of a case.")
            .ProducesNotFound();

        return api;
    }

    private static async ValueTask<object> Render(IMediator mediator, HttpContext http, Guid consultationId, CancellationToken ct) =>
        await mediator.Send(new GetConsultationQuery(Guid.Parse((string)http.GetRouteValue("id")!), consultationId), ct);
}
