using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Audit;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class AccessLogChainHeadConfiguration : IEntityTypeConfiguration<AccessLogChainHead>
{
    public void Configure(EntityTypeBuilder<AccessLogChainHead> builder)
    {
        builder.ToTable("access_log_chain_heads");
        builder.HasKey(h => h.CaseId);
        builder.Property(h => h.CaseId).HasColumnName("case_id").ValueGeneratedNever();
        builder.Property(h => h.LastSequence).HasColumnName("last_sequence");
        builder.Property(h => h.LastHash).HasColumnName("last_hash").HasMaxLength(64).IsFixedLength();
    }
}
