using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Idempotency;

namespace Tactics.Api.Common.Http;

/// <summary>The one shape of a POST that appends a resource to a case (an incident, a measure, a consent, a record...).</summary>
public static class AppendEndpoints
{
    /// <summary>
    /// Maps a POST on a group under <c>/cases/{id}</c>: the command, bound with the route's case id and the optional
    /// <c>If-Match</c> header by <paramref name="bind"/>, answers 201 with <c>Location</c>, the created resource and the case's
    /// new <c>ETag</c>. <c>Idempotency-Key</c> is honoured: a replay renders the resource again through <paramref name="get"/>
    /// (a query, so the policy of the moment decides what it shows). Declares the 404, 409 and 412 problems and the ETag.
    /// </summary>
    /// <param name="group">A group whose pattern holds the case's <c>{id:guid}</c>.</param>
    /// <param name="pattern">The route under the group, usually <c>/</c>.</param>
    /// <param name="name">The operation id.</param>
    /// <param name="summary">The operation's summary.</param>
    /// <param name="bind">The command with the case id, the If-Match value and any other route value set.</param>
    /// <param name="resource">The response body out of the command's result.</param>
    /// <param name="get">The query that reads the resource by its route and its id.</param>
    public static RouteHandlerBuilder MapAppend<TCommand, TResult, TResponse>(this RouteGroupBuilder group, string pattern, string name, string summary,
        Func<TCommand, AppendRoute, TCommand> bind, Func<TResult, TResponse> resource, Func<AppendRoute, Guid, IQuery<TResponse>> get)
        where TCommand : ICommand<TResult>
        where TResult : ICreatedResource =>
        group.MapPost(pattern, async (Guid id, TCommand command, [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var created = await mediator.Send(bind(command, new AppendRoute(id, ifMatch, http.Request.RouteValues)), ct);
                http.Response.Headers.ETag = created.ETag;
                return TypedResults.Created(created.Location, resource(created));
            })
            .WithName(name)
            .WithSummary(summary)
            .WithIdempotencyKey(async (mediator, http, resourceId, ct) =>
                (await mediator.Send(get(AppendRoute.Of(http), resourceId), ct))!)
            .ProducesNotFound()
            .ProducesPreconditionProblems(ifMatchRequired: false)
            .ProducesETag();
}

/// <summary>The route of an append: the case id, the If-Match value (null on a replay) and the other route values (a measure's id...).</summary>
public sealed record AppendRoute(Guid CaseId, string? IfMatch, RouteValueDictionary Values)
{
    /// <summary>The route of a replayed request, read again from its route values.</summary>
    public static AppendRoute Of(HttpContext http) => new(Guid.Parse((string)http.GetRouteValue("id")!), null, http.Request.RouteValues);

    /// <summary>A <c>{name:guid}</c> route value.</summary>
    public Guid Id(string name) => Guid.Parse((string)Values[name]!);
}
