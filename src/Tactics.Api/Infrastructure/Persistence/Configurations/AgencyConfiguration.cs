using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> builder)
    {
        builder.ToTable("agencies");
        builder.HasKey(a => a.Code);
        builder.Property(a => a.Code).HasColumnName("code").HasMaxLength(64);
        builder.Property(a => a.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(a => a.Kind).HasColumnName("kind").HasMaxLength(32)
            .HasConversion(new SnakeCaseEnumConverter<AgencyKind>());
        builder.Property(a => a.JudicialDistrict).HasColumnName("judicial_district").HasMaxLength(64);
        builder.Property(a => a.PoliceZone).HasColumnName("police_zone").HasMaxLength(8);
        builder.Property(a => a.Communes).HasColumnName("communes");
        builder.Property(a => a.Postcodes).HasColumnName("postcodes");
        builder.Property(a => a.Hours).HasColumnName("hours").HasMaxLength(200);
        builder.ComplexProperty(a => a.Referent, referent =>
        {
            referent.Property(r => r.Function).HasColumnName("referent_function").HasMaxLength(200);
            referent.Property(r => r.Email).HasColumnName("referent_email").HasMaxLength(200);
            referent.Property(r => r.Phone).HasColumnName("referent_phone").HasMaxLength(32);
        });
        builder.HasIndex(a => a.Kind);
        builder.HasIndex(a => a.Postcodes).HasMethod("gin");
    }
}
