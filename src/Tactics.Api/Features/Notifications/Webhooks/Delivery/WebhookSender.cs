using System.Net;
using System.Text;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StandardWebhooks;

namespace Tactics.Api.Features.Notifications.Webhooks.Delivery;

/// <summary>A claimed delivery, with what one attempt needs.</summary>
public sealed record ClaimedDelivery(
    Guid DeliveryId,
    Guid ClaimToken,
    Guid SubscriptionId,
    bool SubscriptionActive,
    string Url,
    IReadOnlyList<string> ProtectedSecrets,
    string EventId,
    string Payload);

public enum AttemptResult
{
    Delivered,
    Failed,
    Gone,
}

/// <summary>What one attempt gave: a status code when the receiver answered, an error code otherwise.</summary>
public sealed record AttemptOutcome(AttemptResult Result, int? StatusCode, string? Error, TimeSpan? RetryAfter, DateTimeOffset AttemptedAt);

/// <summary>
/// Sends one attempt per the Standard Webhooks spec: <c>webhook-id</c> (the event id, the same on every retry),
/// <c>webhook-timestamp</c> and <c>webhook-signature</c> (one <c>v1,</c> signature per active secret, space-separated).
/// The HTTP client's resilience pipeline bounds the attempt (timeout, circuit breaker per receiver host); retries are
/// scheduled in the database, never here.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, TimeProvider time)
{
    public const string ClientName = "webhooks";

    public async Task<AttemptOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var signatures = delivery.ProtectedSecrets
            .Select(secret => new StandardWebhook(secrets.Unprotect(secret, delivery.SubscriptionId)).Sign(delivery.EventId, now, delivery.Payload))
            .ToList();
        // The StandardWebhooks package's verifier (1.1.2) never reads the last of several signatures: repeating the
        // first at the end lets receivers using it verify with either secret during a rotation. Others see a duplicate.
        if (signatures.Count > 1) signatures.Add(signatures[0]);
        var signature = string.Join(' ', signatures);

        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);

        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new AttemptOutcome(AttemptResult.Delivered, status, null, null, now);
            if (response.StatusCode == HttpStatusCode.Gone) return new AttemptOutcome(AttemptResult.Gone, status, "gone", null, now);
            return new AttemptOutcome(AttemptResult.Failed, status, "http_status", RetryAfter(response), now);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(AttemptResult.Failed, null, ErrorCode(exception), null, now);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - time.GetUtcNow();
        return null;
    }

    private static string ErrorCode(Exception exception) => exception switch
    {
        TimeoutRejectedException or TaskCanceledException => "timeout",
        BrokenCircuitException => "circuit_open",
        HttpRequestException { InnerException: ReceiverAddressRefusedException } or ReceiverAddressRefusedException => "address_refused",
        HttpRequestException => "connection_failed",
        _ => "send_failed",
    };
}
