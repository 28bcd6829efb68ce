using Mediator;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;

namespace Tactics.Api.Features.Notifications.Inbox.AcknowledgeNotification;

public sealed record AcknowledgeNotificationCommand(Guid Id) : ICommand<NotificationResponse>;

/// <summary>Records who acknowledged an inbox item and when; the first acknowledgement stands.</summary>
public sealed class AcknowledgeNotificationHandler(TacticsDbContext db, ICurrentUser user, TimeProvider time)
    : ICommandHandler<AcknowledgeNotificationCommand, NotificationResponse>
{
    public async ValueTask<NotificationResponse> Handle(AcknowledgeNotificationCommand command, CancellationToken cancellationToken)
    {
        // Only an unacknowledged item changes, in one statement, so two users acknowledging at once keep the first.
        var now = time.GetUtcNow();
        await db.Notifications
            .Where(n => n.Id == command.Id && n.AgencyCode == user.AgencyCode && !n.Acknowledged)
            .ExecuteUpdateAsync(set => set
                .SetProperty(n => n.Acknowledged, true)
                .SetProperty(n => n.AcknowledgedAt, now)
                .SetProperty(n => n.AcknowledgedBy, user.UserId), cancellationToken);
        // Another agency's item answers exactly like a missing one.
        return await db.Notifications.AsNoTracking()
            .Where(n => n.Id == command.Id && n.AgencyCode == user.AgencyCode)
            .ProjectToResponse()
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("notification");
    }
}
