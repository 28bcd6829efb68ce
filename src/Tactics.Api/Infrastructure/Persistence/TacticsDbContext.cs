using Microsoft.EntityFrameworkCore;
using Tactics.Api.Common.Idempotency;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Domain.CaseSharing;
using Tactics.Api.Sharing.Ledger;
using Tactics.Api.Domain.Notifications;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Households;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Domain.RiskAssessments;

namespace Tactics.Api.Infrastructure.Persistence;

public sealed class TacticsDbContext(DbContextOptions<TacticsDbContext> options) : DbContext(options)
{
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<AccessLogChainHead> AccessLogChainHeads => Set<AccessLogChainHead>();
    public DbSet<StagedDenial> DenialOutbox => Set<StagedDenial>();
    public DbSet<ConsentGrant> ConsentGrants => Set<ConsentGrant>();
    public DbSet<ConsentRevocation> ConsentRevocations => Set<ConsentRevocation>();
    public DbSet<CaseConsultation> CaseConsultations => Set<CaseConsultation>();
    public DbSet<CaseFollower> CaseFollowers => Set<CaseFollower>();
    public DbSet<AgencyRecord> AgencyRecords => Set<AgencyRecord>();
    public DbSet<Disclosure> Disclosures => Set<Disclosure>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<HouseholdMerge> HouseholdMerges => Set<HouseholdMerge>();
    public DbSet<HouseholdMergeMove> HouseholdMergeMoves => Set<HouseholdMergeMove>();
    public DbSet<HouseholdLinkSuggestion> HouseholdLinkSuggestions => Set<HouseholdLinkSuggestion>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<RiskAssessment> RiskAssessments => Set<RiskAssessment>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<Domain.Custody.CustodyEvent> CustodyEvents => Set<Domain.Custody.CustodyEvent>();
    public DbSet<Domain.Measures.ProtectiveMeasure> ProtectiveMeasures => Set<Domain.Measures.ProtectiveMeasure>();
    public DbSet<Domain.Measures.ComplianceReport> ComplianceReports => Set<Domain.Measures.ComplianceReport>();
    public DbSet<Domain.Tasks.CaseTask> Tasks => Set<Domain.Tasks.CaseTask>();
    public DbSet<Domain.Tasks.TaskAttempt> TaskAttempts => Set<Domain.Tasks.TaskAttempt>();
    public DbSet<Domain.SafeContacts.SafeContact> SafeContacts => Set<Domain.SafeContacts.SafeContact>();
    public DbSet<AgencyReferent> AgencyReferents => Set<AgencyReferent>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Domain.Board.BoardItem> BoardItems => Set<Domain.Board.BoardItem>();
    public DbSet<Domain.Decisions.ParquetDecision> Decisions => Set<Domain.Decisions.ParquetDecision>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TacticsDbContext).Assembly);
}
