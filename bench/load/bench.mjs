// make bench, the part after the build (scripts/bench.sh starts the database and the API processes):
//   node bench/load/bench.mjs cases                              how many cases the database holds
//   node bench/load/bench.mjs ids     --work DIR                 picks the ids to use, by SQL on the real schema
//   node bench/load/bench.mjs capture --work DIR --api URL       one read of each kind at a time against an API whose
//        connections log every statement (log_min_duration_statement=0 through their startup options): writes the
//        statements each read sent, with their parameters, as pgbench scripts (BEGIN … ROLLBACK, fresh ids)
//   node bench/load/bench.mjs run     --work DIR --api URL --pid PID   the three runs, the medians, the table and
//        bench/results/latest.json
// Connection: the Development connection string of src/Tactics.Api (the database of `make run`).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median, openLoop, summarize } from './loadgen.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = Object.fromEntries(process.argv.slice(3).map((a, i, all) => a.startsWith('--') ? [a.slice(2), all[i + 1]] : null).filter(Boolean));
const env = (name, fallback) => Number(process.env[name] ?? fallback);
const config = {
  runs: env('BENCH_RUNS', 3),
  seconds: env('BENCH_DURATION', 20),
  warmup: env('BENCH_WARMUP', 2),
  byId: { rate: env('BENCH_READ_RATE', 300), connections: env('BENCH_READ_CONNECTIONS', 32), cases: env('BENCH_READ_CASES', 1000) },
  list: { rate: env('BENCH_LIST_RATE', 20), connections: env('BENCH_LIST_CONNECTIONS', 8) },
  incidents: { rate: env('BENCH_WRITE_RATE', 100), connections: env('BENCH_WRITE_CONNECTIONS', 16) },
  releaseIntervalMs: env('BENCH_RELEASE_INTERVAL_MS', 100),
  captures: env('BENCH_CAPTURES', 10),
  captureTimeout: env('BENCH_CAPTURE_TIMEOUT', 60),
  serverLog: process.env.BENCH_PG_LOG ?? '/var/lib/tactics/pgdata/server.log',
  pgbench: process.env.BENCH_PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench',
};
const work = args.work ? path.resolve(args.work) : null; // every command but `cases` has one
const log = (...m) => console.error('[bench]', ...m);

// The Development connection string, as PG* variables for psql and pgbench.
const pgEnv = (() => {
  const settings = JSON.parse(fs.readFileSync(path.join(root, 'src/Tactics.Api/appsettings.Development.json'), 'utf8'));
  const parts = Object.fromEntries(settings.ConnectionStrings.Tactics.split(';').filter(Boolean)
    .map((kv) => kv.split('=')).map(([k, v]) => [k.trim().toLowerCase(), v]));
  return { ...process.env, PGHOST: parts.host, PGPORT: parts.port, PGDATABASE: parts.database, PGUSER: parts.username, PGPASSWORD: parts.password };
})();

function sql(text) {
  const r = spawnSync('psql', ['-AtX', '-v', 'ON_ERROR_STOP=1', '-c', text], { env: pgEnv, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.length > 0);
}

async function token(api, agencyCode) {
  const res = await fetch(new URL('/dev/tokens', api), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agencyCode, userId: `bench-${agencyCode}`, roles: ['member'] }),
  });
  if (!res.ok) throw new Error(`POST /dev/tokens ${agencyCode}: ${res.status}`);
  return (await res.json()).accessToken;
}

// ---- ids: what the data offers, by SQL ----
function pickIds() {
  const consented = sql(`SELECT DISTINCT g.case_id FROM consent_grants g
    WHERE g.recipient_agency_code = 'cpas-saint-josse' AND g.valid_from <= now() AND (g.valid_until IS NULL OR g.valid_until > now())
      AND NOT EXISTS (SELECT 1 FROM consent_revocations r WHERE r.consent_id = g.id)
    ORDER BY 1 LIMIT ${config.byId.cases}`);
  const [zone] = sql(`SELECT police_zone FROM incidents GROUP BY 1 ORDER BY count(DISTINCT case_id) DESC, 1 LIMIT 1`);
  const [police] = sql(`SELECT code FROM agencies WHERE kind = 'police' AND police_zone = '${zone}' ORDER BY code LIMIT 1`);
  const zoneCases = sql(`SELECT id FROM cases c WHERE c.status <> 'closed'
      AND (c.owner_agency = '${police}' OR EXISTS (SELECT 1 FROM incidents i WHERE i.case_id = c.id AND i.police_zone = '${zone}'))
    ORDER BY id LIMIT 1000`);
  if (consented.length === 0 || !zone || !police || zoneCases.length === 0) throw new Error('the database offers no consented case or no zone');
  return { consented, zone, police, zoneCases };
}

