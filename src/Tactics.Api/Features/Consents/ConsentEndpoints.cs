using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Consents.GrantConsent;
using Tactics.Api.Features.Consents.ListConsents;
using Tactics.Api.Features.Consents.RevokeConsent;

namespace Tactics.Api.Features.Consents;

public static class ConsentEndpoints
{
    public static RouteGroupBuilder MapConsentEndpoints(this RouteGroupBuilder api)
    {
        var consents = api.MapGroup("/cases/{id:guid}/consents").WithTags("Consents");

        consents.MapAppend("/", "GrantConsent",
                "Records the victim's consent in the case's ledger (append-only); any agency that sees the victim's identity, never to itself, "
                + "for categories it holds: by legal mission, as the owner (core, identity, contact, children), or social and health it wrote records in "
                + "on this case (400 naming categories otherwise).",
                (GrantConsentCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (ConsentGranted granted) => granted.Consent,
                (route, consentId) => new GetConsentQuery(route.CaseId, consentId));

        consents.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListConsentsQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListConsents")
            .WithSummary("The entries of the case's consent ledger the caller may see (its recorder, its recipient, the owner when it sees every "
                + "category granted), oldest first, cursor-paged, each with its status now.")
            .Produces<CaseDataPage<ConsentResponse>>()
            .ProducesNotFound();

        consents.MapGet("/{consentId:guid}", async (Guid id, Guid consentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetConsentQuery(id, consentId), ct)))
            .WithName("GetConsent")
            .WithSummary("One entry of the consent ledger.")
            .ProducesNotFound();

        consents.MapPost("/{consentId:guid}/revocation", async (Guid id, Guid consentId, RevokeConsentCommand command,
                [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var revoked = await mediator.Send(command with { CaseId = id, ConsentId = consentId, IfMatch = ifMatch }, ct);
                http.Response.Headers.ETag = revoked.ETag;
                return TypedResults.Ok(revoked.Consent);
            })
            .WithName("RevokeConsent")
            .WithSummary("Revokes a consent: from the next request on, it opens nothing. By its recorder, its recipient or the case owner. "
                + "The ledger keeps both entries.")
            .ProducesNotFound()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesPreconditionProblems(ifMatchRequired: false)
            .ProducesETag();

        return api;
    }
}
