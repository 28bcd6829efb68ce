using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Paging;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Inbox.ListNotifications;

public sealed record ListNotificationsQuery(string? Type, int? Limit, string? Cursor) : IQuery<CursorPage<NotificationResponse>>;

public sealed class ListNotificationsValidator : AbstractValidator<ListNotificationsQuery>
{
    public ListNotificationsValidator()
    {
        RuleFor(q => q.Type).Must(EventCatalogue.IsDeliverable).When(q => q.Type is not null)
            .WithMessage("Must be an event type of the catalogue that reaches inboxes, e.g. custody.released.");
        RuleFor(q => q.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        RuleFor(q => q.Cursor).ValidCursor().Must(cursor => InboxKey.TryParse(cursor, out _))
            .WithMessage("Must be the nextCursor of a previous page.");
    }
}

/// <summary>The inbox order, unacknowledged first then newest first: the cursor is the last item's key.</summary>
internal readonly record struct InboxKey(bool Acknowledged, DateTimeOffset OccurredAt, string EventId)
{
    public string Encode() =>
        Cursor.Encode($"{(Acknowledged ? 1 : 0)}|{OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{EventId}");

    public static bool TryParse(string? cursor, out InboxKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        if (!Cursor.TryDecode(cursor, out var text) || text is null) return false;
        var parts = text.Split('|');
        if (parts.Length != 3 || parts[0] is not ("0" or "1")
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        key = new InboxKey(parts[0] == "1", new DateTimeOffset(ticks, TimeSpan.Zero), parts[2]);
        return true;
    }
}

public sealed class ListNotificationsHandler(TacticsDbContext db, ICurrentUser user)
    : IQueryHandler<ListNotificationsQuery, CursorPage<NotificationResponse>>
{
    public async ValueTask<CursorPage<NotificationResponse>> Handle(ListNotificationsQuery query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Cursor.DefaultLimit;
        InboxKey.TryParse(query.Cursor, out var after);

        var notifications = db.Notifications.AsNoTracking().Where(n => n.AgencyCode == user.AgencyCode);
        if (query.Type is not null)
        {
            notifications = notifications.Where(n => n.Type == query.Type);
        }
        if (after is { } key)
        {
            notifications = key.Acknowledged
                ? notifications.Where(n => n.Acknowledged
                    && (n.OccurredAt < key.OccurredAt || (n.OccurredAt == key.OccurredAt && string.Compare(n.EventId, key.EventId) < 0)))
                : notifications.Where(n => n.Acknowledged
                    || n.OccurredAt < key.OccurredAt || (n.OccurredAt == key.OccurredAt && string.Compare(n.EventId, key.EventId) < 0));
        }

        var rows = await notifications
            .OrderBy(n => n.Acknowledged).ThenByDescending(n => n.OccurredAt).ThenByDescending(n => n.EventId)
            .Take(limit + 1)
            .ProjectToResponse()
            .ToListAsync(cancellationToken);
        if (rows.Count <= limit) return new CursorPage<NotificationResponse>(rows, null);
        var last = rows[limit - 1];
        return new CursorPage<NotificationResponse>(rows[..limit], new InboxKey(last.Acknowledged, last.OccurredAt, last.EventId).Encode());
    }
}
