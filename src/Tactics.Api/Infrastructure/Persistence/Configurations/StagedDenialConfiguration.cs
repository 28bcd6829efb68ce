using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Audit;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

/// <summary>The denial outbox: no foreign key (an id that never existed is staged like any other, then dropped).</summary>
internal sealed class StagedDenialConfiguration : IEntityTypeConfiguration<StagedDenial>
{
    public void Configure(EntityTypeBuilder<StagedDenial> builder)
    {
        builder.ToTable("denial_outbox");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(d => d.CaseId).HasColumnName("case_id");
        builder.Property(d => d.Action).HasColumnName("action").HasMaxLength(16);
        builder.Property(d => d.Operation).HasColumnName("operation").HasMaxLength(100);
        builder.Property(d => d.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(d => d.AgencyCode).HasColumnName("agency_code").HasMaxLength(64);
        builder.Property(d => d.AgencyKind).HasColumnName("agency_kind").HasMaxLength(32);
        builder.Property(d => d.RequestId).HasColumnName("request_id").HasMaxLength(100);
        builder.Property(d => d.At).HasColumnName("at");
    }
}
