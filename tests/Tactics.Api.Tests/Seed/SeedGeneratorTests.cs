using Microsoft.Extensions.Options;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Features.Tasks;
using Tactics.Api.Infrastructure.Persons;
using Tactics.Seed;

namespace Tactics.Api.Tests.Seed;

/// <summary>The generator of `make seed`, without a database: same seed, same content; chains that verify; nothing pending.</summary>
public sealed class SeedGeneratorTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Generator For(int seed) => new(seed, Anchor,
        new NationalNumberProtector(Options.Create(new PersonsOptions
        {
            NationalNumberEncryptionKey = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()),
            NationalNumberHmacKey = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray()),
        })),
        new RiskOptions(), new TaskOptions());

    [Fact]
    public void The_same_seed_and_batch_give_the_same_content_and_another_seed_another()
    {
        var first = Fingerprint.Of(For(7).Build(3));
        Assert.Equal(first, Fingerprint.Of(For(7).Build(3)));
        Assert.NotEqual(first, Fingerprint.Of(For(8).Build(3)));
    }

    [Fact]
    public void Every_chain_verifies_and_nothing_is_pending_or_after_the_anchor()
    {
        var batch = For(7).Build(0);

        Assert.Equal(Generator.CasesPerBatch, batch.Cases.Count);
        foreach (var chain in batch.AccessLog.GroupBy(e => e.CaseId))
        {
            var previous = AccessLogEntry.GenesisHash;
            var sequence = 1L;
            foreach (var entry in chain)
            {
                Assert.Equal((sequence++, previous, entry.ComputeHash()), (entry.Sequence, entry.PreviousHash, entry.Hash));
                previous = entry.Hash;
            }
        }
        var tasks = batch.Cases.SelectMany(c => c.Tasks).ToList();
        Assert.NotEmpty(tasks);
        Assert.All(tasks, task => Assert.True(task.CompletedAt is not null || task.DueAt > Anchor));
        Assert.All(batch.Cases.SelectMany(c => c.Events), e => Assert.True(e.OccurredAt < Anchor));
        // The board: every seeded PV has its item, and an item past its due date has its decision.
        Assert.Equal(batch.Cases.SelectMany(c => c.Incidents).Count(i => i.PvNumber is not null), batch.BoardItems.Count);
        Assert.All(batch.BoardItems, item => Assert.True(item.IsDecided || item.DueAt > Anchor));
        Assert.Equal(batch.BoardItems.Count(item => item.IsDecided), batch.Decisions.Count);
        Assert.Contains(batch.BoardItems, item => !item.IsDecided);
    }
}
