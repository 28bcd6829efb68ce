using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Features.Cases;
using Tactics.Api.Features.Tasks;
using Tactics.Api.Infrastructure.Persistence;
using Tactics.Api.Infrastructure.Persistence.Seed;
using Tactics.Api.Infrastructure.Persons;

namespace Tactics.Seed;

// An explicit entry point, not top-level statements: the tests reference this assembly next to the API's own Program.
internal static class SeedProgram
{
    public static async Task<int> Main(string[] args)
    {
        // make seed SCALE=1: 400,000 cases, 1,000,000 incidents, 10,000,000 access-log rows; everything scales with SCALE.
        var options = SeedOptions.Parse(args);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Path.GetFullPath(options.ContentRoot))
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Development.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var connectionString = configuration.GetConnectionString("Tactics")
            ?? throw new InvalidOperationException("ConnectionStrings:Tactics is not configured (appsettings.Development.json).");

        // The API's own services: the national-number protector under the Development keys, the risk rule's thresholds.
        var services = new ServiceCollection().AddCaseFile(configuration).BuildServiceProvider();
        var protector = services.GetRequiredService<INationalNumberProtector>();
        var risk = services.GetRequiredService<IOptions<RiskOptions>>().Value;
        var tasks = configuration.GetSection(TaskOptions.Section).Get<TaskOptions>() ?? new TaskOptions();
        var board = configuration.GetSection(Tactics.Api.Features.Board.BoardOptions.Section).Get<Tactics.Api.Features.Board.BoardOptions>()
            ?? new Tactics.Api.Features.Board.BoardOptions();

        if (options.Fingerprint is { } sample)
        {
            // No database: the content of one batch at a fixed anchor, to compare two runs (ids and nonces excluded).
            var fixedAnchor = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            Console.WriteLine(Fingerprint.Of(new Generator(options.Seed, fixedAnchor, protector, risk, tasks, board).Build(sample)));
            return 0;
        }

        var clock = Stopwatch.StartNew();
        var model = await Database.PrepareAsync(connectionString);
        Log($"schema ready ({clock.Elapsed.TotalSeconds:0.0} s)");

        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var connection = await data.OpenConnectionAsync();
        var store = new BatchStore(connection, model);
        await store.EnsureBookkeepingAsync();
        var added = await store.LoadAgenciesAsync();
        var anchor = await store.AnchorAsync(options.Seed);
        var total = (int)Math.Ceiling(options.Scale * 400_000 / Generator.CasesPerBatch);
        var done = await store.CompletedBatchesAsync(options.Seed);
        var todo = Enumerable.Range(0, total).Where(b => !done.Contains(b)).ToList();
        Log($"SCALE={options.Scale.ToString(CultureInfo.InvariantCulture)} seed={options.Seed}: {total} batches of {Generator.CasesPerBatch} cases, " +
            $"{done.Count(b => b < total)} already loaded, {todo.Count} to load; {added} agencies added; history up to {anchor:u}");
        if (todo.Count == 0)
        {
            var restored = await store.RestoreIndexesAsync();
            Log(restored == 0 ? "nothing to do" : $"built the {restored} indexes an interrupted run had left to build");
            return 0;
        }

        // The access log's indexes would cost most of its COPY: dropped now, built once at the end (or by the next run).
        await store.DeferIndexesAsync();

        // Generation (domain objects, hashes, encryption) runs one batch ahead of the COPY of the previous one.
        var generator = new Generator(options.Seed, anchor, protector, risk, tasks, board);
        var queue = Channel.CreateBounded<(int Number, Batch Batch)>(2);
        var generating = TimeSpan.Zero;
        var producer = Task.Run(async () =>
        {
            foreach (var number in todo)
            {
                var started = Stopwatch.GetTimestamp();
                var built = generator.Build(number);
                generating += Stopwatch.GetElapsedTime(started);
                await queue.Writer.WriteAsync((number, built));
            }
            queue.Writer.Complete();
        });
        long cases = 0, entries = 0;
        var loaded = 0;
        var writing = TimeSpan.Zero;
        await foreach (var (number, batch) in queue.Reader.ReadAllAsync())
        {
            var started = Stopwatch.GetTimestamp();
            await store.WriteAsync(options.Seed, number, batch);
            writing += Stopwatch.GetElapsedTime(started);
            loaded++;
            cases += batch.Cases.Count;
            entries += batch.AccessLog.Count;
            var elapsed = clock.Elapsed.TotalSeconds;
            var left = elapsed / loaded * (todo.Count - loaded);
            Log($"{100.0 * loaded / todo.Count,5:0.0}%  batch {number + 1}/{total}  {cases:N0} cases, {entries:N0} access-log rows  {elapsed:0} s, ~{left:0} s left " +
                $"(generating {generating.TotalSeconds:0} s, writing {writing.TotalSeconds:0} s)");
        }
        await producer;
        Log($"COPY time by table: {store.Timings()}");
        var indexing = Stopwatch.StartNew();
        var built = await store.RestoreIndexesAsync();
        Log($"built {built} deferred indexes in {indexing.Elapsed.TotalSeconds:0.0} s");
        Log("analyzing tables");
        await store.AnalyzeAsync();
        foreach (var (table, rows) in await store.CountsAsync()) Log($"  {table,-24} {rows,12:N0}");
        Log($"done in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static void Log(string message) => Console.Error.WriteLine($"[seed] {message}");
}

internal sealed record SeedOptions(double Scale, int Seed, string ContentRoot, int? Fingerprint)
{
    public const int DefaultSeed = 20261130;

    public static SeedOptions Parse(string[] args)
    {
        double scale = 0.01;
        var seed = DefaultSeed;
        var root = "src/Tactics.Api";
        int? fingerprint = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--scale": scale = double.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--content-root": root = value; i++; break;
                case "--fingerprint": fingerprint = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                default: throw new ArgumentException($"Unknown option {args[i]}: --scale S, --seed N, --content-root DIR, --fingerprint BATCH.");
            }
        }
        if (scale <= 0 || scale > 10) throw new ArgumentException("--scale is between 0 and 10.");
        return new SeedOptions(scale, seed, root, fingerprint);
    }
}

internal static class Database
{
    /// <summary>Applies the API's migrations and demo agencies, as the API does at startup in Development.</summary>
    public static async Task<Microsoft.EntityFrameworkCore.Metadata.IModel> PrepareAsync(string connectionString)
    {
        var contextOptions = new DbContextOptionsBuilder<TacticsDbContext>().UseNpgsql(connectionString).Options;
        await using var db = new TacticsDbContext(contextOptions);
        await db.Database.MigrateAsync();
        await DemoAgencies.SeedAsync(db, CancellationToken.None);
        return db.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
    }
}
