/**
 * The `jobs` table: the desk's background work, kept in the database so nothing is lost when a
 * process dies (ARCHITECTURE: background work). The worker (src/jobs/worker.ts) runs it.
 *
 * - Recurring jobs are one row per kind, rescheduled `interval_seconds` after each run.
 * - One-off jobs (`enqueue`) run once at `run_at`; a failure is retried with exponential
 *   back-off (30 s, 1 min, 2 min … capped at an hour) and parked (`dead`) after max_attempts;
 *   success deletes the row.
 * - Claiming sets `locked_at` (the database's real time) and a fresh `lock_token` in one
 *   statement over `FOR UPDATE SKIP LOCKED`, so two processes never get the same job; the
 *   token must match to finish it. A lock older than the lease is a crashed (or stalled)
 *   process's: the job is claimed again.
 *
 * Due times (`run_at`, `last_run_at`) follow the desk's clock (lib/clock.ts), which tests move.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { now } from '../lib/clock.ts';
import type { Row } from './shapes.ts';

export interface JobRow {
  id: number;
  kind: string;
  payload: Row;
  run_at: Date;
  attempts: number;
  locked_at: Date | null;
  lock_token: string | null;
  last_error: string | null;
  recurring: boolean;
  interval_seconds: number | null;
  last_run_at: Date | null;
  last_duration_ms: number | null;
  last_result: Row | null;
  runs: number;
  failures: number;
  max_attempts: number;
  dead: boolean;
  created_at: Date;
}

/** How long a claim holds without a heartbeat before another process may take the job over. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** Back-off after the n-th failed attempt of a one-off job: 30 s · 2^(n-1), at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
}

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /**
   * Coalesce with a job of the same kind that has not started yet (a recompute asked for
   * twice before it runs runs once). The waiting job runs at the earlier of the two times.
   */
  coalesce?: boolean;
}

