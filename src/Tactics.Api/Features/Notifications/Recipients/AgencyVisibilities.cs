using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Validation;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications.Recipients;

/// <summary>What each candidate agency may see of each case of a dispatch batch, decided by the one sharing policy.</summary>
public interface IAgencyVisibilities
{
    /// <summary>
    /// The visibility of each (agency, case) pair at <paramref name="now"/>; a pair is absent when the agency has no basis
    /// on the case (or the case does not exist).
    /// </summary>
    Task<IReadOnlyDictionary<(string Agency, Guid CaseId), CaseVisibility>> DecideAsync(
        IReadOnlyCollection<(string Agency, Guid CaseId)> pairs, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Interim: decides through ICaseAccess for each agency in a scope of its own.</summary>
internal sealed class AgencyVisibilities(TacticsDbContext db, IServiceScopeFactory scopes, IHttpContextAccessor http) : IAgencyVisibilities
{
    public async Task<IReadOnlyDictionary<(string Agency, Guid CaseId), CaseVisibility>> DecideAsync(
        IReadOnlyCollection<(string Agency, Guid CaseId)> pairs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var codes = pairs.Select(p => p.Agency).Distinct().ToList();
        var kinds = await db.Agencies.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Kind, cancellationToken);
        var result = new Dictionary<(string Agency, Guid CaseId), CaseVisibility>();
        foreach (var agency in pairs.Where(p => kinds.ContainsKey(p.Agency)).GroupBy(p => p.Agency))
        {
            await using var scope = scopes.CreateAsyncScope();
            var previous = http.HttpContext;
            http.HttpContext = new DefaultHttpContext
            {
                RequestServices = scope.ServiceProvider,
                User = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(TacticsClaims.Subject, "event-routing"),
                    new Claim(TacticsClaims.Agency, agency.Key),
                    new Claim(TacticsClaims.AgencyKind, EnumNames.Name(kinds[agency.Key])),
                ], "event-routing")),
            };
            try
            {
                var access = scope.ServiceProvider.GetRequiredService<ICaseAccess>();
                foreach (var caseId in agency.Select(p => p.CaseId).Distinct())
                {
                    if (await access.VisibilityForRoutingAsync(caseId, cancellationToken) is { } visibility) result[(agency.Key, caseId)] = visibility;
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
