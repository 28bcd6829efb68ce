using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Households;
using Tactics.Api.Sharing;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(c => c.HouseholdId).HasColumnName("household_id");
        builder.HasOne<Household>().WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.OwnerAgency).HasColumnName("owner_agency").HasMaxLength(64);
        builder.Property(c => c.ConfinedToAgency).HasColumnName("confined_to_agency").HasMaxLength(64);
        builder.HasOne<Domain.Agencies.Agency>().WithMany().HasForeignKey(c => c.OwnerAgency).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Status).HasColumnName("status").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<CaseStatus>());
        builder.Property(c => c.ClosedReason).HasColumnName("closed_reason").HasMaxLength(1000);
        builder.Property(c => c.RiskLevel).HasColumnName("risk_level").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<RiskLevel>());
        builder.Property(c => c.VictimId).HasColumnName("victim_id");
        builder.HasOne(c => c.Victim).WithMany().HasForeignKey(c => c.VictimId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.AuthorId).HasColumnName("author_id");
        builder.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at");
        // Optimistic concurrency as a safety net under the row lock: an UPDATE of a stale version changes nothing and fails.
        builder.Property(c => c.Version).HasColumnName("version").IsConcurrencyToken();
        builder.Property(c => c.LastEventNumber).HasColumnName("last_event_number");
        // The change counters per scope (DESIGN.md, "No existence oracle"), on the case row itself: read with the case, no extra query.
        builder.Property(c => c.Changes).HasColumnName("changes").HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb")
            .HasConversion(CaseChangesConverter.Instance);

        builder.OwnsMany(c => c.Children, child =>
        {
            child.ToTable("case_children");
            child.WithOwner().HasForeignKey("CaseId");
            child.Property<Guid>("CaseId").HasColumnName("case_id");
            child.Property<int>("Id").HasColumnName("id").UseIdentityAlwaysColumn();
            child.HasKey("Id");
            child.Property(c => c.BirthYear).HasColumnName("birth_year");
            child.Property(c => c.PresentAtIncidents).HasColumnName("present_at_incidents");
        });
        builder.Navigation(c => c.Children).HasField("_children").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasMany(c => c.Incidents).WithOne().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.Incidents).HasField("_incidents").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.RiskAssessments).WithOne().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.RiskAssessments).HasField("_riskAssessments").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.Events).HasField("_events").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.CustodyEvents).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.CustodyEvents).HasField("_custodyEvents").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Measures).WithOne().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.Measures).HasField("_measures").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Tasks).WithOne().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.Tasks).HasField("_tasks").UsePropertyAccessMode(PropertyAccessMode.Field);

        // The list: newest first, keyset-paged on (created_at, id).
        builder.HasIndex(c => new { c.OwnerAgency, c.CreatedAt, c.Id }).IsDescending(false, true, true);
        builder.HasIndex(c => c.HouseholdId);
        // Pages of GET /cases walk this order and stop at their limit (CaseFactsLoader.Reachable).
        builder.HasIndex(c => new { c.CreatedAt, c.Id });
    }
}

/// <summary>Stores <see cref="CaseChanges"/> as its jsonb text; built once with the model.</summary>
internal sealed class CaseChangesConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<CaseChanges, string>(
    changes => changes.ToJson(), json => CaseChanges.FromJson(json))
{
    public static readonly CaseChangesConverter Instance = new();
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("case_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(e => e.CaseId).HasColumnName("case_id");
        builder.Property(e => e.Number).HasColumnName("number");
        builder.Property(e => e.Type).HasColumnName("type").HasMaxLength(EventCatalogue.MaxLength);
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        builder.Property(e => e.ActorAgency).HasColumnName("actor_agency").HasMaxLength(64);
        builder.Property(e => e.IncidentId).HasColumnName("incident_id");
        builder.Property(e => e.RiskAssessmentId).HasColumnName("risk_assessment_id");
        builder.Property(e => e.HouseholdId).HasColumnName("household_id");
        builder.Property(e => e.CustodyEventId).HasColumnName("custody_event_id");
        builder.Property(e => e.MeasureId).HasColumnName("measure_id");
        builder.Property(e => e.TaskId).HasColumnName("task_id");
        builder.HasIndex(e => new { e.CaseId, e.Number }).IsUnique();
    }
}
