using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Domain.Tasks;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class CustodyEventConfiguration : IEntityTypeConfiguration<CustodyEvent>
{
    public void Configure(EntityTypeBuilder<CustodyEvent> builder)
    {
        builder.ToTable("custody_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(e => e.CaseId).HasColumnName("case_id");
        builder.Property(e => e.Kind).HasColumnName("kind").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<CustodyEventKind>());
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        builder.Property(e => e.ScheduledFor).HasColumnName("scheduled_for");
        builder.Property(e => e.From).HasColumnName("leave_from");
        builder.Property(e => e.Until).HasColumnName("leave_until");
        builder.Property(e => e.HasConditions).HasColumnName("has_conditions");
        builder.Property(e => e.NoContact).HasColumnName("condition_no_contact");
        builder.Property(e => e.NoApproachToVictimAddress).HasColumnName("condition_no_approach_to_victim_address");
        builder.Property(e => e.PerimeterMeters).HasColumnName("condition_perimeter_meters");
        builder.Property(e => e.ConditionsUntil).HasColumnName("condition_until");
        builder.Ignore(e => e.Conditions);
        builder.Property(e => e.RecordedBy).HasColumnName("recorded_by").HasMaxLength(64);
        builder.Property(e => e.RecordedAt).HasColumnName("recorded_at");
        builder.HasIndex(e => new { e.CaseId, e.RecordedAt, e.Id });
    }
}

internal sealed class ProtectiveMeasureConfiguration : IEntityTypeConfiguration<ProtectiveMeasure>
{
    public void Configure(EntityTypeBuilder<ProtectiveMeasure> builder)
    {
        builder.ToTable("protective_measures");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(m => m.CaseId).HasColumnName("case_id");
        builder.Property(m => m.Kind).HasColumnName("kind").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<MeasureKind>());
        builder.Property(m => m.From).HasColumnName("valid_from");
        builder.Property(m => m.Until).HasColumnName("valid_until");
        builder.Property(m => m.OrderedBy).HasColumnName("ordered_by").HasMaxLength(64);
        builder.HasOne<Domain.Agencies.Agency>().WithMany().HasForeignKey(m => m.OrderedBy).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.Details).HasColumnName("details").HasMaxLength(ProtectiveMeasure.MaxDetailsLength);
        builder.Property(m => m.ImposedBy).HasColumnName("imposed_by").HasMaxLength(64);
        builder.Property(m => m.ImposedAt).HasColumnName("imposed_at");
        builder.Property(m => m.LiftedAt).HasColumnName("lifted_at");
        builder.Property(m => m.LiftedByAgency).HasColumnName("lifted_by_agency").HasMaxLength(64);
        builder.Property(m => m.LiftedBy).HasColumnName("lifted_by").HasMaxLength(100);
        builder.Property(m => m.LiftReason).HasColumnName("lift_reason").HasMaxLength(ProtectiveMeasure.MaxReasonLength);
        builder.Property(m => m.ExpiryAnnouncedAt).HasColumnName("expiry_announced_at");
        builder.HasIndex(m => new { m.CaseId, m.ImposedAt, m.Id });
        // The deadline monitor's claim: measures still running whose expiry has not been announced.
        builder.HasIndex(m => m.Until).HasFilter("lifted_at IS NULL AND expiry_announced_at IS NULL AND valid_until IS NOT NULL")
            .HasDatabaseName("ix_protective_measures_expiry_due");
    }
}

internal sealed class ComplianceReportConfiguration : IEntityTypeConfiguration<ComplianceReport>
{
    public void Configure(EntityTypeBuilder<ComplianceReport> builder)
    {
        builder.ToTable("compliance_reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.CaseId).HasColumnName("case_id");
        builder.HasOne<Domain.Cases.Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.MeasureId).HasColumnName("measure_id");
        builder.HasOne<ProtectiveMeasure>().WithMany().HasForeignKey(r => r.MeasureId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Status).HasColumnName("status").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<ComplianceStatus>());
        builder.Property(r => r.ObservedAt).HasColumnName("observed_at");
        builder.Property(r => r.Details).HasColumnName("details").HasMaxLength(ComplianceReport.MaxDetailsLength);
        builder.Property(r => r.RecordedBy).HasColumnName("recorded_by").HasMaxLength(64);
        builder.Property(r => r.RecordedByUser).HasColumnName("recorded_by_user").HasMaxLength(100);
        builder.Property(r => r.RecordedAt).HasColumnName("recorded_at");
        // A measure's reports, oldest first (the list's keyset).
        builder.HasIndex(r => new { r.CaseId, r.MeasureId, r.RecordedAt, r.Id });
        builder.HasIndex(r => r.MeasureId);
    }
}

