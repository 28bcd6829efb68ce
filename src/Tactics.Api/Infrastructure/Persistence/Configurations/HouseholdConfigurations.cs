using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Households;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> builder)
    {
        builder.ToTable("households");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(h => h.CreatedAt).HasColumnName("created_at");
        builder.Property(h => h.MergedIntoId).HasColumnName("merged_into_id");
        builder.HasOne<Household>().WithMany().HasForeignKey(h => h.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(h => h.MergeId).HasColumnName("merge_id");
        builder.HasOne<HouseholdMerge>().WithMany().HasForeignKey(h => h.MergeId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(h => h.IsActive);
    }
}

internal sealed class HouseholdMergeConfiguration : IEntityTypeConfiguration<HouseholdMerge>
{
    public void Configure(EntityTypeBuilder<HouseholdMerge> builder)
    {
        builder.ToTable("household_merges");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(m => m.HouseholdId).HasColumnName("household_id");
        builder.HasOne<Household>().WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.OtherHouseholdId).HasColumnName("other_household_id");
        builder.HasOne<Household>().WithMany().HasForeignKey(m => m.OtherHouseholdId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.Kind).HasColumnName("kind").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<MergeKind>());
        builder.Property(m => m.SuggestionId).HasColumnName("suggestion_id");
        builder.HasOne<HouseholdLinkSuggestion>().WithMany().HasForeignKey(m => m.SuggestionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.Reason).HasColumnName("reason").HasMaxLength(HouseholdMerge.ReasonMaxLength);
        builder.Property(m => m.MergedByAgency).HasColumnName("merged_by_agency").HasMaxLength(64);
        builder.Property(m => m.MergedByUser).HasColumnName("merged_by_user").HasMaxLength(100);
        builder.Property(m => m.MergedAt).HasColumnName("merged_at");
        builder.Property(m => m.UndoneAt).HasColumnName("undone_at");
        builder.Property(m => m.UndoneByAgency).HasColumnName("undone_by_agency").HasMaxLength(64);
        builder.Property(m => m.UndoneByUser).HasColumnName("undone_by_user").HasMaxLength(100);
        builder.Property(m => m.UndoReason).HasColumnName("undo_reason").HasMaxLength(HouseholdMerge.ReasonMaxLength);
        builder.Ignore(m => m.IsUndone);

        builder.HasMany(m => m.Moves).WithOne().HasForeignKey(move => move.MergeId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(m => m.Moves).HasField("_moves").UsePropertyAccessMode(PropertyAccessMode.Field);

        // The merges of a household, either side, newest first.
        builder.HasIndex(m => new { m.HouseholdId, m.MergedAt, m.Id });
        builder.HasIndex(m => new { m.OtherHouseholdId, m.MergedAt, m.Id });
    }
}

internal sealed class HouseholdMergeMoveConfiguration : IEntityTypeConfiguration<HouseholdMergeMove>
{
    public void Configure(EntityTypeBuilder<HouseholdMergeMove> builder)
    {
        builder.ToTable("household_merge_moves");
        builder.HasKey(m => new { m.MergeId, m.CaseId });
        builder.Property(m => m.MergeId).HasColumnName("merge_id");
        builder.Property(m => m.CaseId).HasColumnName("case_id");
        builder.HasOne<Case>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.FromHouseholdId).HasColumnName("from_household_id");
        builder.HasOne<Household>().WithMany().HasForeignKey(m => m.FromHouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HouseholdLinkSuggestionConfiguration : IEntityTypeConfiguration<HouseholdLinkSuggestion>
{
    public const string Table = "household_link_suggestions";

    public void Configure(EntityTypeBuilder<HouseholdLinkSuggestion> builder)
    {
        builder.ToTable(Table, table =>
            table.HasCheckConstraint("ck_household_link_suggestions_ordered_pair", "household_a_id < household_b_id"));
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(s => s.HouseholdAId).HasColumnName("household_a_id");
        builder.HasOne<Household>().WithMany().HasForeignKey(s => s.HouseholdAId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.HouseholdBId).HasColumnName("household_b_id");
        builder.HasOne<Household>().WithMany().HasForeignKey(s => s.HouseholdBId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Reason).HasColumnName("reason").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<LinkReason>());
        builder.Property(s => s.Status).HasColumnName("status").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<LinkSuggestionStatus>());
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.DecidedAt).HasColumnName("decided_at");
        builder.Property(s => s.DecidedByAgency).HasColumnName("decided_by_agency").HasMaxLength(64);
        builder.Property(s => s.DecidedByUser).HasColumnName("decided_by_user").HasMaxLength(100);
        builder.Property(s => s.RejectionReason).HasColumnName("rejection_reason").HasMaxLength(HouseholdLinkSuggestion.ReasonMaxLength);
        builder.Property(s => s.MergeId).HasColumnName("merge_id");
        builder.Property(s => s.FirstConfirmedByAgency).HasColumnName("first_confirmed_by_agency").HasMaxLength(64);
        builder.Property(s => s.FirstConfirmedByUser).HasColumnName("first_confirmed_by_user").HasMaxLength(100);
        builder.Property(s => s.FirstConfirmedAt).HasColumnName("first_confirmed_at");

        // Never two pending suggestions for one pair; never the same reason twice for one pair (a rejection stands).
        builder.HasIndex(s => new { s.HouseholdAId, s.HouseholdBId }).IsUnique().HasFilter("status IN ('pending', 'awaiting_other_side')")
            .HasDatabaseName("ux_household_link_suggestions_pending_pair");
        builder.HasIndex(s => new { s.HouseholdAId, s.HouseholdBId, s.Reason }).IsUnique()
            .HasDatabaseName("ux_household_link_suggestions_pair_reason");
        builder.HasIndex(s => new { s.HouseholdBId, s.CreatedAt });
    }
}
