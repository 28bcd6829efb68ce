using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Sharing.Ledger;
using Tactics.Api.Sharing;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class ConsentGrantConfiguration : IEntityTypeConfiguration<ConsentGrant>
{
    public void Configure(EntityTypeBuilder<ConsentGrant> builder)
    {
        builder.ToTable("consent_grants");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(c => c.CaseId).HasColumnName("case_id");
        builder.Property(c => c.RecipientAgencyCode).HasColumnName("recipient_agency_code").HasMaxLength(64);
        builder.Property(c => c.RecipientKind).HasColumnName("recipient_kind").HasMaxLength(32)
            .HasConversion(new SnakeCaseEnumConverter<AgencyKind>());
        builder.Property(c => c.Categories).HasColumnName("categories").HasCategoryListConversion();
        builder.Property(c => c.Purpose).HasColumnName("purpose").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<ConsentPurpose>());
        builder.Property(c => c.ValidFrom).HasColumnName("valid_from");
        builder.Property(c => c.ValidUntil).HasColumnName("valid_until");
        builder.Property(c => c.ObtainedHow).HasColumnName("obtained_how").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<ConsentObtainedHow>());
        builder.Property(c => c.ObtainedDetails).HasColumnName("obtained_details").HasMaxLength(500);
        builder.Property(c => c.RecordedByAgency).HasColumnName("recorded_by_agency").HasMaxLength(64);
        builder.Property(c => c.RecordedByUser).HasColumnName("recorded_by_user").HasMaxLength(100);
        builder.Property(c => c.RecordedAt).HasColumnName("recorded_at");
        builder.HasIndex(c => c.CaseId);
        // The consents addressed to an agency, by code or to its kind: the reach of an agency without a territory.
        builder.HasIndex(c => c.RecipientAgencyCode);
        builder.HasIndex(c => c.RecipientKind).HasFilter("recipient_agency_code IS NULL");
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsentRevocationConfiguration : IEntityTypeConfiguration<ConsentRevocation>
{
    public void Configure(EntityTypeBuilder<ConsentRevocation> builder)
    {
        builder.ToTable("consent_revocations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.ConsentId).HasColumnName("consent_id");
        builder.Property(r => r.CaseId).HasColumnName("case_id");
        builder.Property(r => r.Reason).HasColumnName("reason").HasMaxLength(1000);
        builder.Property(r => r.RevokedByAgency).HasColumnName("revoked_by_agency").HasMaxLength(64);
        builder.Property(r => r.RevokedByUser).HasColumnName("revoked_by_user").HasMaxLength(100);
        builder.Property(r => r.RevokedAt).HasColumnName("revoked_at");
        // A consent is revoked once; the ledger keeps that first revocation.
        builder.HasIndex(r => r.ConsentId).IsUnique();
        builder.HasIndex(r => r.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ConsentGrant>().WithMany().HasForeignKey(r => r.ConsentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseConsultationConfiguration : IEntityTypeConfiguration<CaseConsultation>
{
    public void Configure(EntityTypeBuilder<CaseConsultation> builder)
    {
        builder.ToTable("case_consultations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(c => c.CaseId).HasColumnName("case_id");
        builder.Property(c => c.Participants).HasColumnName("participants");
        builder.Property(c => c.Purpose).HasColumnName("purpose").HasMaxLength(1000);
        builder.Property(c => c.Until).HasColumnName("until");
        builder.Property(c => c.OpenedByAgency).HasColumnName("opened_by_agency").HasMaxLength(64);
        builder.Property(c => c.OpenedByUser).HasColumnName("opened_by_user").HasMaxLength(100);
        builder.Property(c => c.OpenedAt).HasColumnName("opened_at");
        builder.HasIndex(c => c.CaseId);
    }
}

internal sealed class CaseFollowerConfiguration : IEntityTypeConfiguration<CaseFollower>
{
    public void Configure(EntityTypeBuilder<CaseFollower> builder)
    {
        builder.ToTable("case_followers");
        builder.HasKey(f => new { f.CaseId, f.AgencyCode });
        builder.Property(f => f.CaseId).HasColumnName("case_id");
        builder.Property(f => f.AgencyCode).HasColumnName("agency_code").HasMaxLength(64);
        builder.Property(f => f.FollowedByUser).HasColumnName("followed_by_user").HasMaxLength(100);
        builder.Property(f => f.Since).HasColumnName("since");
        builder.HasIndex(f => f.AgencyCode);
        builder.HasOne<Case>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgencyRecordConfiguration : IEntityTypeConfiguration<AgencyRecord>
{
    public void Configure(EntityTypeBuilder<AgencyRecord> builder)
    {
        builder.ToTable("agency_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.CaseId).HasColumnName("case_id");
        builder.Property(r => r.Category).HasColumnName("category").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<DataCategory>());
        builder.Property(r => r.Text).HasColumnName("text").HasMaxLength(10000);
        builder.Property(r => r.AuthorAgency).HasColumnName("author_agency").HasMaxLength(64);
        builder.Property(r => r.AuthorUser).HasColumnName("author_user").HasMaxLength(100);
        builder.Property(r => r.At).HasColumnName("at");
        builder.HasIndex(r => new { r.CaseId, r.At });
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DisclosureConfiguration : IEntityTypeConfiguration<Disclosure>
{
    public void Configure(EntityTypeBuilder<Disclosure> builder)
    {
        builder.ToTable("disclosures");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(d => d.CaseId).HasColumnName("case_id");
        builder.Property(d => d.ParquetAgency).HasColumnName("parquet_agency").HasMaxLength(64);
        builder.Property(d => d.Reason).HasColumnName("reason").HasMaxLength(2000);
        builder.Property(d => d.Text).HasColumnName("text").HasMaxLength(10000);
        builder.Property(d => d.DiscloserAgency).HasColumnName("discloser_agency").HasMaxLength(64);
        builder.Property(d => d.DiscloserUser).HasColumnName("discloser_user").HasMaxLength(100);
        builder.Property(d => d.At).HasColumnName("at");
        builder.HasIndex(d => d.CaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal static class CategoryListConversion
{
    /// <summary>Stores a list of categories as a text[] of their snake_case names.</summary>
    public static PropertyBuilder<List<DataCategory>> HasCategoryListConversion(this PropertyBuilder<List<DataCategory>> property) =>
        property.HasConversion(
            new ValueConverter<List<DataCategory>, string[]>(
                list => list.Select(SnakeCaseEnumConverter<DataCategory>.ToName).ToArray(),
                names => names.Select(name => Enum.Parse<DataCategory>(name.Replace("_", ""), true)).ToList()),
            new ValueComparer<List<DataCategory>>(
                (a, b) => a!.SequenceEqual(b!),
                list => list.Aggregate(0, (hash, c) => HashCode.Combine(hash, c)),
                list => list.ToList()));
}
