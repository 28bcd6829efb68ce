using Microsoft.EntityFrameworkCore;
using Tactics.Api.Domain.Agencies;

namespace Tactics.Api.Infrastructure.Persistence;

public sealed class TacticsDbContext(DbContextOptions<TacticsDbContext> options) : DbContext(options)
{
    public DbSet<Agency> Agencies => Set<Agency>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TacticsDbContext).Assembly);
}
