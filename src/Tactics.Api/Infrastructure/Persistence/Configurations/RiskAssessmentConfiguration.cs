using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.RiskAssessments;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class RiskAssessmentConfiguration : IEntityTypeConfiguration<RiskAssessment>
{
    public void Configure(EntityTypeBuilder<RiskAssessment> builder)
    {
        builder.ToTable("risk_assessments");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.CaseId).HasColumnName("case_id");
        builder.ComplexProperty(r => r.Checklist, checklist =>
        {
            checklist.Ignore(c => c.Items);
            Item(checklist.ComplexProperty(c => c.ChildrenPresentOrImpacted), "children_present_or_impacted");
            Item(checklist.ComplexProperty(c => c.WeaponsThreatsAlcoholDrugs), "weapons_threats_alcohol_drugs");
            Item(checklist.ComplexProperty(c => c.Escalation), "escalation");
            Item(checklist.ComplexProperty(c => c.VictimIsolation), "victim_isolation");
            Item(checklist.ComplexProperty(c => c.StalkingOrCyberHarassment), "stalking_or_cyber_harassment");
        });
        builder.Property(r => r.ComputedLevel).HasColumnName("computed_level").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<RiskLevel>());
        builder.Property(r => r.OverrideLevel).HasColumnName("override_level").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<RiskLevel>());
        builder.Property(r => r.OverrideReason).HasColumnName("override_reason").HasMaxLength(2000);
        builder.Property(r => r.AssessedBy).HasColumnName("assessed_by").HasMaxLength(64);
        builder.Property(r => r.AssessedAt).HasColumnName("assessed_at");
        builder.HasIndex(r => new { r.CaseId, r.AssessedAt, r.Id });
    }

    private static void Item(ComplexPropertyBuilder<ChecklistItem> item, string question)
    {
        item.Property(i => i.Answer).HasColumnName($"{question}_answer").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<ChecklistAnswer>());
        item.Property(i => i.Note).HasColumnName($"{question}_note").HasMaxLength(1000);
    }
}