// The requests measured; `i` makes ids rotate and PV numbers fresh.
function requests(ids, tokens) {
  const pvBatch = Date.now().toString(36).toUpperCase();
  return {
    byId: (i) => ({ method: 'GET', path: `/api/v1/cases/${ids.consented[i % ids.consented.length]}`, headers: { authorization: `Bearer ${tokens.cpas}` } }),
    list: () => ({ method: 'GET', path: `/api/v1/cases?zone=${ids.zone}&limit=50`, headers: { authorization: `Bearer ${tokens.police}` } }),
    incidents: (i, tag) => ({
      method: 'POST', path: `/api/v1/cases/${ids.zoneCases[i % ids.zoneCases.length]}/incidents`,
      headers: { authorization: `Bearer ${tokens.police}` },
      body: {
        kind: 'family_dispute_report', pvNumber: `BENCH.${pvBatch}.${tag}.${i}`, policeZone: ids.zone,
        occurredAt: new Date(Date.now() - 3600e3).toISOString(), reportedAt: new Date(Date.now() - 1800e3).toISOString(),
        facts: 'Describes what was said and done, in the words used, without judgement.',
        children: { present: true, impact: 'Child woke up and saw the scene.' },
        risk: { weapons: false, threats: true, history: 'Two previous calls in 2026.' },
        immediateMeasure: { kind: 'voluntary_departure', details: "Author left for his brother's home." },
        orientation: ['eva', 'sapv'],
      },
    }),
  };
}

async function tokensFor(api, ids) {
  return { cpas: await token(api, 'cpas-saint-josse'), police: await token(api, ids.police) };
}

// ---- capture: the server log of one read ----
const prefix = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \w+ \[(\d+)\] (\w+):  ([\s\S]*)$/;

/** Server-log entries (continuation lines joined) of the given backends. */
function logEntries(text, pids) {
  const entries = [];
  for (const line of text.split('\n')) {
    const m = prefix.exec(line);
    if (m) entries.push({ pid: m[1], level: m[2], text: m[3] });
    else if (entries.length > 0) entries.at(-1).text += `\n${line}`;
  }
  return entries.filter((e) => pids.has(e.pid));
}

/** `$1 = '…', $2 = NULL` → ['\'…\'', 'NULL'] (values stay SQL literals). */
function parseParameters(text) {
  const values = [];
  const re = /\$(\d+) = (NULL|'(?:[^']|'')*')/g;
  for (let m = re.exec(text); m; m = re.exec(text)) values[Number(m[1])] = m[2];
  return values;
}

