using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using Tactics.Api.Domain.Agencies;
using Tactics.Api.Domain.Audit;
using Tactics.Api.Domain.Cases;
using Tactics.Api.Domain.Custody;
using Tactics.Api.Domain.Households;
using Tactics.Api.Domain.Incidents;
using Tactics.Api.Domain.Measures;
using Tactics.Api.Domain.Persons;
using Tactics.Api.Domain.RiskAssessments;
using Tactics.Api.Domain.Tasks;
using Tactics.Api.Sharing.Ledger;

namespace Tactics.Seed;

/// <summary>
/// Writes batches with binary COPY, each in its own transaction with its row in <c>seed_batches</c>: an interrupted run
/// resumes at the first batch not recorded (append-only tables cannot be cleaned, so nothing is ever written twice).
/// </summary>
public sealed class BatchStore(NpgsqlConnection connection, IModel model)
{
    private readonly CopyTable<Agency> _agencies = new(model);
    private readonly CopyTable<Household> _households = new(model);
    private readonly CopyTable<Person> _persons = new(model);
    private readonly CopyTable<Case> _cases = new(model);
    private readonly CopyTable<Incident> _incidents = new(model);
    private readonly CopyTable<RiskAssessment> _assessments = new(model);
    private readonly CopyTable<CaseEvent> _events = new(model);
    private readonly CopyTable<CustodyEvent> _custody = new(model);
    private readonly CopyTable<ProtectiveMeasure> _measures = new(model);
    private readonly CopyTable<CaseTask> _tasks = new(model);
    private readonly CopyTable<ConsentGrant> _consents = new(model);
    private readonly CopyTable<ConsentRevocation> _revocations = new(model);
    private readonly CopyTable<AccessLogEntry> _accessLog = new(model);
    private readonly CopyTable<Tactics.Api.Domain.Board.BoardItem> _boardItems = new(model);
    private readonly CopyTable<Tactics.Api.Domain.Decisions.ParquetDecision> _decisions = new(model);
    private string? _chainHeadHashType;

