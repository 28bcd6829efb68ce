using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Domain.Sharing;

namespace Tactics.Api.Infrastructure.Persistence;

public sealed class TacticsDbContext(DbContextOptions<TacticsDbContext> options) : DbContext(options)
{
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<ConsentGrant> ConsentGrants => Set<ConsentGrant>();
    public DbSet<ConsentRevocation> ConsentRevocations => Set<ConsentRevocation>();
    public DbSet<CaseConsultation> CaseConsultations => Set<CaseConsultation>();
    public DbSet<CaseFollower> CaseFollowers => Set<CaseFollower>();
    public DbSet<AgencyRecord> AgencyRecords => Set<AgencyRecord>();
    public DbSet<Disclosure> Disclosures => Set<Disclosure>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TacticsDbContext).Assembly);
}
