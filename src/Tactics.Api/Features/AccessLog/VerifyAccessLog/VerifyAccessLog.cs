using FluentValidation;
using Mediator;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.AccessLog.VerifyAccessLog;

public sealed record VerifyAccessLogQuery(Guid? CaseId) : IQuery<AccessLogVerificationResponse>;

/// <summary>The result of walking the hash chains of the access log of the caller's agency's cases.</summary>
/// <param name="EntriesChecked">Entries checked, up to and including the first broken one.</param>
/// <param name="Intact">True when every chain verifies.</param>
/// <param name="FirstBrokenLink">The first entry whose hash or link does not match, if any.</param>
public sealed record AccessLogVerificationResponse(
    [property: System.ComponentModel.DataAnnotations.Range(0, long.MaxValue)] long EntriesChecked,
    bool Intact,
    BrokenLinkResponse? FirstBrokenLink);

/// <summary>Where the chain breaks: the case, the entry's position in its chain, the entry id.</summary>
public sealed record BrokenLinkResponse(
    Guid CaseId,
    [property: System.ComponentModel.DataAnnotations.Range(1, long.MaxValue)] long Sequence,
    Guid EntryId);

public sealed class VerifyAccessLogValidator : AbstractValidator<VerifyAccessLogQuery>
{
    public VerifyAccessLogValidator() => RuleFor(q => q.CaseId).NotEqual(Guid.Empty);
}

public sealed class VerifyAccessLogHandler(AccessLogVerifier verifier, ICurrentUser user)
    : IQueryHandler<VerifyAccessLogQuery, AccessLogVerificationResponse>
{
    public async ValueTask<AccessLogVerificationResponse> Handle(VerifyAccessLogQuery query, CancellationToken cancellationToken)
    {
        if (!user.HasRole(UserRoles.Dpo))
        {
            throw new ForbiddenException(ProblemTypes.RoleRequired, "Verifying the access log needs the dpo role.");
        }
        // Only the cases the caller's agency owns: another agency's case answers like one that does not exist.
        var result = await verifier.VerifyOwnedAsync(user.AgencyCode, query.CaseId, cancellationToken) ?? throw new NotFoundException("case");
        return new AccessLogVerificationResponse(
            result.EntriesChecked,
            result.FirstBrokenLink is null,
            result.FirstBrokenLink is { } broken ? new BrokenLinkResponse(broken.CaseId, broken.Sequence, broken.EntryId) : null);
    }
}

public static class AccessLogEndpoints
{
    public static RouteGroupBuilder MapAccessLogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/access-log/verification", async (Guid? caseId, Mediator.IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new VerifyAccessLogQuery(caseId), ct)))
            .WithTags("Access log")
            .WithName("VerifyAccessLog")
            .WithSummary("Verifies the access log's hash chains of the cases the caller's agency owns (dpo): one case with caseId, else all of them; reports the first entry that was altered, if any.")
            .ProducesNotFound();

        api.MapGet("/cases/{id:guid}/access-log", async (Guid id, [AsParameters] Common.Paging.PageParameters page, Mediator.IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetCaseAccessLog.GetCaseAccessLogQuery(id, page.Limit, page.Cursor), ct)))
            .WithTags("Access log")
            .WithName("GetCaseAccessLog")
            .WithSummary("Who saw this file: every read and write of the case, with categories, bases and withheld reasons; never the data.")
            .Produces<Common.Paging.CursorPage<GetCaseAccessLog.AccessLogEntryResponse>>()
            .ProducesNotFound();
        return api;
    }
}
