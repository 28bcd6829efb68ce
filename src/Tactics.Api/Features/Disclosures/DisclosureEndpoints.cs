using Mediator;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Disclosures.DiscloseDanger;
using Tactics.Api.Features.Disclosures.ListDisclosures;

namespace Tactics.Api.Features.Disclosures;

public static class DisclosureEndpoints
{
    public static RouteGroupBuilder MapDisclosureEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/disclosures", async (DiscloseDangerCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var recorded = await mediator.Send(command, ct);
                return TypedResults.Accepted((string?)null, new DisclosureAcceptedResponse(recorded.Id));
            })
            .WithTags("Disclosures (458bis)")
            .WithName(DiscloseDangerHandler.Operation)
            .WithSummary("Article 458bis: a professional under secrecy (health, cpas, victim_support, perpetrator_support) informs the competent "
                + "parquet of serious, imminent danger. Joins or opens a case by household matching and answers 202 with the disclosure's id "
                + "alone, whether or not a case existed; the discloser gets no access to the case.")
            .WithIdempotencyKey((_, _, disclosureId, _) => ValueTask.FromResult<object>(new DisclosureAcceptedResponse(disclosureId)));

        api.MapGet("/cases/{id:guid}/disclosures", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListDisclosuresQuery(id, page.Limit, page.Cursor), ct)))
            .WithTags("Disclosures (458bis)")
            .WithName("ListDisclosures")
            .WithSummary("Lists the 458bis disclosures made to the caller's parquet on a case, oldest first; parquet only (403 for other kinds).")
            .Produces<CaseDataPage<DisclosureResponse>>()
            .ProducesNotFound();

        return api;
    }
}
