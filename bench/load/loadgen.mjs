// An open-loop HTTP load generator: request i is due at start + i / rate whatever happened to the earlier ones, at
// most `connections` are in flight (keep-alive sockets), and each latency runs from the request's due time to its
// response's last byte. A server that falls behind thus shows it in the latencies (queueing is not hidden) and in the
// throughput. autocannon's --overallRate does not hold a rate that way: each connection spends its share of the
// second back to back from the start of every second, a burst of `connections` concurrent requests each second.
import { setMaxListeners } from 'node:events';
import http from 'node:http';

/** Sorted-array percentile, nearest rank (as bench/Tactics.Bench computes it). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function median(values) {
  const v = values.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

export function summarize(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? null };
}

function send(agent, base, { method, path, headers, body }, signal) {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(new URL(path, base), {
      method, agent, signal,
      headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
    }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve({ status: res.statusCode }));
      res.on('error', (error) => resolve({ status: 0, error: error.message }));
    });
    req.on('error', (error) => resolve({ status: 0, error: error.message }));
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Sends rate * seconds requests at a fixed rate. `next(i)` gives request i ({ method, path, headers, body }).
 * Requests still unanswered graceSeconds after the last one was due are aborted and count as errors (a server that
 * cannot keep up would otherwise keep the run going for as long as its queue lasts).
 * Returns { sent, ok, errors, statuses, throughput, p50, p95, p99, max } (ms); errors are non-2xx answers and failures.
 */
export async function openLoop({ base, rate, seconds, connections, next, graceSeconds = Number(process.env.BENCH_GRACE ?? 3) }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.max(1, Math.round(rate * seconds));
  const latencies = [];
  const statuses = {};
  const failures = {};
  let errors = 0;
  let lastDone = 0;
  const pending = [];
  const start = performance.now();
  const deadline = new AbortController();
  setMaxListeners(0, deadline.signal); // one listener a request in flight
  const timer = setTimeout(() => deadline.abort(new Error('unanswered at the deadline')), (seconds + graceSeconds) * 1000);
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(agent, base, next(i), deadline.signal).then(({ status, error }) => {
      const done = performance.now();
      lastDone = Math.max(lastDone, done);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) latencies.push(done - due);
      else {
        errors++;
        if (error) failures[error] = (failures[error] ?? 0) + 1;
      }
    }));
  }
  await Promise.all(pending);
  clearTimeout(timer);
  agent.destroy();
  const elapsed = (lastDone - start) / 1000;
  return {
    sent: total, ok: latencies.length, errors, statuses, failures,
    throughput: elapsed > 0 ? latencies.length / elapsed : 0,
    ...summarize(latencies),
  };
}
