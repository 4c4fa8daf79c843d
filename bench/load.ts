// A small closed-loop load generator: a fixed number of keep-alive connections, each sending
// its next request as soon as the previous reply has been read, for a bounded time.
import http from 'node:http';
import type { Request } from './scenario.ts';

export interface LoadOptions {
  /** `http://127.0.0.1:<port>`; nothing else is ever contacted. */
  base: string;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  /** The i-th request (i counts from 0 across all connections). */
  request: (i: number) => Request;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Replies whose status was not the expected one (counted, not timed). */
  errors: number;
  statuses: Record<string, number>;
}

function once(agent: http.Agent, base: URL, req: Request): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const r = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: {
          ...req.headers,
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}),
        },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(opts.base))
    throw new Error(`load only goes to 127.0.0.1: ${opts.base}`);
  const base = new URL(opts.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let counter = 0;
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  let measuredStart = Number.NaN;

  async function worker() {
    while (true) {
      const t0 = performance.now();
      if (t0 >= end) return;
      const req = opts.request(counter++);
      const { status } = await once(agent, base, req);
      const t1 = performance.now();
      if (t0 < measureFrom) continue;
      if (Number.isNaN(measuredStart)) measuredStart = t0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== req.expectStatus) errors++;
      else latencies.push(t1 - t0);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, () => worker()));
  const elapsed = (performance.now() - (Number.isNaN(measuredStart) ? measureFrom : measuredStart)) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length + errors,
    rps: latencies.length / elapsed,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    errors,
    statuses,
  };
}

/** One request, its reply read whole: used to probe a scenario and to capture the ceiling's bytes. */
export function fetchOnce(
  base: string,
  req: Request,
): Promise<{ status: number; contentType: string; body: Buffer }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: {
          ...req.headers,
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}
