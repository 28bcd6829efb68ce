using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.SafeContacts;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class AgencyReferentConfiguration : IEntityTypeConfiguration<AgencyReferent>
{
    public void Configure(EntityTypeBuilder<AgencyReferent> builder)
    {
        builder.ToTable("agency_referents");
        builder.HasKey(r => new { r.AgencyCode, r.Position });
        builder.Property(r => r.AgencyCode).HasColumnName("agency_code").HasMaxLength(64);
        builder.HasOne<Agency>().WithMany().HasForeignKey(r => r.AgencyCode).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Position).HasColumnName("position").ValueGeneratedNever();
        builder.Property(r => r.UserId).HasColumnName("user_id").HasMaxLength(AgencyReferent.MaxUserIdLength);
        builder.Property(r => r.Function).HasColumnName("function").HasMaxLength(AgencyReferent.MaxFunctionLength);
        builder.Property(r => r.Postcodes).HasColumnName("postcodes");
        builder.HasIndex(r => r.Postcodes).HasMethod("gin");
    }
}

internal sealed class SafeContactConfiguration : IEntityTypeConfiguration<SafeContact>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public void Configure(EntityTypeBuilder<SafeContact> builder)
    {
        builder.ToTable("safe_contacts");
        builder.HasKey(s => s.CaseId);
        builder.Property(s => s.CaseId).HasColumnName("case_id").ValueGeneratedNever();
        builder.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Phone).HasColumnName("phone").HasMaxLength(32);
        builder.Property(s => s.Windows).HasColumnName("windows").HasColumnType("jsonb").HasConversion(
            new ValueConverter<List<ContactWindow>, string>(
                windows => JsonSerializer.Serialize(windows, Json),
                json => JsonSerializer.Deserialize<List<ContactWindow>>(json, Json) ?? new List<ContactWindow>()),
            new ValueComparer<List<ContactWindow>>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                windows => windows.Count,
                windows => windows.ToList()));
        builder.Property(s => s.MayLeaveMessage).HasColumnName("may_leave_message");
        builder.Property(s => s.UpdatedByAgency).HasColumnName("updated_by_agency").HasMaxLength(64);
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at");
    }
}
