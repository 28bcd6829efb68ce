using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Audit;

namespace Tactics.Api.Infrastructure.Persistence;

public sealed class TacticsDbContext(DbContextOptions<TacticsDbContext> options) : DbContext(options)
{
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TacticsDbContext).Assembly);
}
