using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Followers.FollowCase;
using Tactics.Api.Features.Followers.GetFollower;
using Tactics.Api.Features.Followers.ListFollowers;
using Tactics.Api.Features.Followers.UnfollowCase;
using Tactics.Api.Infrastructure.Auth;

namespace Tactics.Api.Features.Followers;

public static class FollowerEndpoints
{
    public static RouteGroupBuilder MapFollowerEndpoints(this RouteGroupBuilder api)
    {
        var followers = api.MapGroup("/cases/{id:guid}/followers").WithTags("Followers");

        followers.MapPost("/", async Task<Results<Created<FollowerResponse>, Ok<FollowerResponse>>> (
                Guid id, FollowCaseCommand? command, IMediator mediator, CancellationToken ct) =>
            {
                var followed = await mediator.Send((command ?? new FollowCaseCommand()) with { CaseId = id }, ct);
                return followed.Started ? TypedResults.Created(followed.Location, followed.Follower) : TypedResults.Ok(followed.Follower);
            })
            .WithName("FollowCase")
            .WithSummary("The caller's agency follows the case (body {}): 201 when it starts, 200 when it already follows. "
                + "Needs a basis covering the case's events beyond core (facts, risk, judicial or measures), or to own the case; 403 basis-required otherwise.")
            .WithIdempotencyKey(async (mediator, http, caseId, ct) =>
                await mediator.Send(new GetFollowerQuery(caseId, http.RequestServices.GetRequiredService<ICurrentUser>().AgencyCode), ct))
            .ProducesNotFound();

        followers.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListFollowersQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListFollowers")
            .WithSummary("Lists the agencies following a case (agency code and since), by agency code.")
            .Produces<CaseDataPage<FollowerResponse>>()
            .ProducesNotFound();

        followers.MapGet("/{agencyCode}", async (Guid id, [MaxLength(FollowerResponse.AgencyCodeMaxLength)] string agencyCode,
                IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetFollowerQuery(id, agencyCode), ct)))
            .WithName("GetFollower")
            .WithSummary("Gets one follower of a case: since when that agency follows it (404 when it does not).")
            .ProducesNotFound();

        followers.MapDelete("/{agencyCode}", async (Guid id, [MaxLength(FollowerResponse.AgencyCodeMaxLength)] string agencyCode,
                IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new UnfollowCaseCommand(id, agencyCode), ct);
                return TypedResults.NoContent();
            })
            .WithName("UnfollowCase")
            .WithSummary("The caller's agency stops following the case (its own agency code only; 403 for another's). 204, followed or not.")
            .ProducesNotFound();

        return api;
    }
}