internal sealed class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> builder)
    {
        builder.ToTable("tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(t => t.CaseId).HasColumnName("case_id");
        builder.Property(t => t.Kind).HasColumnName("kind").HasMaxLength(32).HasConversion(new SnakeCaseEnumConverter<TaskKind>());
        builder.Property(t => t.AssigneeAgency).HasColumnName("assignee_agency").HasMaxLength(64);
        builder.HasOne<Domain.Agencies.Agency>().WithMany().HasForeignKey(t => t.AssigneeAgency).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.AssigneeUserId).HasColumnName("assignee_user_id").HasMaxLength(100);
        builder.Property(t => t.EscalationAgency).HasColumnName("escalation_agency").HasMaxLength(64);
        builder.HasOne<Domain.Agencies.Agency>().WithMany().HasForeignKey(t => t.EscalationAgency).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.CustodyEventId).HasColumnName("custody_event_id");
        builder.HasOne<CustodyEvent>().WithMany().HasForeignKey(t => t.CustodyEventId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.Property(t => t.DueAt).HasColumnName("due_at");
        builder.Property(t => t.EscalatedAt).HasColumnName("escalated_at");
        builder.Property(t => t.CompletedAt).HasColumnName("completed_at");
        builder.Property(t => t.CompletedBy).HasColumnName("completed_by").HasMaxLength(100);
        builder.Property(t => t.CompletedByAgency).HasColumnName("completed_by_agency").HasMaxLength(64);
        builder.Property(t => t.Outcome).HasColumnName("outcome").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<TaskOutcome>());
        builder.Property(t => t.ContactMethod).HasColumnName("contact_method").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<ContactMethod>());
        builder.Property(t => t.ContactedAt).HasColumnName("contacted_at");
        builder.Property(t => t.Note).HasColumnName("note").HasMaxLength(CaseTask.MaxNoteLength);
        builder.Ignore(t => t.Completion);
        builder.Ignore(t => t.IsPending);
        builder.Property(t => t.IncidentId).HasColumnName("incident_id");
        builder.HasOne<Incident>().WithMany().HasForeignKey(t => t.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.FollowUpIncidentId).HasColumnName("follow_up_incident_id");
        builder.HasOne<Incident>().WithMany().HasForeignKey(t => t.FollowUpIncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.CancelledAt).HasColumnName("cancelled_at");
        builder.Property(t => t.UnreachableAttempts).HasColumnName("unreachable_attempts");
        builder.Property(t => t.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(t => t.AppointmentAt).HasColumnName("appointment_at");
        builder.OwnsOne(t => t.Checklist, checklist =>
        {
            checklist.Property(c => c.FrameworkExplained).HasColumnName("checklist_framework_explained");
            checklist.Property(c => c.HearingPrepared).HasColumnName("checklist_hearing_prepared");
            checklist.Property(c => c.HousingChecked).HasColumnName("checklist_housing_checked");
            checklist.Property(c => c.IncomeChecked).HasColumnName("checklist_income_checked");
        });
        // The follow-up tasks of one PV.
        builder.HasIndex(t => new { t.CaseId, t.IncidentId });
        // An agency's list, by due time.
        builder.HasIndex(t => new { t.AssigneeAgency, t.DueAt, t.Id });
        builder.HasIndex(t => t.CaseId);
        // The deadline monitor's claim: open tasks not yet escalated, by due time.
        builder.HasIndex(t => t.DueAt).HasFilter("completed_at IS NULL AND cancelled_at IS NULL AND escalated_at IS NULL").HasDatabaseName("ix_tasks_escalation_due");
    }
}

internal sealed class TaskAttemptConfiguration : IEntityTypeConfiguration<TaskAttempt>
{
    public void Configure(EntityTypeBuilder<TaskAttempt> builder)
    {
        builder.ToTable("task_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(a => a.TaskId).HasColumnName("task_id");
        builder.HasOne<CaseTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.CaseId).HasColumnName("case_id");
        builder.Property(a => a.Outcome).HasColumnName("outcome").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<AttemptOutcome>());
        builder.Property(a => a.At).HasColumnName("at");
        builder.Property(a => a.How).HasColumnName("how").HasMaxLength(16).HasConversion(new SnakeCaseEnumConverter<ContactMethod>());
        builder.Property(a => a.Note).HasColumnName("note").HasMaxLength(CaseTask.MaxNoteLength);
        builder.Property(a => a.OutsideWindow).HasColumnName("outside_window");
        builder.Property(a => a.AgainstPreferences).HasColumnName("against_preferences");
        builder.Property(a => a.RecordedBy).HasColumnName("recorded_by").HasMaxLength(100);
        builder.Property(a => a.RecordedByAgency).HasColumnName("recorded_by_agency").HasMaxLength(64);
        builder.Property(a => a.RecordedAt).HasColumnName("recorded_at");
        // A task's attempts, latest first.
        builder.HasIndex(a => new { a.TaskId, a.At, a.Id });
    }
}
