using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Tactics.Api.Features.Notifications.Dispatch;
using Tactics.Api.Features.Notifications.Outbox;
using Tactics.Api.Features.Notifications.Recipients;
using Tactics.Api.Features.Notifications.Webhooks.Delivery;
using Tactics.Api.Infrastructure.Auth;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications;

public static class NotificationSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.Section))
            .Validate(o => o.Dispatcher.PollInterval > TimeSpan.Zero && o.Dispatcher.OutboxBatchSize > 0
                && o.Dispatcher.DeliveryBatchSize > 0 && o.Dispatcher.MaxConcurrentDeliveries > 0
                && o.Dispatcher.DeliveryLease > o.Webhooks.AttemptTimeout,
                "Notifications:Dispatcher settings must be positive, and the delivery lease longer than the attempt timeout.")
            .ValidateOnStart();
        // The secret key is checked where it is used (and reported at startup), so tools that start the host
        // without the deployment's settings (the spec generator) still run.

        // The outbox: one call for the features, saved by the command's transaction; a commit wakes the dispatcher.
        services.AddScoped<IEventOutbox, EventOutbox>();
        services.AddSingleton<DispatcherSignal>();
        services.AddSingleton<IInterceptor, OutboxCommitInterceptor>();
        // Every case change the catalogue names becomes its outbox event, in the change's own unit of work.
        services.AddSingleton<IInterceptor, CaseEventPublisher>();

        // The dispatcher: each event's audience by the catalogue and the policy, the pump, and its hosted loop.
        services.AddScoped<VictimZones>();
        services.AddScoped<EventPartiesLoader>();
        services.AddScoped<IAgencyVisibilities, AgencyVisibilities>();
        services.AddScoped<IEventRecipients, CaseEventRecipients>();
        services.AddSingleton<NotificationPump>();
        services.AddHostedService<NotificationDispatcherService>();

        // Webhooks: secrets encrypted at rest, receivers checked on every connection, one attempt bounded by Polly.
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<ReceiverAddressPolicy>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = TimeSpan.FromMinutes(2))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<ReceiverAddressPolicy>().ConnectAsync,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .AddResilienceHandler("webhook-attempt", (pipeline, context) =>
            {
                var webhooks = context.ServiceProvider.GetRequiredService<IOptions<NotificationOptions>>().Value.Webhooks;
                // The application's clock, so timeouts and break durations follow it (tests compress time).
                pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                // Outer: the receiver host's circuit; inner: the attempt's timeout, which the circuit counts as a failure.
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = webhooks.CircuitBreakerMinimumThroughput,
                    SamplingDuration = TimeSpan.FromMinutes(1),
                    BreakDuration = webhooks.CircuitBreakerBreakDuration,
                });
                pipeline.AddTimeout(webhooks.AttemptTimeout);
            })
            // One pipeline, hence one circuit, per receiver authority (scheme, host and port).
            .SelectPipelineByAuthority();

        services.AddAuthorization(options => options.AddPolicy(NotificationEndpoints.AgencyAdminPolicy, policy => policy
            .RequireAuthenticatedUser()
            .RequireClaim(TacticsClaims.Agency)
            .RequireRole("agency_admin")));
        return services;
    }
}
