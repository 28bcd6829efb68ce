using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Incidents;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    /// <summary>A PV number is unique in its police zone; the 409 of a concurrent duplicate names this index.</summary>
    public const string PvNumberIndex = "ux_incidents_police_zone_pv_number";

    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(i => i.CaseId).HasColumnName("case_id");
        builder.Property(i => i.Kind).HasColumnName("kind").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<IncidentKind>());
        builder.Property(i => i.PvNumber).HasColumnName("pv_number").HasMaxLength(40);
        builder.Property(i => i.PoliceZone).HasColumnName("police_zone").HasMaxLength(8);
        builder.Property(i => i.ViolenceType).HasColumnName("violence_type").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<ViolenceType>());
        builder.Property(i => i.GivesTerritory).HasColumnName("gives_territory").HasDefaultValue(true);
        builder.Property(i => i.OccurredAt).HasColumnName("occurred_at");
        builder.Property(i => i.ReportedAt).HasColumnName("reported_at");
        builder.Property(i => i.Facts).HasColumnName("facts").HasMaxLength(10000);
        builder.Property(i => i.ChildrenPresent).HasColumnName("children_present");
        builder.Property(i => i.ChildrenImpact).HasColumnName("children_impact").HasMaxLength(2000);
        builder.Property(i => i.Weapons).HasColumnName("risk_weapons");
        builder.Property(i => i.Threats).HasColumnName("risk_threats");
        builder.Property(i => i.RiskHistory).HasColumnName("risk_history").HasMaxLength(2000);
        builder.Property(i => i.ImmediateMeasure).HasColumnName("immediate_measure").HasMaxLength(32)
            .HasConversion(new SnakeCaseEnumConverter<ImmediateMeasureKind>());
        builder.Property(i => i.ImmediateMeasureDetails).HasColumnName("immediate_measure_details").HasMaxLength(2000);
        builder.PrimitiveCollection(i => i.Orientation).HasColumnName("orientation")
            .ElementType(element => element.HasConversion(new SnakeCaseEnumConverter<Orientation>()));
        builder.Property(i => i.InjuredPartyDeclaration).HasColumnName("injured_party_declaration").HasMaxLength(32)
            .HasConversion(new SnakeCaseEnumConverter<InjuredPartyDeclaration>());
        builder.Property(i => i.AccompaniedBy).HasColumnName("accompanied_by").HasMaxLength(32)
            .HasConversion(new SnakeCaseEnumConverter<Accompaniment>());
        builder.Property(i => i.FollowsIncidentId).HasColumnName("follows_incident_id");
        builder.HasOne<Incident>().WithMany().HasForeignKey(i => i.FollowsIncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(i => i.RecordedBy).HasColumnName("recorded_by").HasMaxLength(64);
        builder.Property(i => i.RecordedAt).HasColumnName("recorded_at");

        builder.HasIndex(i => new { i.PoliceZone, i.PvNumber }).IsUnique().HasFilter("pv_number IS NOT NULL").HasDatabaseName(PvNumberIndex);
        builder.HasIndex(i => new { i.CaseId, i.RecordedAt, i.Id });
        // A zone's cases (GET /cases?zone=) and the incidents that give it territory, without reading the incident rows.
        builder.HasIndex(i => new { i.PoliceZone, i.CaseId });
        // GET /cases?violenceType=: the cases having an incident of that type.
        builder.HasIndex(i => new { i.ViolenceType, i.CaseId }).HasFilter("violence_type IS NOT NULL");
    }
}
