using Mediator;
using Tactics.Api.Common.Http;
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

        assessments.MapAppend("/", "AssessRisk",
                "Records a risk assessment (the five-question checklist); the computed or overridden level becomes the case's. The ETag answered is the case's new one.",
                (AssessRiskCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (RiskAssessed assessed) => assessed.Assessment,
                (route, assessmentId) => new GetRiskAssessmentQuery(route.CaseId, assessmentId));

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
}
