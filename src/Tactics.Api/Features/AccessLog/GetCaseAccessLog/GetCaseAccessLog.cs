using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.AccessLog.GetCaseAccessLog;

/// <summary>"Who saw this file": the access log of one case, in order.</summary>
public sealed record GetCaseAccessLogQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CursorPage<AccessLogEntryResponse>>;

/// <summary>One access to the case: who, which agency, what was given on which basis and what was withheld; never the data.</summary>
/// <param name="Sequence">The entry's position in the case's chain; for the owner agency's referent or dpo only (omitted for any other reader: it counts the others' accesses).</param>
/// <param name="At">When (UTC).</param>
/// <param name="UserId">Who (the token's <c>sub</c>).</param>
/// <param name="AgencyCode">The agency of that user.</param>
/// <param name="AgencyKind">Its kind.</param>
/// <param name="Action"><c>read</c> or <c>write</c>.</param>
/// <param name="Operation">The use case (the endpoint's operation id).</param>
/// <param name="Outcome"><c>permitted</c> or <c>denied</c>.</param>
/// <param name="Granted">The categories given, each with its basis (<c>category:basis</c>).</param>
/// <param name="Withheld">The categories withheld, each with its reason, as far as the reader may know of them.</param>
/// <param name="RequestId">The request's id.</param>
/// <param name="Hash">The entry's hash in the case's chain; for the owner agency's referent or dpo only, like <c>sequence</c>.</param>
public sealed record AccessLogEntryResponse(
    [property: Range(1, long.MaxValue)] long? Sequence,
    DateTimeOffset At,
    [property: MaxLength(100)] string UserId,
    [property: MaxLength(64)] string AgencyCode,
    [property: MaxLength(32)] string AgencyKind,
    [property: MaxLength(16)] string Action,
    [property: MaxLength(100)] string Operation,
    [property: MaxLength(16)] string Outcome,
    [property: BoundedItems(11, 64)] IReadOnlyList<string> Granted,
    [property: BoundedItems(11, 64)] IReadOnlyList<string> Withheld,
    [property: MaxLength(100)] string RequestId,
    [property: MaxLength(64)] string? Hash);

