using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Sharing;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("outbox_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").HasMaxLength(OutboxEventId.Length);
        builder.Property(e => e.Type).HasColumnName("type").HasMaxLength(EventCatalogue.MaxLength);
        builder.Property(e => e.Category).HasColumnName("category").HasMaxLength(16)
            .HasConversion(new SnakeCaseEnumConverter<DataCategory>());
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        // No foreign key yet: cases arrive with their own feature.
        builder.Property(e => e.CaseId).HasColumnName("case_id");
        builder.Property(e => e.Data).HasColumnName("data").IdsJson();
        builder.Property(e => e.RecipientAgencyCodes).HasColumnName("recipient_agency_codes");
        builder.Property(e => e.ProcessedAt).HasColumnName("processed_at");
        builder.Property(e => e.DispatchFailures).HasColumnName("dispatch_failures");
        builder.Property(e => e.DispatchAfter).HasColumnName("dispatch_after");
        // The dispatcher's claim reads only unprocessed rows, oldest first.
        builder.HasIndex(e => e.OccurredAt).HasFilter("processed_at IS NULL").HasDatabaseName("ix_outbox_events_unprocessed");
        builder.HasIndex(e => e.CaseId);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).HasColumnName("id");
        builder.Property(n => n.AgencyCode).HasColumnName("agency_code").HasMaxLength(64);
        builder.HasOne<Agency>().WithMany().HasForeignKey(n => n.AgencyCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(n => n.EventId).HasColumnName("event_id").HasMaxLength(OutboxEventId.Length);
        builder.Property(n => n.Type).HasColumnName("type").HasMaxLength(EventCatalogue.MaxLength);
        builder.Property(n => n.Category).HasColumnName("category").HasMaxLength(16)
            .HasConversion(new SnakeCaseEnumConverter<DataCategory>());
        builder.Property(n => n.CaseId).HasColumnName("case_id");
        builder.Property(n => n.Data).HasColumnName("data").IdsJson();
        builder.Property(n => n.OccurredAt).HasColumnName("occurred_at");
        builder.Property(n => n.ReceivedAt).HasColumnName("received_at");
        builder.Property(n => n.Acknowledged).HasColumnName("acknowledged");
        builder.Property(n => n.AcknowledgedAt).HasColumnName("acknowledged_at");
        builder.Property(n => n.AcknowledgedBy).HasColumnName("acknowledged_by").HasMaxLength(100);
        // One inbox item per event and agency, whatever happens to the dispatcher.
        builder.HasIndex(n => new { n.EventId, n.AgencyCode }).IsUnique();
        // The inbox order: unacknowledged first, newest first.
        builder.HasIndex(n => new { n.AgencyCode, n.Acknowledged, n.OccurredAt, n.EventId })
            .IsDescending(false, false, true, true).HasDatabaseName("ix_notifications_inbox");
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id");
        builder.Property(s => s.AgencyCode).HasColumnName("agency_code").HasMaxLength(64);
        builder.HasOne<Agency>().WithMany().HasForeignKey(s => s.AgencyCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Url).HasColumnName("url").HasMaxLength(WebhookSubscription.MaxUrlLength);
        builder.Property(s => s.EventTypes).HasColumnName("event_types");
        builder.Property(s => s.Status).HasColumnName("status").HasMaxLength(16)
            .HasConversion(new SnakeCaseEnumConverter<SubscriptionStatus>());
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.CreatedBy).HasColumnName("created_by").HasMaxLength(100);
        builder.Property(s => s.ProtectedSecret).HasColumnName("protected_secret").HasMaxLength(200);
        builder.Property(s => s.PreviousProtectedSecret).HasColumnName("previous_protected_secret").HasMaxLength(200);
        builder.Property(s => s.PreviousSecretExpiresAt).HasColumnName("previous_secret_expires_at");
        builder.Property(s => s.SecretRotatedAt).HasColumnName("secret_rotated_at");
        builder.Property(s => s.DisabledAt).HasColumnName("disabled_at");
        builder.Property(s => s.DisabledReason).HasColumnName("disabled_reason").HasMaxLength(32);
        builder.HasIndex(s => new { s.AgencyCode, s.CreatedAt });
        // The same receiver twice would get every event twice.
        builder.HasIndex(s => new { s.AgencyCode, s.Url }).IsUnique().HasFilter("status = 'active'")
            .HasDatabaseName("ux_webhook_subscriptions_active_url");
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id");
        builder.Property(d => d.SubscriptionId).HasColumnName("subscription_id");
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.EventId).HasColumnName("event_id").HasMaxLength(OutboxEventId.Length);
        builder.Property(d => d.EventType).HasColumnName("event_type").HasMaxLength(EventCatalogue.MaxLength);
        builder.Property(d => d.Payload).HasColumnName("payload");
        builder.Property(d => d.Status).HasColumnName("status").HasMaxLength(16)
            .HasConversion(new SnakeCaseEnumConverter<DeliveryStatus>());
        builder.Property(d => d.Attempts).HasColumnName("attempts");
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");
        builder.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(d => d.LastAttemptAt).HasColumnName("last_attempt_at");
        builder.Property(d => d.LastStatusCode).HasColumnName("last_status_code");
        builder.Property(d => d.LastError).HasColumnName("last_error").HasMaxLength(WebhookDelivery.MaxErrorLength);
        builder.Property(d => d.DeliveredAt).HasColumnName("delivered_at");
        // Only the claim that sent the attempt may record its outcome.
        builder.Property(d => d.ClaimToken).HasColumnName("claim_token").IsConcurrencyToken();
        builder.Property(d => d.LockedUntil).HasColumnName("locked_until");
        // One delivery per event and subscription, whatever happens to the dispatcher.
        builder.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
        // The worker's claim reads only deliveries that still have an attempt to make.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status IN ('pending', 'retrying')").HasDatabaseName("ix_webhook_deliveries_due");
    }
}

internal static class IdsJsonMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A small map of ids, stored as jsonb.</summary>
    public static PropertyBuilder<Dictionary<string, string>> IdsJson(this PropertyBuilder<Dictionary<string, string>> property) =>
        property.HasColumnType("jsonb").HasConversion(
            new ValueConverter<Dictionary<string, string>, string>(
                map => JsonSerializer.Serialize(map, Json),
                json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? new Dictionary<string, string>()),
            new ValueComparer<Dictionary<string, string>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                map => map.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
                map => new Dictionary<string, string>(map)));
}
