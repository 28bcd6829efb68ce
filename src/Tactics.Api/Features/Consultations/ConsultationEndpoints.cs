using Mediator;
using Tactics.Api.Common.Http;
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

        consultations.MapAppend("/", "OpenConsultation",
                "Opens an article 458ter case consultation (parquet or coordination) on a high or critical case: named participants, "
                + "a purpose, an end date at which their access ends by itself. The ETag answered is the case's new one.",
                (OpenConsultationCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (ConsultationOpened opened) => opened.Consultation,
                (route, consultationId) => new GetConsultationQuery(route.CaseId, consultationId));

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
}
