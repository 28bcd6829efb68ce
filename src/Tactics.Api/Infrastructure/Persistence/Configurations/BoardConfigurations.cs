using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tactics.Api.Domain.Board;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Decisions;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class BoardItemConfiguration : IEntityTypeConfiguration<BoardItem>
{
    public void Configure(EntityTypeBuilder<BoardItem> builder)
    {
        builder.ToTable("board_items");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(b => b.CaseId).HasColumnName("case_id");
        builder.HasOne<Case>().WithMany().HasForeignKey(b => b.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(b => b.Kind).HasColumnName("kind").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<BoardItemKind>());
        builder.Property(b => b.IncidentId).HasColumnName("incident_id");
        builder.HasOne<Domain.Incidents.Incident>().WithMany().HasForeignKey(b => b.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(b => b.DisclosureId).HasColumnName("disclosure_id");
        builder.HasOne<Domain.CaseSharing.Disclosure>().WithMany().HasForeignKey(b => b.DisclosureId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(b => b.PoliceZone).HasColumnName("police_zone").HasMaxLength(16);
        builder.Property(b => b.ParquetAgency).HasColumnName("parquet_agency").HasMaxLength(64);
        builder.Property(b => b.ReceivedAt).HasColumnName("received_at");
        builder.Property(b => b.DueAt).HasColumnName("due_at");
        builder.Property(b => b.AssignedTo).HasColumnName("assigned_to").HasMaxLength(BoardItem.MaxUserIdLength);
        builder.Property(b => b.AssignedAt).HasColumnName("assigned_at");
        builder.Property(b => b.AssignedBy).HasColumnName("assigned_by").HasMaxLength(BoardItem.MaxUserIdLength);
        builder.Property(b => b.DecisionId).HasColumnName("decision_id");
        builder.Property(b => b.DecidedAt).HasColumnName("decided_at");
        builder.Property(b => b.OverdueAnnouncedAt).HasColumnName("overdue_announced_at");
        builder.HasIndex(b => b.IncidentId).IsUnique().HasFilter("incident_id IS NOT NULL");
        builder.HasIndex(b => b.DisclosureId).IsUnique().HasFilter("disclosure_id IS NOT NULL");
        // The boards: a zone's (or a district's zones') open items, a parquet's open disclosures, by due date.
        builder.HasIndex(b => new { b.PoliceZone, b.DueAt }).HasFilter("decided_at IS NULL").HasDatabaseName("ix_board_items_open_by_zone");
        builder.HasIndex(b => new { b.ParquetAgency, b.DueAt }).HasFilter("decided_at IS NULL AND parquet_agency IS NOT NULL")
            .HasDatabaseName("ix_board_items_open_by_parquet");
        // The monitor's claim: open items not yet announced as overdue.
        builder.HasIndex(b => b.DueAt).HasFilter("decided_at IS NULL AND overdue_announced_at IS NULL").HasDatabaseName("ix_board_items_overdue_due");
        builder.HasIndex(b => b.CaseId);
    }
}

internal sealed class ParquetDecisionConfiguration : IEntityTypeConfiguration<ParquetDecision>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public void Configure(EntityTypeBuilder<ParquetDecision> builder)
    {
        builder.ToTable("decisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(d => d.CaseId).HasColumnName("case_id");
        builder.HasOne<Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.BoardItemId).HasColumnName("board_item_id");
        builder.HasOne<BoardItem>().WithMany().HasForeignKey(d => d.BoardItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.BoardItemId).IsUnique();
        builder.Property(d => d.IncidentId).HasColumnName("incident_id");
        builder.Property(d => d.DisclosureId).HasColumnName("disclosure_id");
        builder.Property(d => d.AddressedParquet).HasColumnName("addressed_parquet").HasMaxLength(64);
        builder.Property(d => d.Outcome).HasColumnName("outcome").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<DecisionOutcome>());
        builder.Property(d => d.HearingAt).HasColumnName("hearing_at");
        builder.Property(d => d.Measures).HasColumnName("measures").HasColumnType("jsonb").HasConversion(
            new ValueConverter<List<OrderedMeasure>, string>(
                list => JsonSerializer.Serialize(list, Json),
                json => JsonSerializer.Deserialize<List<OrderedMeasure>>(json, Json) ?? new List<OrderedMeasure>()),
            new ValueComparer<List<OrderedMeasure>>(
                (a, b) => a!.SequenceEqual(b!),
                list => list.Aggregate(0, (hash, m) => HashCode.Combine(hash, m)),
                list => list.ToList()));
        builder.Property(d => d.Note).HasColumnName("note").HasMaxLength(ParquetDecision.MaxNoteLength);
        builder.Property(d => d.DecidedBy).HasColumnName("decided_by").HasMaxLength(64);
        builder.Property(d => d.DecidedByUser).HasColumnName("decided_by_user").HasMaxLength(100);
        builder.Property(d => d.DecidedAt).HasColumnName("decided_at");
        builder.HasIndex(d => new { d.CaseId, d.DecidedAt, d.Id });
    }
}