public sealed class GetCaseAccessLogValidator : AbstractValidator<GetCaseAccessLogQuery>
{
    public GetCaseAccessLogValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(c => c is null || (Cursor.TryDecode(c, out var key) && long.TryParse(key, out _)))
            .WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>
/// The owner agency's referent or dpo reads the entries in categories the owner sees (never a 458bis entry), each with the
/// withheld categories it sees (<see cref="Sharing.SideRecordPolicy.ForOwnersAccessLog"/>); the dpo of another agency that
/// reached the case (a 458bis disclosure reaches nothing) reads its own agency's entries, never its 458bis entries; the
/// referent or dpo of a parquet a 458bis disclosure on the case was addressed to reads the disclosure's entries. Only the
/// owner's referent or dpo gets the chain fields (<c>sequence</c>, <c>hash</c>: <see cref="Sharing.SideRecordPolicy.SeesAccessLogChain"/>).
/// Anyone else who sees the case gets 403; who has no basis on it, 404 like a case that does not exist.
/// Entries are filtered before paging. Bases are answered in the contract's spelling, old rows included.
/// </summary>
public sealed class GetCaseAccessLogHandler(TacticsDbContext db, ICurrentUser user, Sharing.ICaseAccess access)
    : IQueryHandler<GetCaseAccessLogQuery, CursorPage<AccessLogEntryResponse>>
{
    public async ValueTask<CursorPage<AccessLogEntryResponse>> Handle(GetCaseAccessLogQuery query, CancellationToken cancellationToken)
    {
        var owner = await db.Cases.AsNoTracking().Where(c => c.Id == query.CaseId).Select(c => c.OwnerAgency).SingleOrDefaultAsync(cancellationToken);
        var me = user.AgencyCode;
        var entries = db.AccessLog.AsNoTracking().Where(e => e.CaseId == query.CaseId);
        var reached = owner is not null && await ReachedAsync(entries.Where(e => e.AgencyCode == me && e.Outcome == "permitted"), cancellationToken);
        var visibility = owner is null ? null : await access.VisibilityForRoutingAsync(query.CaseId, cancellationToken);

        var referentOrDpo = user.HasRole(UserRoles.Referent) || user.HasRole(UserRoles.Dpo);
        var asOwner = owner == me && visibility is not null && referentOrDpo;
        var asOwnAgency = reached && user.HasRole(UserRoles.Dpo);
        var asAddressedParquet = owner is not null && referentOrDpo
            && await db.Disclosures.AnyAsync(d => d.CaseId == query.CaseId && d.ParquetAgency == me, cancellationToken);
        if (!asOwner && !asOwnAgency && !asAddressedParquet)
        {
            if (visibility is not null)
            {
                throw new ForbiddenException(ProblemTypes.RoleRequired,
                    "The access log of a case is for the owner agency's referent or dpo, or the dpo of an agency that reached it.");
            }
            throw new NotFoundException("case");
        }
        if (!asOwner && !asAddressedParquet)
        {
            entries = entries.Where(e => e.AgencyCode == me);
        }

        // Each reader's share (DESIGN.md, "Side records are case data too"): an entry is shown when one of the caller's roles covers it.
        Sharing.AccessLogEntryView show(Domain.Audit.AccessLogEntry e)
        {
            if (asOwner && Sharing.SideRecordPolicy.ForOwnersAccessLog(e.Granted, e.Withheld, visibility!) is { Visible: true } owned) return owned;
            if (asOwnAgency && e.AgencyCode == me && !Sharing.SideRecordPolicy.IsDisclosureEntry(e.Granted)) return new Sharing.AccessLogEntryView(true, e.Withheld);
            if (asAddressedParquet && Sharing.SideRecordPolicy.IsDisclosureEntry(e.Granted)) return new Sharing.AccessLogEntryView(true, e.Withheld);
            return Sharing.AccessLogEntryView.Hidden;
        }

        var limit = query.Limit ?? Cursor.DefaultLimit;
        long? after = Cursor.TryDecode(query.Cursor, out var key) && key is not null ? long.Parse(key, System.Globalization.CultureInfo.InvariantCulture) : null;
        var views = new Dictionary<long, Sharing.AccessLogEntryView>();
        var page = await FilteredPage.CollectAsync<Domain.Audit.AccessLogEntry>(
            async (last, take, ct) =>
            {
                var from = last?.Sequence ?? after;
                var rows = from is { } sequence ? entries.Where(e => e.Sequence > sequence) : entries;
                return await rows.OrderBy(e => e.Sequence).Take(take).ToListAsync(ct);
            },
            (e, _) =>
            {
                var view = show(e);
                views[e.Sequence] = view;
                return Task.FromResult(view.Visible);
            },
            limit, e => e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        var chain = asOwner && Sharing.SideRecordPolicy.SeesAccessLogChain(access.Caller, owner!);
        return new CursorPage<AccessLogEntryResponse>(
            [.. page.Items.Select(e => new AccessLogEntryResponse(chain ? e.Sequence : null, e.At, e.UserId, e.AgencyCode, e.AgencyKind, e.Action, e.Operation, e.Outcome,
                [.. e.Granted.Select(Sharing.AccessLog.ReadGranted)], views[e.Sequence].Withheld, e.RequestId, chain ? e.Hash : null))],
            page.NextCursor);
    }

    /// <summary>Whether one of the agency's permitted accesses reached the case: a 458bis disclosure gives its discloser no access.</summary>
    private static async Task<bool> ReachedAsync(IQueryable<Domain.Audit.AccessLogEntry> own, CancellationToken cancellationToken)
    {
        await foreach (var granted in own.OrderBy(e => e.Sequence).Select(e => e.Granted).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!Sharing.SideRecordPolicy.IsDisclosureEntry(granted)) return true;
        }
        return false;
    }
}
