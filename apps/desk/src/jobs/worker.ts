/**
 * The desk's background worker: every desk process runs one, and they share the `jobs` table
 * (domain/jobs.ts), where a claim gives each due job to exactly one process. A small scheduler
 * of our own rather than a job library: the maintained majors of pg-boss (10+) and
 * graphile-worker (0.17+) require Node 22, and the desk runs on Node 20; what we need (claim
 * with SKIP LOCKED, a lease, recurring rows, back-off) is a few statements.
 *
 * Kinds are pluggable: a kind names its handler and, when recurring, its interval; later work
 * (mail, webhooks) adds kinds and enqueues one-off jobs of them.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/client.ts';
import {
  claimJob,
  DEFAULT_LEASE_MS,
  ensureRecurring,
  failJob,
  finishJob,
  heartbeat,
  type JobRow,
} from '../domain/jobs.ts';
import type { Row } from '../domain/shapes.ts';

export interface JobContext {
  /** Keeps the claim alive and stores progress in the job's payload (long jobs, between batches). */
  heartbeat(progress?: Row): Promise<void>;
}

export interface JobKind {
  kind: string;
  /** Seconds between runs of a recurring kind; absent: one-off jobs only. */
  every?: number;
  /** Does the work; the result (counts) is kept as the job's `last_result`. */
  run(db: Db, job: JobRow, ctx: JobContext): Promise<Row>;
}

export interface RanJob {
  id: number;
  kind: string;
  result: Row | null;
  error?: string;
}

export interface WorkerOptions {
  /** How often the worker looks for due jobs (default 5 s). */
  pollMs?: number;
  leaseMs?: number;
  /** Jobs run per tick at most, so one tick never runs unbounded. */
  maxPerTick?: number;
}

class LostClaim extends Error {}

export class Worker {
  private readonly kinds = new Map<string, JobKind>();
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<RanJob[]> | undefined;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxPerTick: number;

  constructor(
    private readonly db: Db,
    kinds: JobKind[],
    opts: WorkerOptions = {},
  ) {
    for (const k of kinds) this.kinds.set(k.kind, k);
    this.pollMs = opts.pollMs ?? 5000;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxPerTick = opts.maxPerTick ?? 100;
  }

  get kindNames(): string[] {
    return [...this.kinds.keys()];
  }

  /** Gives every recurring kind its row (a kind added by a later version gets one here). */
  async ensureRecurring(): Promise<void> {
    for (const k of this.kinds.values()) if (k.every) await ensureRecurring(this.db, k.kind, k.every);
  }

  /** Starts polling; the timer does not keep the process alive. */
  async start(): Promise<void> {
    await this.ensureRecurring();
    this.timer = setInterval(() => {
      if (!this.current) void this.tick().catch((err) => console.error('worker tick failed', err));
    }, this.pollMs);
    this.timer.unref();
  }

  /** Stops polling and waits for the job in hand. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.current?.catch(() => undefined);
  }

  /** Runs due jobs until none is left (or maxPerTick ran). */
  tick(): Promise<RanJob[]> {
    if (this.current) return this.current;
    const run = this.drain().finally(() => {
      this.current = undefined;
    });
    this.current = run;
    return run;
  }

  /** Waits for a tick in progress, then runs everything due now (the test clock's move). */
  async runDue(): Promise<RanJob[]> {
    const earlier = (await this.current?.catch(() => [])) ?? [];
    return [...earlier, ...(await this.tick())];
  }

  private async drain(): Promise<RanJob[]> {
    const ran: RanJob[] = [];
    for (let i = 0; i < this.maxPerTick; i++) {
      const job = await claimJob(this.db, this.kindNames, { leaseMs: this.leaseMs });
      if (!job) break;
      ran.push((await this.execute(job)).ran);
    }
    return ran;
  }

  /**
   * Runs one job now, due or not (the admins' "run now"): the job after its run, `busy` when
   * another process holds it, undefined when there is no such job.
   */
  async runNow(id: number): Promise<{ job: JobRow | undefined; ran: RanJob } | 'busy' | undefined> {
    const job = await claimJob(this.db, this.kindNames, { id, leaseMs: this.leaseMs });
    if (!job) {
      const exists = await this.db.query('SELECT 1 FROM jobs WHERE id = $1 AND NOT dead', [id]);
      return exists.length > 0 ? 'busy' : undefined;
    }
    return this.execute(job);
  }

  private async execute(job: JobRow): Promise<{ job: JobRow | undefined; ran: RanJob }> {
    const kind = this.kinds.get(job.kind);
    const started = performance.now();
    const ctx: JobContext = {
      heartbeat: async (progress) => {
        if (!(await heartbeat(this.db, job, progress))) throw new LostClaim(`job ${job.id}: claim lost`);
      },
    };
    try {
      if (!kind) throw new Error(`No handler for job kind '${job.kind}'`);
      const result = await kind.run(this.db, job, ctx);
      const after = await finishJob(this.db, job, result, performance.now() - started);
      return { job: after, ran: { id: job.id, kind: job.kind, result } };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof LostClaim)) console.error(`desk worker: job ${job.id} (${job.kind}) failed:`, err);
      const after = await failJob(this.db, job, message, performance.now() - started);
      return { job: after, ran: { id: job.id, kind: job.kind, result: null, error: message } };
    }
  }
}
