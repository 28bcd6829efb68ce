using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Tactics.Api.Common.Errors;
using Tactics.Api.Infrastructure.Auth;

namespace Tactics.Api.Infrastructure;

public static class RateLimiting
{
    /// <summary>
    /// One fixed window per agency (per client address before authentication); beyond the limit, 429 with
    /// Retry-After. The limit is <c>RateLimiting:PermitsPerMinute</c> (default 600).
    /// </summary>
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";

    public static IServiceCollection AddTacticsRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimiting:PermitsPerMinute", 600);
        var limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        services.AddSingleton(new AgencyRateLimiter(limiter, permits));
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429,
                        Type = ProblemTypes.RateLimited,
                        Title = "Too many requests",
                        Detail = "The agency's request quota for this minute is used up: retry after the Retry-After delay.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>Tells every caller its quota: <c>X-RateLimit-Limit</c> and <c>X-RateLimit-Remaining</c> on each response.</summary>
    public static IApplicationBuilder UseRateLimitHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limiter = context.RequestServices.GetRequiredService<AgencyRateLimiter>();
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[LimitHeader] = limiter.Permits.ToString(CultureInfo.InvariantCulture);
            var remaining = limiter.Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
            context.Response.Headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        await next(context);
    });

    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirst(TacticsClaims.Agency)?.Value ?? $"ip:{context.Connection.RemoteIpAddress}";

    public sealed record AgencyRateLimiter(PartitionedRateLimiter<HttpContext> Limiter, int Permits);
}