/** The statements of one request: [{ sql, ms }] with parameters inlined; also the server time of all steps. */
function statementsOf(entries) {
  const statements = [];
  let serverMs = 0;
  let last = null;
  for (const e of entries) {
    const d = /^duration: ([\d.]+) ms {2}(parse|bind|execute|statement)[^:]*: ([\s\S]*)$/.exec(e.text);
    if (d) {
      serverMs += Number(d[1]);
      last = null;
      // The denial writer's look at its outbox is the capture process's, not the request's.
      if ((d[2] === 'execute' || d[2] === 'statement') && !d[3].includes('denial_outbox')) {
        last = { sql: d[3].trim().replace(/;\s*$/, ''), ms: Number(d[1]), params: [] };
        statements.push(last);
      }
    } else if (e.level === 'DETAIL' && last && e.text.startsWith('parameters:')) {
      last.params = parseParameters(e.text);
    }
  }
  for (const s of statements) {
    // The access log's batched insert (ids $1, case ids $2, sequences $3, as arrays): the entries' ids and sequences are
    // unique, and the request committed the captured ones, so the replay draws fresh ones, as many as the request wrote.
    if (/INSERT INTO access_log\b/.test(s.sql) && /unnest\(\$1::uuid\[\], \$2::uuid\[\], \$3::bigint\[\]/.test(s.sql)) {
      const n = (s.params[1] ?? "'{}'").split(',').length;
      s.params[1] = `ARRAY(SELECT gen_random_uuid() FROM generate_series(1, ${n}))`;
      s.params[3] = `ARRAY(SELECT (1000000000000 + random() * 8000000000000)::bigint FROM generate_series(1, ${n}))`;
    }
    // An access-log entry's sequence is unique per case: later requests take the captured one, so the replay draws a
    // fresh one (the chain's lock still serializes the replays of one case, as it does the requests).
    const insert = /^INSERT INTO \S+ \(([^)]*)\)\s*VALUES\s*\(([^)]*)\)/i.exec(s.sql);
    if (insert) {
      const values = insert[2].split(',').map((v) => v.trim());
      insert[1].split(',').forEach((column, i) => {
        const n = /^\$(\d+)$/.exec(values[i] ?? '')?.[1];
        if (column.trim() === 'sequence' && n) s.params[Number(n)] = FRESH_SEQUENCE;
      });
    }
    s.sql = s.sql.replace(/\$(\d+)\b/g, (all, n) => s.params[Number(n)] ?? all);
  }
  return { statements, serverMs };
}

/** Where one request's time inside PostgreSQL went: its five slowest statements, and the rest. */
function slowest(statements, serverMs) {
  const top = [...statements].sort((a, b) => b.ms - a.ms).slice(0, 5);
  return [...top.map((s) => ({ ms: s.ms, sql: s.sql.split('\n')[0].slice(0, 100) })),
    { ms: Number((serverMs - top.reduce((t, s) => t + s.ms, 0)).toFixed(3)), sql: '(every other step: parse, bind, the other statements)' }];
}

const FRESH_SEQUENCE = '__fresh_sequence__';

/** A pgbench script: the statements in one transaction that ends in ROLLBACK, each new id of an INSERT made fresh. */
function pgbenchScript(statements) {
  const uuid = /'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'/g;
  const seen = new Set();
  const fresh = new Map();
  for (const s of statements) {
    for (const [, id] of s.sql.matchAll(uuid)) {
      if (!seen.has(id) && /^\s*INSERT\b/i.test(s.sql) && !fresh.has(id)) fresh.set(id, `fresh${fresh.size + 1}`);
      seen.add(id);
    }
  }
  const lines = [...fresh.values()].map((v) => `\\set ${v} random(1, 999999999999)`);
  let sequences = 0;
  for (const s of statements) {
    s.sql = s.sql.replaceAll(FRESH_SEQUENCE, () => `:sequence${++sequences}`);
  }
  for (let i = 1; i <= sequences; i++) lines.push(`\\set sequence${i} random(1000000000000, 9000000000000)`);
  // DISCARD ALL (the pool's reset of a connection) cannot run inside a transaction block: it goes first, as it came.
  const outside = (s) => /^DISCARD\b/i.test(s.sql);
  for (const s of statements.filter(outside)) lines.push(`${s.sql};`);
  lines.push('BEGIN;');
  for (const s of statements.filter((x) => !outside(x))) {
    lines.push(`${s.sql.replace(uuid, (all, id) => fresh.has(id) ? `('00000000-0000-4000-8000-' || lpad(:${fresh.get(id)}::text, 12, '0'))::uuid` : all)};`);
  }
  lines.push('ROLLBACK;');
  return `${lines.join('\n')}\n`;
}