/** Adds a one-off job; returns its id (an existing waiting one's when coalesced). */
export async function enqueue(db: Db, kind: string, payload: Row = {}, opts: EnqueueOptions = {}) {
  const runAt = opts.runAt ?? now();
  if (opts.coalesce) {
    const waiting = await one<{ id: number }>(
      db,
      `UPDATE jobs SET run_at = LEAST(run_at, $2), payload = $3
        WHERE id = (SELECT id FROM jobs WHERE kind = $1 AND NOT recurring AND NOT dead AND locked_at IS NULL
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [kind, runAt, JSON.stringify(payload)],
    );
    if (waiting) return waiting.id;
  }
  const row = await one<{ id: number }>(
    db,
    `INSERT INTO jobs (kind, payload, run_at, max_attempts) VALUES ($1, $2, $3, $4) RETURNING id`,
    [kind, JSON.stringify(payload), runAt, opts.maxAttempts ?? 10],
  );
  return (row as { id: number }).id;
}

/** Makes sure a recurring kind has its row (new kinds added by later code get one on start). */
export async function ensureRecurring(db: Db, kind: string, intervalSeconds: number): Promise<void> {
  await db.query(
    `INSERT INTO jobs (kind, recurring, interval_seconds, run_at) VALUES ($1, true, $2, $3)
     ON CONFLICT (kind) WHERE recurring DO NOTHING`,
    [kind, intervalSeconds, now()],
  );
}

/**
 * Claims the next due job of the given kinds (or the job `id`, due or not), or nothing. One
 * statement: the row lock taken by the subquery is held until the claim is written, and
 * SKIP LOCKED lets another process pass over it to the next job instead of waiting.
 */
export async function claimJob(
  db: Db,
  kinds: string[],
  opts: { id?: number; leaseMs?: number } = {},
): Promise<JobRow | undefined> {
  const token = randomBytes(12).toString('hex');
  const lease = `${Math.round((opts.leaseMs ?? DEFAULT_LEASE_MS) / 1000)} seconds`;
  return one<JobRow>(
    db,
    `UPDATE jobs SET locked_at = clock_timestamp(), lock_token = $1
      WHERE id = (SELECT id FROM jobs
                   WHERE NOT dead AND kind = ANY($2::text[])
                     AND (($4::int IS NULL AND run_at <= $3) OR id = $4::int)
                     AND (locked_at IS NULL OR locked_at < clock_timestamp() - $5::interval)
                   ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [token, kinds, now(), opts.id ?? null, lease],
  );
}

/** Keeps a long job's claim alive (and stores its progress); false when the claim was lost. */
export async function heartbeat(db: Db, job: JobRow, payload?: Row): Promise<boolean> {
  const rows = await db.query(
    `UPDATE jobs SET locked_at = clock_timestamp(), payload = COALESCE($3, payload)
      WHERE id = $1 AND lock_token = $2 RETURNING id`,
    [job.id, job.lock_token, payload === undefined ? null : JSON.stringify(payload)],
  );
  return rows.length > 0;
}

/** A run succeeded: recurring jobs are rescheduled, one-off jobs deleted. */
export async function finishJob(
  db: Db,
  job: JobRow,
  result: Row,
  durationMs: number,
): Promise<JobRow | undefined> {
  const at = now();
  if (!job.recurring) {
    const rows = await db.query<JobRow>('DELETE FROM jobs WHERE id = $1 AND lock_token = $2 RETURNING *', [
      job.id,
      job.lock_token,
    ]);
    const done = rows[0];
    return done && { ...done, runs: done.runs + 1, last_run_at: at, last_result: result, locked_at: null };
  }
  return one<JobRow>(
    db,
    `UPDATE jobs SET locked_at = NULL, lock_token = NULL, attempts = 0, last_error = NULL, runs = runs + 1,
        last_run_at = $3, last_duration_ms = $4, last_result = $5,
        run_at = $3::timestamptz + make_interval(secs => interval_seconds)
      WHERE id = $1 AND lock_token = $2 RETURNING *`,
    [job.id, job.lock_token, at, Math.round(durationMs), JSON.stringify(result)],
  );
}

/** A run failed: retried after the back-off (recurring: at its next interval), parked at the limit. */
export async function failJob(
  db: Db,
  job: JobRow,
  error: string,
  durationMs: number,
): Promise<JobRow | undefined> {
  const at = now();
  const attempts = job.attempts + 1;
  const next = new Date(
    at.getTime() + (job.recurring ? (job.interval_seconds ?? 60) * 1000 : backoffMs(attempts)),
  );
  return one<JobRow>(
    db,
    `UPDATE jobs SET locked_at = NULL, lock_token = NULL, attempts = $3, failures = failures + 1,
        last_error = $4, last_run_at = $5, last_duration_ms = $6, run_at = $7,
        dead = NOT recurring AND $3 >= max_attempts
      WHERE id = $1 AND lock_token = $2 RETURNING *`,
    [job.id, job.lock_token, attempts, error.slice(0, 2000), at, Math.round(durationMs), next],
  );
}

/** Recurring jobs first (by kind), then waiting, failed and parked one-off jobs (by due time). */
export async function listJobs(db: Db): Promise<JobRow[]> {
  return db.query<JobRow>(
    `SELECT * FROM jobs ORDER BY recurring DESC, CASE WHEN recurring THEN kind END, run_at, id LIMIT 1000`,
  );
}

/** The admin view of a job (the `WorkerJob` shape of openapi.yaml). */
export function serializeJob(job: JobRow): Row {
  return {
    id: job.id,
    kind: job.kind,
    recurring: job.recurring,
    interval_seconds: job.interval_seconds,
    run_at: job.run_at,
    last_run_at: job.last_run_at,
    last_duration_ms: job.last_duration_ms,
    last_result: job.last_result,
    last_error: job.last_error,
    attempts: job.attempts,
    failures: job.failures,
    runs: job.runs,
    locked_at: job.locked_at,
    payload: job.payload,
  };
}

/**
 * After the clock was set back (tests): recurring jobs scheduled further ahead than one
 * interval are due now, so the schedule follows the clock both ways.
 */
export async function pullRecurringJobs(db: Db): Promise<void> {
  await db.query(
    `UPDATE jobs SET run_at = $1
      WHERE recurring AND run_at > $1::timestamptz + make_interval(secs => interval_seconds)`,
    [now()],
  );
}
