using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Audit;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> builder)
    {
        builder.ToTable("access_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(e => e.CaseId).HasColumnName("case_id");
        builder.Property(e => e.Sequence).HasColumnName("sequence");
        // Stored with microsecond precision, which the hash's canonical form also uses.
        builder.Property(e => e.At).HasColumnName("at");
        builder.Property(e => e.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(e => e.AgencyCode).HasColumnName("agency_code").HasMaxLength(64);
        builder.Property(e => e.AgencyKind).HasColumnName("agency_kind").HasMaxLength(32);
        builder.Property(e => e.Action).HasColumnName("action").HasMaxLength(16);
        builder.Property(e => e.Operation).HasColumnName("operation").HasMaxLength(100);
        builder.Property(e => e.Outcome).HasColumnName("outcome").HasMaxLength(16);
        builder.Property(e => e.Granted).HasColumnName("granted");
        builder.Property(e => e.Withheld).HasColumnName("withheld");
        builder.Property(e => e.RequestId).HasColumnName("request_id").HasMaxLength(100);
        builder.Property(e => e.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Hash).HasColumnName("hash").HasMaxLength(64).IsFixedLength();
        builder.HasIndex(e => new { e.CaseId, e.Sequence }).IsUnique();
        builder.HasIndex(e => new { e.AgencyCode, e.At });
    }
}
