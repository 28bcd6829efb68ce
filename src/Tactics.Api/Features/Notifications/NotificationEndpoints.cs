using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Tactics.Api.Common.Paging;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Features.Notifications.Inbox;
using Tactics.Api.Features.Notifications.Inbox.AcknowledgeNotification;
using Tactics.Api.Features.Notifications.Inbox.ListNotifications;
using Tactics.Api.Features.Notifications.Webhooks;
using Tactics.Api.Features.Notifications.Webhooks.CreateWebhookSubscription;
using Tactics.Api.Features.Notifications.Webhooks.DeleteWebhookSubscription;
using Tactics.Api.Features.Notifications.Webhooks.GetWebhookSubscription;
using Tactics.Api.Features.Notifications.Webhooks.ListWebhookDeliveries;
using Tactics.Api.Features.Notifications.Webhooks.ListWebhookSubscriptions;
using Tactics.Api.Features.Notifications.Webhooks.RetryWebhookDelivery;
using Tactics.Api.Features.Notifications.Webhooks.RotateWebhookSecret;
using Tactics.Api.Sharing;

namespace Tactics.Api.Features.Notifications;

public static class NotificationEndpoints
{
    /// <summary>Webhook subscriptions are managed by the agency's <c>agency_admin</c> users only.</summary>
    public const string AgencyAdminPolicy = "agency_admin";

    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var inbox = api.MapGroup("/notifications").WithTags("Notifications");

        inbox.MapGet("/", async (IMediator mediator, CancellationToken ct, [AsParameters] ListNotificationsParameters parameters) =>
                TypedResults.Ok(await mediator.Send(new ListNotificationsQuery(parameters.Type, parameters.Limit, parameters.Cursor), ct)))
            .WithName("ListNotifications")
            .WithSummary("Lists the caller agency's inbox: unacknowledged items first, newest first.")
            .Produces<CursorPage<NotificationResponse>>();

        inbox.MapPost("/{id:guid}/acknowledgement", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AcknowledgeNotificationCommand(id), ct)))
            .WithName("AcknowledgeNotification")
            .WithSummary("Acknowledges an inbox item, recording who and when; acknowledging again keeps the first.")
            .ProducesNotFound();

        var webhooks = api.MapGroup("/webhook-subscriptions").WithTags("Webhooks").RequireAuthorization(AgencyAdminPolicy);

        webhooks.MapPost("/", async (CreateWebhookSubscriptionCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/v1/webhook-subscriptions/{created.Id}", created);
            })
            .WithName("CreateWebhookSubscription")
            .WithSummary("Subscribes an https receiver to event types; the response shows the signing secret, once.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        webhooks.MapGet("/", async (IMediator mediator, CancellationToken ct, [AsParameters] PageParameters parameters) =>
                TypedResults.Ok(await mediator.Send(new ListWebhookSubscriptionsQuery(parameters.Limit, parameters.Cursor), ct)))
            .WithName("ListWebhookSubscriptions")
            .WithSummary("Lists the agency's webhook subscriptions (never their secrets).")
            .Produces<CursorPage<WebhookSubscriptionResponse>>();

        webhooks.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetWebhookSubscriptionQuery(id), ct)))
            .WithName("GetWebhookSubscription")
            .WithSummary("Gets one of the agency's webhook subscriptions (never its secret).")
            .ProducesNotFound();

        webhooks.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteWebhookSubscriptionCommand(id), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteWebhookSubscription")
            .WithSummary("Deletes a subscription and its pending deliveries.")
            .ProducesNotFound();

        webhooks.MapPost("/{id:guid}/secret-rotation", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RotateWebhookSecretCommand(id), ct)))
            .WithName("RotateWebhookSecret")
            .WithSummary("Replaces the signing secret (shown once); both secrets sign deliveries during the overlap.")
            .ProducesNotFound();

        webhooks.MapGet("/{id:guid}/deliveries", async (Guid id, IMediator mediator, CancellationToken ct,
                [AsParameters] ListWebhookDeliveriesParameters parameters) =>
                TypedResults.Ok(await mediator.Send(new ListWebhookDeliveriesQuery(id, parameters.Status, parameters.Limit, parameters.Cursor), ct)))
            .WithName("ListWebhookDeliveries")
            .WithSummary("Lists a subscription's deliveries, newest first: status, attempts, last status code, next attempt.")
            .Produces<CursorPage<WebhookDeliveryResponse>>()
            .ProducesNotFound();

        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/retry", async (Guid id, Guid deliveryId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/webhook-subscriptions/{id}/deliveries", await mediator.Send(new RetryWebhookDeliveryCommand(id, deliveryId), ct)))
            .WithName("RetryWebhookDelivery")
            .WithSummary("Retries a failed or dead-lettered delivery now, with the same webhook-id.")
            .ProducesNotFound()
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }
}

/// <summary>Query of <c>GET /notifications</c>.</summary>
public sealed class ListNotificationsParameters : PageParameters
{
    /// <summary>Only items of this event type, e.g. <c>custody.released</c>.</summary>
    [FromQuery(Name = "type")]
    [MaxLength(EventCatalogue.MaxLength)]
    public string? Type { get; init; }
}

/// <summary>Query of <c>GET /webhook-subscriptions/{id}/deliveries</c>.</summary>
public sealed class ListWebhookDeliveriesParameters : PageParameters
{
    /// <summary>Only deliveries in this status.</summary>
    [FromQuery(Name = "status")]
    [EnumString(typeof(DeliveryStatus))]
    public string? Status { get; init; }
}
