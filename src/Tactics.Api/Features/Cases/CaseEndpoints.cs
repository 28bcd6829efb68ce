using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases.GetCase;
using Tactics.Api.Features.Cases.GetTimeline;
using Tactics.Api.Features.Cases.ListCases;
using Tactics.Api.Features.Cases.OpenCase;
using Tactics.Api.Features.Cases.PatchCase;

namespace Tactics.Api.Features.Cases;

public static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseEndpoints(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");

        cases.MapPost("/", async (OpenCaseCommand command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var created = await mediator.Send(command, ct);
                http.Response.Headers.ETag = created.ETag;
                return TypedResults.Created(created.Location, created.Case);
            })
            .WithName("OpenCase")
            .WithSummary("Opens a case (victim, author, children); the caller's agency owns it.")
            .WithIdempotencyKey(async (mediator, _, id, ct) => (await mediator.Send(new GetCaseQuery(id), ct)).Case)
            .ProducesETag();

        cases.MapGet("/", async ([AsParameters] ListCasesParameters parameters, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCasesQuery(parameters.Status, parameters.RiskLevel, parameters.Zone,
                    parameters.HouseholdId, parameters.Limit, parameters.Cursor, parameters.ViolenceType), ct)))
            .WithName("ListCases")
            .WithSummary("Lists the cases the caller reaches, newest first: core data only.")
            .Produces<CursorPage<CaseSummaryResponse>>();

        cases.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var read = await mediator.Send(new GetCaseQuery(id), ct);
                http.Response.Headers.ETag = read.ETag;
                return TypedResults.Ok(read.Case);
            })
            .WithName("GetCase")
            .WithSummary("Gets a case, as far as the caller may see it; withheld names what it may not.")
            .ProducesNotFound()
            .ProducesETag();

        cases.MapPatch("/{id:guid}", async (Guid id, PatchCaseCommand patch, [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var changed = await mediator.Send(patch with { CaseId = id, IfMatch = ifMatch }, ct);
                http.Response.Headers.ETag = changed.ETag;
                return TypedResults.Ok(changed.Case);
            })
            .WithName("PatchCase")
            .WithSummary("Changes contact details, closes (with closedReason) or reopens a case: a JSON merge patch, If-Match required.")
            .Accepts<PatchCaseCommand>(PatchCaseCommand.MediaType)
            .ProducesNotFound()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesPreconditionProblems(ifMatchRequired: true)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesETag();

        cases.MapGet("/{id:guid}/timeline", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTimelineQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("GetCaseTimeline")
            .WithSummary("Lists every event of a case in the order it happened (opened, incident recorded, risk assessed, closed...).")
            .ProducesNotFound();

        return api;
    }
}

/// <summary>Query of <c>GET /cases</c>.</summary>
public sealed class ListCasesParameters
{
    /// <summary>Case status: <c>open</c> or <c>closed</c>.</summary>
    [FromQuery(Name = "status")]
    [EnumString(typeof(Domain.Cases.CaseStatus))]
    public string? Status { get; init; }

    /// <summary>Risk level: <c>low</c>, <c>medium</c>, <c>high</c> or <c>critical</c>.</summary>
    [FromQuery(Name = "riskLevel")]
    [EnumString(typeof(Domain.Cases.RiskLevel))]
    public string? RiskLevel { get; init; }

    /// <summary>A police zone number (<c>5344</c>): cases with an incident in that zone or owned by its police or SAPV.</summary>
    [FromQuery(Name = "zone")]
    [RegularExpression("^[0-9]{4}$")]
    [MaxLength(4)]
    public string? Zone { get; init; }

    /// <summary>Incident classification: <c>intrafamily</c> (VIF) or <c>partner</c> (VC): cases having an incident of that type.</summary>
    [FromQuery(Name = "violenceType")]
    [EnumString(typeof(Domain.Incidents.ViolenceType))]
    public string? ViolenceType { get; init; }

    /// <summary>The cases of one household (its id, a UUID).</summary>
    [FromQuery(Name = "householdId")]
    [RegularExpression("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    [MaxLength(36)]
    public string? HouseholdId { get; init; }

    /// <summary>Page size, 1 to 200 (50 by default).</summary>
    [FromQuery(Name = "limit")]
    [Range(1, Common.Paging.Cursor.MaxLimit)]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [FromQuery(Name = "cursor")]
    [MaxLength(Common.Paging.Cursor.MaxLength)]
    public string? Cursor { get; init; }
}
