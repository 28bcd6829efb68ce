using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Paging;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Measures.GetMeasure;
using Tactics.Api.Features.Measures.ImposeMeasure;
using Tactics.Api.Features.Measures.LiftMeasure;
using Tactics.Api.Features.Measures.ListComplianceReports;
using Tactics.Api.Features.Measures.ListMeasures;
using Tactics.Api.Features.Measures.ReportCompliance;

namespace Tactics.Api.Features.Measures;

public static class MeasureEndpoints
{
    public static RouteGroupBuilder MapMeasureEndpoints(this RouteGroupBuilder api)
    {
        var measures = api.MapGroup("/cases/{id:guid}/measures").WithTags("Measures");

        measures.MapAppend("/", "ImposeMeasure",
                "Imposes a protective measure (itr, no_contact, no_approach, alarm_button, shelter); police or parquet only. "
                + "The ETag answered is the case's new one.",
                (ImposeMeasureCommand command, AppendRoute route) => command with { CaseId = route.CaseId, IfMatch = route.IfMatch },
                (MeasureImposed imposed) => imposed.Measure,
                (route, measureId) => new GetMeasureQuery(route.CaseId, measureId));

        measures.MapGet("/", async (Guid id, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListMeasuresQuery(id, page.Limit, page.Cursor), ct)))
            .WithName("ListMeasures")
            .WithSummary("Lists the protective measures of a case, in the order they were imposed (category measures).")
            .Produces<CaseDataPage<MeasureResponse>>()
            .ProducesNotFound();

        measures.MapGet("/{measureId:guid}", async (Guid id, Guid measureId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMeasureQuery(id, measureId), ct)))
            .WithName("GetMeasure")
            .WithSummary("Gets one protective measure of a case (category measures).")
            .ProducesNotFound();

        measures.MapPost("/{measureId:guid}/lifting", async (Guid id, Guid measureId, LiftMeasureCommand command,
                [FromHeader(Name = "If-Match"), MaxLength(ETags.MaxLength)] string? ifMatch, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var lifted = await mediator.Send(command with { CaseId = id, MeasureId = measureId, IfMatch = ifMatch }, ct);
                http.Response.Headers.ETag = lifted.ETag;
                return TypedResults.Ok(lifted.Measure);
            })
            .WithName("LiftMeasure")
            .WithSummary("Lifts a protective measure, with the reason; police or parquet only. 409 when it is already lifted or expired. "
                + "The ETag answered is the case's new one.")
            .WithIdempotencyKey((mediator, http, measureId, ct) => Render(mediator, http, measureId, ct))
            .ProducesNotFound()
            .ProducesPreconditionProblems(ifMatchRequired: false)
            .ProducesETag();

        // The justice house's follow-up of a measure (category measures, like the measure).
        var reports = api.MapGroup("/cases/{id:guid}/measures/{measureId:guid}/compliance-reports").WithTags("Measures");

        reports.MapAppend("/", "ReportCompliance",
                "Records a justice house's report on a measure: complied, breach (what and when) or not_reachable; justice house only. "
                + "A breach raises measure.breached to the police of the victim's zone and the parquet(s) reaching the case by legal mission. "
                + "The ETag answered is the case's new one.",
                (ReportComplianceCommand command, AppendRoute route) => command with
                {
                    CaseId = route.CaseId, MeasureId = route.Id("measureId"), IfMatch = route.IfMatch,
                },
                (ComplianceReported reported) => reported.Report,
                (route, reportId) => new GetComplianceReportQuery(route.CaseId, route.Id("measureId"), reportId));

        reports.MapGet("/", async (Guid id, Guid measureId, [AsParameters] PageParameters page, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListComplianceReportsQuery(id, measureId, page.Limit, page.Cursor), ct)))
            .WithName("ListComplianceReports")
            .WithSummary("Lists the justice house's reports on a measure, oldest first (category measures; 404 to a caller that does not see measures).")
            .Produces<CaseDataPage<ComplianceReportResponse>>()
            .ProducesNotFound();

        reports.MapGet("/{reportId:guid}", async (Guid id, Guid measureId, Guid reportId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetComplianceReportQuery(id, measureId, reportId), ct)))
            .WithName("GetComplianceReport")
            .WithSummary("Gets one report on a measure (category measures).")
            .ProducesNotFound();

        return api;
    }

    private static async ValueTask<object> Render(IMediator mediator, HttpContext http, Guid measureId, CancellationToken ct) =>
        await mediator.Send(new GetMeasureQuery(Guid.Parse((string)http.GetRouteValue("id")!), measureId), ct);
}