async function capture(api) {
  const ids = JSON.parse(fs.readFileSync(path.join(work, 'ids.json'), 'utf8'));
  const tokens = await tokensFor(api, ids);
  const make = requests(ids, tokens);
  const send = async (r) => {
    const res = await fetch(new URL(r.path, api), { method: r.method, headers: r.headers, signal: AbortSignal.timeout(config.captureTimeout * 1000) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${r.method} ${r.path}: ${res.status}`);
  };
  // Warm-up: the first requests of a process load what later ones find cached.
  for (let i = 0; i < 20; i++) await send(make.byId(i));
  const result = {};
  const kinds = ['byId'];
  try {
    await send(make.list(0));
    kinds.push('list');
  } catch (error) {
    if (error.name !== 'TimeoutError') throw error;
    result.list = { timedOut: config.captureTimeout };
    log(`list: no answer within ${config.captureTimeout} s (BENCH_CAPTURE_TIMEOUT): the list page is not measured`);
  }
  const pids = new Set(sql(`SELECT pid FROM pg_stat_activity WHERE application_name = 'tactics-bench-capture'`));
  for (const kind of kinds) {
    const captured = [];
    // The list page is the same request each time: three captures say whether its statements vary.
    for (let i = 0; i < (kind === 'list' ? Math.min(3, config.captures) : config.captures); i++) {
      const offset = fs.statSync(config.serverLog).size;
      await send(make[kind](i + 20));
      await new Promise((r) => setTimeout(r, 150));
      for (const pid of sql(`SELECT pid FROM pg_stat_activity WHERE application_name = 'tactics-bench-capture'`)) pids.add(pid);
      const fd = fs.openSync(config.serverLog, 'r');
      const size = fs.fstatSync(fd).size;
      const buffer = Buffer.alloc(size - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      fs.closeSync(fd);
      const all = statementsOf(logEntries(buffer.toString('utf8'), pids));
      const statements = all.statements.filter((x) => !/^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)\b/i.test(x.sql));
      const serverMs = all.serverMs;
      const file = path.join(work, `${kind}-${i}.sql`);
      fs.writeFileSync(file, pgbenchScript(statements));
      captured.push({ file, statements: statements.length, serverMs, slowest: slowest(all.statements, serverMs) });
    }
    result[kind] = {
      scripts: captured.map((c) => c.file),
      statements: median(captured.map((c) => c.statements)),
      statementsRange: [Math.min(...captured.map((c) => c.statements)), Math.max(...captured.map((c) => c.statements))],
      serverMs: median(captured.map((c) => c.serverMs)),
      slowestOfFirst: captured[0].slowest,
    };
    log(`${kind}: ${result[kind].statements} statements a request (${result[kind].statementsRange.join('–')}), ${result[kind].serverMs.toFixed(2)} ms inside PostgreSQL`);
  }
  fs.writeFileSync(path.join(work, 'capture.json'), JSON.stringify(result, null, 2));
}

// ---- run: HTTP at a fixed rate, then the same statements through pgbench at that rate ----
/** Free connection slots, after waiting (up to 15 s) for the API's pool to let its idle connections go. */
async function freeSlots(wanted) {
  const free = () => Number(sql(`SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
    - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')`)[0]);
  for (let i = 0; i < 15 && free() < wanted + 2; i++) await new Promise((r) => setTimeout(r, 1000));
  return free() - 2;
}

async function pgbenchReplay(name, scripts, rate, wantedClients, seconds) {
  const clients = Math.max(1, Math.min(wantedClients, await freeSlots(wantedClients)));
  if (clients < wantedClients) log(`pgbench ${name}: ${clients} clients, not ${wantedClients}: the cluster has no more free connection slots`);
  const dir = fs.mkdtempSync(path.join(work, `pgbench-${name}-`));
  const r = spawnSync(config.pgbench, ['-n', '-R', String(rate), '-c', String(clients), '-j', '2', '-T', String(seconds),
    '--log', `--log-prefix=${path.join(dir, 'tx')}`, ...scripts.flatMap((s) => ['-f', s])], { env: pgEnv, encoding: 'utf8' });
  const latencies = [];
  for (const file of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const cols = line.split(' ');
      if (cols.length >= 6 && cols[2] !== 'skipped' && cols[2] !== 'failed') latencies.push(Number(cols[2]) / 1000);
    }
  }
  const failed = /number of failed transactions: (\d+)/.exec(r.stdout)?.[1];
  if (r.status !== 0) log(`pgbench ${name} exited ${r.status}: ${r.stderr.split('\n').slice(-5).join(' | ')}`);
  return { clients, transactions: latencies.length, failed: Number(failed ?? (r.status === 0 ? 0 : NaN)), throughput: latencies.length / seconds, ...summarize(latencies) };
}

function rssSampler(pid) {
  const read = (field) => {
    try { return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024; } catch { return null; }
  };
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, read('VmRSS') ?? 0); }, 200);
  return { stop: () => { clearInterval(timer); return { peakRssMb: peak, hwmMb: read('VmHWM') }; } };
}