    public async Task EnsureBookkeepingAsync()
    {
        await ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS seed_runs (seed integer PRIMARY KEY, anchor timestamptz NOT NULL, started_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE IF NOT EXISTS seed_batches (seed integer NOT NULL, batch integer NOT NULL, cases integer NOT NULL,
              access_log_rows integer NOT NULL, completed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (seed, batch));
            """);
        // Filled when another change adds it: one row per case with its chain's last sequence and hash.
        await using var command = new NpgsqlCommand("""
            SELECT udt_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'access_log_chain_heads' AND column_name = 'last_hash'
            """, connection);
        _chainHeadHashType = await command.ExecuteScalarAsync() as string;
    }

    /// <summary>The synthetic map's agencies that are missing (the demo ones are the API's own seed).</summary>
    public async Task<int> LoadAgenciesAsync()
    {
        var existing = new HashSet<string>();
        await using (var command = new NpgsqlCommand("SELECT code FROM agencies", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) existing.Add(reader.GetString(0));
        }
        await using var transaction = await connection.BeginTransactionAsync();
        var count = await _agencies.WriteAsync(connection, Belgium.Agencies().Where(a => !existing.Contains(a.Code)), default);
        await transaction.CommitAsync();
        return count;
    }

    /// <summary>The instant histories end at: fixed at the first run of a seed, so a resumed run continues the same data set.</summary>
    public async Task<DateTimeOffset> AnchorAsync(int seed)
    {
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        await using var command = new NpgsqlCommand("""
            WITH added AS (INSERT INTO seed_runs (seed, anchor) VALUES ($1, $2) ON CONFLICT (seed) DO NOTHING RETURNING anchor)
            SELECT anchor FROM added UNION ALL SELECT anchor FROM seed_runs WHERE seed = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = seed });
        command.Parameters.Add(new NpgsqlParameter { Value = hour });
        var anchor = (DateTime)(await command.ExecuteScalarAsync())!;
        return new DateTimeOffset(anchor, TimeSpan.Zero);
    }

    public async Task<HashSet<int>> CompletedBatchesAsync(int seed)
    {
        var done = new HashSet<int>();
        await using var command = new NpgsqlCommand("SELECT batch FROM seed_batches WHERE seed = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = seed });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) done.Add(reader.GetInt32(0));
        return done;
    }

    public async Task WriteAsync(int seed, int number, Batch batch)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync("SET LOCAL synchronous_commit = off");
        var cases = batch.Cases;
        await _households.WriteAsync(connection, batch.Households, default);
        await _persons.WriteAsync(connection, cases.SelectMany(c => c.Author is null ? [c.Victim] : new[] { c.Victim, c.Author }), default);
        await _cases.WriteAsync(connection, cases, default);
        await WriteChildrenAsync(cases);
        await _incidents.WriteAsync(connection, cases.SelectMany(c => c.Incidents), default);
        await _assessments.WriteAsync(connection, cases.SelectMany(c => c.RiskAssessments), default);
        await _custody.WriteAsync(connection, cases.SelectMany(c => c.CustodyEvents), default);
        await _measures.WriteAsync(connection, cases.SelectMany(c => c.Measures), default);
        await _tasks.WriteAsync(connection, cases.SelectMany(c => c.Tasks), default);
        await _events.WriteAsync(connection, cases.SelectMany(c => c.Events), default);
        await _boardItems.WriteAsync(connection, batch.BoardItems, default);
        await _decisions.WriteAsync(connection, batch.Decisions, default);
        await _consents.WriteAsync(connection, batch.Consents, default);
        await _revocations.WriteAsync(connection, batch.Revocations, default);
        await _accessLog.WriteAsync(connection, batch.AccessLog, default);
        if (_chainHeadHashType is not null) await WriteChainHeadsAsync(batch.AccessLog);
        await using (var command = new NpgsqlCommand("INSERT INTO seed_batches (seed, batch, cases, access_log_rows) VALUES ($1, $2, $3, $4)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = seed });
            command.Parameters.Add(new NpgsqlParameter { Value = number });
            command.Parameters.Add(new NpgsqlParameter { Value = cases.Count });
            command.Parameters.Add(new NpgsqlParameter { Value = batch.AccessLog.Count });
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private async Task WriteChildrenAsync(List<Case> cases)
    {
        await using var importer = await connection.BeginBinaryImportAsync("COPY case_children (case_id, birth_year, present_at_incidents) FROM STDIN (FORMAT BINARY)");
        foreach (var @case in cases)
        {
            foreach (var child in @case.Children)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(@case.Id, NpgsqlDbType.Uuid);
                await importer.WriteAsync(child.BirthYear, NpgsqlDbType.Integer);
                await importer.WriteAsync(child.PresentAtIncidents, NpgsqlDbType.Boolean);
            }
        }
        await importer.CompleteAsync();
    }

    private async Task WriteChainHeadsAsync(List<AccessLogEntry> entries)
    {
        await using var importer = await connection.BeginBinaryImportAsync("COPY access_log_chain_heads (case_id, last_sequence, last_hash) FROM STDIN (FORMAT BINARY)");
        foreach (var head in entries.GroupBy(e => e.CaseId).Select(chain => chain.MaxBy(e => e.Sequence)!))
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(head.CaseId, NpgsqlDbType.Uuid);
            await importer.WriteAsync(head.Sequence, NpgsqlDbType.Bigint);
            if (_chainHeadHashType == "bytea") await importer.WriteAsync(Convert.FromHexString(head.Hash), NpgsqlDbType.Bytea);
            else await importer.WriteAsync(head.Hash, _chainHeadHashType!);
        }
        await importer.CompleteAsync();
    }

    /// <summary>The tables whose index upkeep costs most of the COPY: their indexes are built once, after the load.</summary>
    private static readonly string[] DeferredIndexTables = ["access_log"];

    /// <summary>
    /// Drops the indexes (primary key included) of <see cref="DeferredIndexTables"/>, first remembering how to build each in
    /// <c>seed_deferred_indexes</c>, so that a run interrupted before <see cref="RestoreIndexesAsync"/> has them built by the next.
    /// </summary>
    public async Task DeferIndexesAsync()
    {
        await ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS seed_deferred_indexes (name text PRIMARY KEY, restore text NOT NULL);
            INSERT INTO seed_deferred_indexes (name, restore)
            SELECT i.indexname,
                   CASE WHEN k.conname IS NOT NULL
                        THEN format('ALTER TABLE %I ADD CONSTRAINT %I %s', i.tablename, k.conname, pg_get_constraintdef(k.oid))
                        ELSE i.indexdef END
            FROM pg_indexes i
            LEFT JOIN pg_constraint k ON k.conname = i.indexname AND k.conrelid = format('%I.%I', i.schemaname, i.tablename)::regclass
            WHERE i.schemaname = current_schema() AND i.tablename = ANY (@tables)
            ON CONFLICT (name) DO NOTHING;
            """, ("tables", DeferredIndexTables));
        await using var command = new NpgsqlCommand("""
            SELECT format(CASE WHEN k.conname IS NOT NULL THEN 'ALTER TABLE %1$I DROP CONSTRAINT %2$I' ELSE 'DROP INDEX %2$I' END, i.tablename, i.indexname)
            FROM pg_indexes i
            LEFT JOIN pg_constraint k ON k.conname = i.indexname AND k.conrelid = format('%I.%I', i.schemaname, i.tablename)::regclass
            WHERE i.schemaname = current_schema() AND i.tablename = ANY (@tables)
            """, connection);
        command.Parameters.AddWithValue("tables", DeferredIndexTables);
        var drops = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) drops.Add(reader.GetString(0));
        }
        foreach (var drop in drops) await ExecuteAsync(drop);
    }

    /// <summary>Builds the indexes <see cref="DeferIndexesAsync"/> dropped (this run's or an interrupted one's); returns how many.</summary>
    public async Task<int> RestoreIndexesAsync()
    {
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS seed_deferred_indexes (name text PRIMARY KEY, restore text NOT NULL)");
        var restores = new List<(string Name, string Sql)>();
        await using (var command = new NpgsqlCommand("SELECT name, restore FROM seed_deferred_indexes ORDER BY name", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) restores.Add((reader.GetString(0), reader.GetString(1)));
        }
        await ExecuteAsync("SET maintenance_work_mem = '512MB'");
        foreach (var (name, sql) in restores)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
            exists.Parameters.AddWithValue("name", $"\"{name}\"");
            if (!(bool)(await exists.ExecuteScalarAsync())!) await ExecuteAsync(sql);
            await ExecuteAsync("DELETE FROM seed_deferred_indexes WHERE name = @name", ("name", name));
        }
        return restores.Count;
    }

    /// <summary>Where the writing time went, the slowest table first.</summary>
    public string Timings() => string.Join(", ", new (string Table, TimeSpan Elapsed)[]
        {
            (_households.Table, _households.Elapsed), (_persons.Table, _persons.Elapsed), (_cases.Table, _cases.Elapsed),
            (_incidents.Table, _incidents.Elapsed), (_assessments.Table, _assessments.Elapsed), (_events.Table, _events.Elapsed),
            (_custody.Table, _custody.Elapsed), (_measures.Table, _measures.Elapsed), (_tasks.Table, _tasks.Elapsed),
            (_consents.Table, _consents.Elapsed), (_revocations.Table, _revocations.Elapsed), (_accessLog.Table, _accessLog.Elapsed),
            (_boardItems.Table, _boardItems.Elapsed), (_decisions.Table, _decisions.Elapsed),
        }.OrderByDescending(t => t.Elapsed).Select(t => $"{t.Table} {t.Elapsed.TotalSeconds:0.0} s"));

    public Task AnalyzeAsync() => ExecuteAsync("ANALYZE");

    public async Task<List<(string Table, long Rows)>> CountsAsync()
    {
        string[] tables = ["agencies", "households", "persons", "cases", "case_children", "incidents", "risk_assessments", "case_events",
            "custody_events", "protective_measures", "tasks", "consent_grants", "consent_revocations", "access_log", "board_items", "decisions"];
        var counts = new List<(string, long)>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts.Add((table, (long)(await command.ExecuteScalarAsync())!));
        }
        return counts;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
