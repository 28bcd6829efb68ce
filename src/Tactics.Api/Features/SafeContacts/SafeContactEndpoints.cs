using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;

namespace Tactics.Api.Features.SafeContacts;

public static class SafeContactEndpoints
{
    public static RouteGroupBuilder MapSafeContactEndpoints(this RouteGroupBuilder api)
    {
        var safeContact = api.MapGroup("/cases/{id:guid}/safe-contact").WithTags("Safe contact");

        safeContact.MapPut("/", async (Guid id, PutSafeContactCommand command, [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var set = await mediator.Send(command with { CaseId = id, IfMatch = ifMatch }, ct);
                http.Response.Headers.ETag = set.ETag;
                return TypedResults.Ok(set.SafeContact);
            })
            .WithName("PutSafeContact")
            .WithSummary("Replaces the victim's safe-contact preferences (category contact): a safe phone, the windows when a call is safe "
                + "(Europe/Brussels time), whether a message may be left. Any agency that sees contact; If-Match required. The ETag answered is the case's new one.")
            .ProducesNotFound()
            .ProducesPreconditionProblems(ifMatchRequired: true)
            .ProducesETag();

        safeContact.MapGet("/", async (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var read = await mediator.Send(new GetSafeContactQuery(id), ct);
                http.Response.Headers.ETag = read.ETag;
                return TypedResults.Ok(read.SafeContact);
            })
            .WithName("GetSafeContact")
            .WithSummary("Gets the victim's safe-contact preferences (category contact), for an agency that sees contact (403 otherwise); "
                + "404 when none were set. The ETag is the case's.")
            .ProducesNotFound()
            .ProducesETag();

        return api;
    }
}
