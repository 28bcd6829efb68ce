using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Http;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Common.Time;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Features.Cases;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Measures.ReportCompliance;

/// <summary>A justice house reports on how the author keeps to a protective measure.</summary>
/// <param name="Status">complied, breach or not_reachable.</param>
/// <param name="ObservedAt">When the breach happened (required for a breach), or when the author was checked or could not be reached (UTC; the time of the report when omitted). Not in the future.</param>
/// <param name="Details">What happened, in a few words: required for a breach.</param>
public sealed record ReportComplianceCommand(
    [property: Required] ComplianceStatus? Status,
    DateTimeOffset? ObservedAt,
    [property: MaxLength(ComplianceReport.MaxDetailsLength)] string? Details) : ICommand<ComplianceReported>
{
    [JsonIgnore] public Guid CaseId { get; init; }
    [JsonIgnore] public Guid MeasureId { get; init; }
    [JsonIgnore] public string? IfMatch { get; init; }
}

/// <summary>The recorded report and the case's new ETag.</summary>
public sealed record ComplianceReported(ComplianceReportResponse Report, string ETag) : ICreatedResource
{
    public Guid ResourceId => Report.Id;
    public string Location => CaseRoutes.ComplianceReport(Report.CaseId, Report.MeasureId, Report.Id);
}

public sealed class ReportComplianceValidator : AbstractValidator<ReportComplianceCommand>
{
    // Allow for a client clock a little ahead of ours.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ReportComplianceValidator(TimeProvider time)
    {
        RuleFor(c => c.IfMatch).MaximumLength(ETags.MaxLength).OverridePropertyName("If-Match");
        RuleFor(c => c.MeasureId).NotEmpty();
        RuleFor(c => c.Status).NotNull().IsInEnum();
        RuleFor(c => c.ObservedAt).NotNull().When(c => c.Status == ComplianceStatus.Breach).WithMessage("A breach says when it happened.");
        RuleFor(c => c.ObservedAt)
            .Must(at => at <= time.GetUtcNow() + ClockSkew).WithMessage("Must not be in the future.")
            .Must(at => at >= Earliest).WithMessage("Must be a date from 1900 on.")
            .When(c => c.ObservedAt is not null);
        RuleFor(c => c.Details).Must(details => !string.IsNullOrWhiteSpace(details)).When(c => c.Status == ComplianceStatus.Breach)
            .WithMessage("A breach says what happened.");
        RuleFor(c => c.Details).MaximumLength(ComplianceReport.MaxDetailsLength);
    }
}

/// <summary>
/// Justice house only, on a case it sees the measures of (404 for a case it does not reach, or a measure of another case).
/// A breach raises <c>measure.breached</c>: to the police of the victim's zone and the parquet(s) reaching the case by legal
/// mission (<see cref="EventCatalogue"/>).
/// </summary>
public sealed class ReportComplianceHandler(ICaseAccess access, TacticsDbContext db, ICurrentUser user, TimeProvider time)
    : ICommandHandler<ReportComplianceCommand, ComplianceReported>
{
    public async ValueTask<ComplianceReported> Handle(ReportComplianceCommand command, CancellationToken cancellationToken)
    {
        var @case = await access.WriteAsync(command.CaseId, [CaseAction.ReportCompliance], command.IfMatch, ifMatchRequired: false, cancellationToken);
        var measure = await db.ProtectiveMeasures.AsNoTracking().SingleOrDefaultAsync(m => m.Id == command.MeasureId && m.CaseId == @case.Id, cancellationToken)
            ?? throw new NotFoundException("measure");

        var now = time.UtcNowStored();
        var report = new ComplianceReport(@case.Id, measure.Id, command.Status!.Value, command.ObservedAt?.TruncateToStored() ?? now,
            string.IsNullOrWhiteSpace(command.Details) ? null : command.Details.Trim(), user.AgencyCode, user.UserId, now);
        db.ComplianceReports.Add(report);
        @case.ReportCompliance(measure, report, user.AgencyCode, now);

        var response = MeasureView.Render(report, access.VisibilityOf(@case.Core))
            ?? throw new InvalidOperationException("An agency that reports on measures sees them.");
        return new ComplianceReported(response, (await access.StampAsync(@case, cancellationToken)).ETag);
    }
}