/** bench/Tactics.Bench --stream: opens its cases, says "ready", posts one release every interval after "go". */
async function startReleaseStream(api) {
  const child = spawn('dotnet', [path.join(root, 'bench/Tactics.Bench/bin/Release/net10.0/Tactics.Bench.dll'), '--api', api, '--stream',
    '--interval-ms', String(config.releaseIntervalMs), '--duration', String(config.seconds), '--timeout', '15'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const queue = [];
  let waiter = null;
  lines.on('line', (l) => { queue.push(l); waiter?.(); });
  const nextLine = async (test) => {
    for (;;) {
      const i = queue.findIndex(test);
      if (i >= 0) return queue.splice(i, 1)[0];
      if (child.exitCode !== null) throw new Error(`Tactics.Bench --stream exited ${child.exitCode}`);
      await new Promise((r) => { waiter = r; setTimeout(r, 500); });
    }
  };
  await nextLine((l) => l === 'ready');
  return {
    go: () => child.stdin.write('go\n'),
    result: async () => JSON.parse(await nextLine((l) => l.startsWith('{'))),
  };
}

/** Requests at the measured rate, not recorded, and abandoned when the warm-up ends. */
const warmup = (api, target, next) => openLoop({ base: api, rate: target.rate, seconds: config.warmup, connections: target.connections, next, graceSeconds: 0 });

async function measure(api, name, target, next) {
  if (config.warmup > 0) await warmup(api, target, (i) => next(i, `w${name}`));
  return openLoop({ base: api, rate: target.rate, seconds: config.seconds, connections: target.connections, next });
}

async function oneRun(api, pid, run, ids, tokens, captured) {
  const make = requests(ids, tokens);
  const result = {};
  log(`run ${run}: GET /cases/{id} at ${config.byId.rate}/s with a release every ${config.releaseIntervalMs} ms`);
  const stream = await startReleaseStream(api);
  const memory = rssSampler(pid);
  await warmup(api, config.byId, (i) => make.byId(i + 500));
  stream.go();
  result.byId = await openLoop({ base: api, rate: config.byId.rate, seconds: config.seconds, connections: config.byId.connections, next: make.byId });
  result.release = await stream.result();
  if (!captured.list.timedOut) {
    log(`run ${run}: GET /cases?zone=${ids.zone}&limit=50 at ${config.list.rate}/s`);
    result.list = await measure(api, 'list', config.list, make.list);
  }
  result.memory = memory.stop();
  log(`run ${run}: POST /cases/{id}/incidents at ${config.incidents.rate}/s`);
  result.incidents = await measure(api, 'incidents', config.incidents, (i, tag) => make.incidents(i, tag ?? `r${run}`));
  log(`run ${run}: pgbench replays`);
  result.byIdDb = await pgbenchReplay('byId', captured.byId.scripts, config.byId.rate, config.byId.connections, config.seconds);
  if (!captured.list.timedOut) result.listDb = await pgbenchReplay('list', captured.list.scripts, config.list.rate, config.list.connections, config.seconds);
  return result;
}

const ratio = (a, b) => (a === null || b === null || !(b > 0) ? null : a / b);
const fmt = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(digits));

function table(m) {
  const header = ['what', 'rate/s', 'p50 ms', 'p95 ms', 'p99 ms', 'throughput/s', 'errors', 'db p50 ms', 'db p99 ms', 'p50 ratio', 'p99 ratio', 'statements', 'working set MB'];
  const rows = m.rows.map((r) => [r.what, fmt(r.rate, 0), fmt(r.p50), fmt(r.p95), fmt(r.p99), fmt(r.throughput), fmt(r.errors, 0),
    fmt(r.dbP50, 2), fmt(r.dbP99, 2), fmt(r.ratioP50), fmt(r.ratioP99), r.statements ?? '–', fmt(r.workingSetMb, 0)]);
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

async function runAll(api, pid) {
  const ids = JSON.parse(fs.readFileSync(path.join(work, 'ids.json'), 'utf8'));
  const captured = JSON.parse(fs.readFileSync(path.join(work, 'capture.json'), 'utf8'));
  const tokens = await tokensFor(api, ids);
  const runs = [];
  for (let run = 1; run <= config.runs; run++) runs.push(await oneRun(api, pid, run, ids, tokens, captured));
  const med = (f) => median(runs.map(f));
  const http = (what, key, rate, db, statements) => (runs[0][key] === undefined ? { what: `${what}: no answer within ${config.captureTimeout} s, not measured`, rate } : {
    what, rate, p50: med((r) => r[key].p50), p95: med((r) => r[key].p95), p99: med((r) => r[key].p99),
    throughput: med((r) => r[key].throughput), errors: med((r) => r[key].errors),
    dbP50: db ? med((r) => r[db].p50) : null, dbP99: db ? med((r) => r[db].p99) : null,
    ratioP50: db ? med((r) => ratio(r[key].p50, r[db].p50)) : null, ratioP99: db ? med((r) => ratio(r[key].p99, r[db].p99)) : null,
    statements, workingSetMb: db ? med((r) => r.memory.peakRssMb) : null,
  });
  const medians = {
    rows: [
      http(`GET /cases/{id} (cpas-saint-josse, ${ids.consented.length} cases)`, 'byId', config.byId.rate, 'byIdDb', captured.byId.statements),
      http(`GET /cases?zone=${ids.zone}&limit=50 (${ids.police})`, 'list', config.list.rate, 'listDb', captured.list.statements),
      http(`POST /cases/{id}/incidents (${ids.police}, ${ids.zoneCases.length} cases)`, 'incidents', config.incidents.rate, null, null),
      { what: 'release → first webhook, under the GET /cases/{id} load', rate: 1000 / config.releaseIntervalMs,
        p50: med((r) => r.release.P50), p95: med((r) => r.release.P95), p99: med((r) => r.release.P99),
        throughput: null, errors: med((r) => r.release.Count - r.release.Delivered + r.release.Errors) },
    ],
    workingSetPeakMb: med((r) => r.memory.peakRssMb),
    vmHwmMb: runs.at(-1).memory.hwmMb,
    dbServerMsPerRequest: { byId: captured.byId.serverMs, list: captured.list.serverMs },
  };
  const out = {
    measuredAt: new Date().toISOString(), machine: `${(await import('node:os')).cpus().length} cores`,
    config: { ...config, serverLog: undefined }, ids: { zone: ids.zone, police: ids.police, consentedCases: ids.consented.length, zoneCases: ids.zoneCases.length },
    capture: captured, medians, runs,
  };
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench/results/latest.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nMedian of ${config.runs} runs of ${config.seconds} s (latencies from each request's due time; db = the same statements through pgbench -f at the same rate, BEGIN … ROLLBACK):\n`);
  console.log(table(medians));
  console.log(`\nInside PostgreSQL for one request (server log): GET /cases/{id} ${fmt(captured.byId.serverMs, 2)} ms, list ${captured.list.timedOut ? `over ${captured.list.timedOut} s` : `${fmt(captured.list.serverMs, 2)} ms`}. API peak VmRSS under the read load ${fmt(medians.workingSetPeakMb, 0)} MB (VmHWM ${fmt(medians.vmHwmMb, 0)} MB).`);
  for (const [name, c] of [['GET /cases/{id}', captured.byId], ['the list page', captured.list]].filter(([, c]) => c.slowestOfFirst)) {
    console.log(`Slowest steps of one ${name} inside PostgreSQL: ${c.slowestOfFirst.map((x) => `${fmt(x.ms, 2)} ms ${x.sql}`).join('; ')}`);
  }
  console.log('Written: bench/results/latest.json');
}

const command = process.argv[2];
if (command === 'cases') console.log(sql('SELECT count(*) FROM cases')[0]);
else if (command === 'ids') {
  const ids = pickIds();
  fs.writeFileSync(path.join(work, 'ids.json'), JSON.stringify(ids));
  log(`${ids.consented.length} cases with a live consent for cpas-saint-josse; zone ${ids.zone} (${ids.police}) with ${ids.zoneCases.length} cases`);
} else if (command === 'capture') await capture(args.api);
else if (command === 'run') await runAll(args.api, args.pid);
else { console.error('usage: bench.mjs cases|ids|capture|run --work DIR [--api URL] [--pid PID]'); process.exit(2); }
