using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Validation;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>
/// The followers of a case whose basis, decided now by the one sharing policy, covers the event's category: a follower
/// whose consent was revoked, or whose consultation ended, hears nothing more, though it still follows.
/// </summary>
internal sealed class PolicyFollowerSource(TacticsDbContext db, IServiceScopeFactory scopes, IHttpContextAccessor http) : IFollowerSource
{
    public async ValueTask<IReadOnlyDictionary<(Guid CaseId, EventCategory Category), IReadOnlyCollection<string>>> FollowersCoveringAsync(
        IReadOnlyCollection<(Guid CaseId, EventCategory Category)> wanted, CancellationToken cancellationToken)
    {
        var caseIds = wanted.Select(w => w.CaseId).Distinct().ToList();
        var followers = await db.CaseFollowers.AsNoTracking().Where(f => caseIds.Contains(f.CaseId))
            .Join(db.Agencies, f => f.AgencyCode, a => a.Code, (f, a) => new { f.CaseId, a.Code, a.Kind })
            .ToListAsync(cancellationToken);
        var result = new Dictionary<(Guid CaseId, EventCategory Category), IReadOnlyCollection<string>>();

        foreach (var agency in followers.GroupBy(f => (f.Code, f.Kind)))
        {
            // The policy decides for a caller: each follower agency is the caller of its own scope.
            await using var scope = scopes.CreateAsyncScope();
            var previous = http.HttpContext;
            http.HttpContext = new DefaultHttpContext
            {
                RequestServices = scope.ServiceProvider,
                User = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(TacticsClaims.Subject, "event-routing"),
                    new Claim(TacticsClaims.Agency, agency.Key.Code),
                    new Claim(TacticsClaims.AgencyKind, EnumNames.Name(agency.Key.Kind)),
                ], "event-routing")),
            };
            try
            {
                var access = scope.ServiceProvider.GetRequiredService<ICaseAccess>();
                foreach (var caseId in agency.Select(f => f.CaseId).Distinct())
                {
                    var visibility = await access.VisibilityForRoutingAsync(caseId, cancellationToken);
                    if (visibility is null) continue;
                    foreach (var key in wanted.Where(w => w.CaseId == caseId && visibility.Sees(Enum.Parse<DataCategory>(w.Category.ToString()))))
                    {
                        result[key] = [.. result.GetValueOrDefault(key) ?? [], agency.Key.Code];
                    }
                }
            }
            finally
            {
                http.HttpContext = previous;
            }
        }
        return result;
    }
}
