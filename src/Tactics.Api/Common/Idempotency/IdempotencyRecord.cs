using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tactics.Api.Common.Idempotency;

/// <summary>
/// The first answer to a POST carrying an <c>Idempotency-Key</c>, per agency, user, route and key, kept 24 hours.
/// Written in the transaction of the change it answers, so a change and its record commit together.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord() { }

    public IdempotencyRecord(IdempotencyScope scope, int status, string location, string? etag, Guid resourceId, DateTimeOffset createdAt)
    {
        Agency = scope.Agency;
        UserId = scope.UserId;
        Route = scope.Route;
        Key = scope.Key;
        RequestHash = scope.RequestHash;
        Status = status;
        Location = location;
        ETag = etag;
        ResourceId = resourceId;
        CreatedAt = createdAt;
    }

    public string Agency { get; private set; } = "";
    public string UserId { get; private set; } = "";

    /// <summary>The method and path of the request, e.g. <c>POST /api/v1/cases/{id}/incidents</c> with the id filled in.</summary>
    public string Route { get; private set; } = "";

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of the request (route and body): the same key with another body is a 409.</summary>
    public byte[] RequestHash { get; private set; } = [];

    public int Status { get; private set; }
    public string Location { get; private set; } = "";
    public string? ETag { get; private set; }
    public Guid ResourceId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>Who sent which key on which route, with the hash of what was sent.</summary>
public sealed record IdempotencyScope(string Agency, string UserId, string Route, string Key, byte[] RequestHash);

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public const string PrimaryKey = "pk_idempotency_records";

    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.Agency, r.UserId, r.Route, r.Key }).HasName(PrimaryKey);
        builder.Property(r => r.Agency).HasColumnName("agency").HasMaxLength(64);
        builder.Property(r => r.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(r => r.Route).HasColumnName("route").HasMaxLength(300);
        builder.Property(r => r.Key).HasColumnName("key").HasMaxLength(IdempotencyKeys.MaxLength);
        builder.Property(r => r.RequestHash).HasColumnName("request_hash").HasMaxLength(32);
        builder.Property(r => r.Status).HasColumnName("status");
        builder.Property(r => r.Location).HasColumnName("location").HasMaxLength(300);
        builder.Property(r => r.ETag).HasColumnName("etag").HasMaxLength(100);
        builder.Property(r => r.ResourceId).HasColumnName("resource_id");
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");
        builder.HasIndex(r => r.CreatedAt);
    }
}
