using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;
using Tactics.Api.Domain.Notifications;

namespace Tactics.Api.Features.Cases.GetTimeline;

public sealed record GetTimelineQuery(Guid CaseId, int? Limit, string? Cursor) : IQuery<CaseDataPage<CaseEventResponse>>;

public sealed class GetTimelineValidator : AbstractValidator<GetTimelineQuery>
{
    public GetTimelineValidator()
    {
        RuleFor(q => q.CaseId).NotEmpty();
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => SequenceCursor.TryParse(cursor, out _))
            .WithMessage("Must be the nextCursor of a previous page.");
    }
}

public sealed class GetTimelineHandler(ICaseAccess access, TacticsDbContext db, CaseView view)
    : IQueryHandler<GetTimelineQuery, CaseDataPage<CaseEventResponse>>
{
    public async ValueTask<CaseDataPage<CaseEventResponse>> Handle(GetTimelineQuery query, CancellationToken cancellationToken)
    {
        var grant = await access.ReadAsync(query.CaseId, withPersons: false, cancellationToken);
        var limit = query.Limit ?? Cursor.DefaultLimit;
        SequenceCursor.TryParse(query.Cursor, out var after);

        var events = db.CaseEvents.AsNoTracking().Where(e => e.CaseId == grant.Case.Id);
        if (after is { } last)
        {
            events = events.Where(e => e.Number > last);
        }
        var rows = await events.OrderBy(e => e.Number).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.Page(rows, limit, e => e.Number.ToString(CultureInfo.InvariantCulture));
        // An event of a category the caller may not see is left out: that a release or a measure exists is itself judicial or measures data.
        var taskIds = page.Items.Where(e => e.TaskId is not null && EventCatalogue.Types.GetValueOrDefault(e.Type)?.Rule == AudienceRule.TaskCategory)
            .Select(e => e.TaskId!.Value).ToList();
        var taskKinds = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Kind, cancellationToken);
        var visible = page.Items.Where(e => EventCatalogue.Types.GetValueOrDefault(e.Type)?.Rule switch
        {
            // A type outside the catalogue: only the agency that wrote it.
            null => e.ActorAgency == access.Caller.AgencyCode,
            AudienceRule.Category or AudienceRule.TaskCategory =>
                EventCatalogue.TimelineCategory(e.Type, e.TaskId is { } taskId ? taskKinds.GetValueOrDefault(taskId) : null) is { } category
                && grant.Visibility.Sees(category),
            // The record's category is not on the entry: only its author's agency sees it.
            AudienceRule.RecordCategory => e.ActorAgency == access.Caller.AgencyCode,
            _ => true,
        });
        return view.Page(new CursorPage<CaseEventResponse>([.. visible.Select(view.Event)], page.NextCursor), grant.Visibility);
    }
}

/// <summary>A cursor holding the number of the last event seen (timeline).</summary>
internal static class SequenceCursor
{
    public static bool TryParse(string? cursor, out int? after)
    {
        after = null;
        if (!Cursor.TryDecode(cursor, out var key)) return false;
        if (key is null) return true;
        if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        after = value;
        return true;
    }
}
