using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.RiskAssessments.AssessRisk;
using Tactics.Api.Features.RiskAssessments.GetRiskAssessment;
using Tactics.Api.Features.RiskAssessments.ListRiskAssessments;

namespace Tactics.Api.Features.RiskAssessments;

public static class RiskAssessmentEndpoints
{
    public static RouteGroupBuilder MapRiskAssessmentEndpoints(this RouteGroupBuilder api)
    {
        var assessments = api.MapGroup("/cases/{id:guid}/risk-assessments").WithTags("Risk assessments");

        assessments.MapPost("/", async (Guid id, AssessRiskCommand command, [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch,
                IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var assessed = await mediator.Send(command with { CaseId = id, IfMatch = ifMatch }, ct);
                http.Response.Headers.ETag = assessed.ETag;
                return TypedResults.Created(assessed.Location, assessed.Assessment);
            })
            .WithName("AssessRisk")
            .WithSummary("Records a risk assessment (the five-question checklist); the computed or overridden level becomes the case's. The ETag answered is the case's new one.")
            .WithIdempotencyKey((mediator, http, assessmentId, ct) => Render(mediator, http, assessmentId, ct))
            .ProducesNotFound()
            .ProducesPreconditionProblems(ifMatchRequired: false)
            .ProducesETag();

        assessments.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListRiskAssessmentsQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListRiskAssessments")
            .WithSummary("Lists the risk assessments of a case, oldest first: the history of its risk level.")
            .ProducesNotFound();

        assessments.MapGet("/{assessmentId:guid}", async (Guid id, Guid assessmentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetRiskAssessmentQuery(id, assessmentId), ct)))
            .WithName("GetRiskAssessment")
            .WithSummary("Gets one risk assessment of a case.")
            .ProducesNotFound();

        return api;
    }

    private static async ValueTask<object> Render(IMediator mediator, HttpContext http, Guid assessmentId, CancellationToken ct) =>
        await mediator.Send(new GetRiskAssessmentQuery(Guid.Parse((string)http.GetRouteValue("id")!), assessmentId), ct);
}
