// What a benchmark scenario is. Scenario modules (bench/scenarios/*.ts) export a list of these;
// bench/run.ts measures each against its target and against the machine's ceiling.

export interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, e.g. `/api/v1/tickets/42`. */
  path: string;
  headers: Record<string, string>;
  /** JSON text. */
  body?: string;
  expectStatus: number;
}

/** What a scenario module is given: the running targets and the seeded data. */
export interface BenchContext {
  /** Base URL of the desk under test (`http://127.0.0.1:<port>`). */
  desk: string;
  /** Authorization (and From) headers of the desk's service token. */
  deskHeaders: Record<string, string>;
  /** Ids of the seeded tickets: [first, last]. */
  ticketIds: [number, number];
  /** Seeded ticket count. */
  tickets: number;
}

/**
 * A scenario's goal (issue 15), checked and marked in the table, never enforced: `ratio` is the
 * target's req/s over the ceiling's in the same run, `p95` the target's 95th percentile, `rps`
 * the target's req/s.
 */
export type Goal =
  | { kind: 'ratio'; min: number }
  | { kind: 'p95'; maxMs: number }
  | { kind: 'rps'; min: number };

export interface Scenario {
  /** Short, unique, URL-safe: `desk-show-ticket`. */
  name: string;
  /** One line for the table. */
  label: string;
  /** Base URL the scenario talks to. */
  target: string;
  /** The i-th request; vary ids or pages with i so caches do not flatter the figures. */
  request(i: number): Request;
  goal?: Goal;
  /** Connections for this scenario when not the run's (BENCH_CONCURRENCY). */
  concurrency?: number;
}

/** A deterministic pseudo-random integer in [lo, hi] for request i (no Math.random: reproducible runs). */
export function pick(i: number, lo: number, hi: number): number {
  let x = (i + 1) * 2654435761;
  x = (x ^ (x >>> 16)) >>> 0;
  return lo + (x % (hi - lo + 1));
}
