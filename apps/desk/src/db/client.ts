import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded.ts';

/** The one database interface the desk uses: a PostgreSQL server (embedded or at DATABASE_URL), through pg. */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn inside one transaction; the Db given to fn is bound to it. */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'postgres';
}

export async function one<T>(db: Db, sql: string, params?: unknown[]): Promise<T | undefined> {
  const rows = await db.query<T>(sql, params);
  return rows[0];
}

/**
 * Statements prepared by name (issue 15). PostgreSQL parses and plans an unnamed statement on
 * every call: for the desk's short lookups that is most of the server's work (a ticket by id:
 * 195 µs of server CPU unnamed, 58 µs prepared, measured on the benchmark's 100,000 tickets).
 * A statement text gets a name on its second use (one-off texts, such as a search's compiled
 * condition, stay unnamed), up to `limit` names per process; pg prepares a name once per
 * connection and reuses it after. A column added to a table (a custom field, possibly by another
 * desk process) makes PostgreSQL refuse a prepared `SELECT *` whose row shape changed
 * (SQLSTATE 0A000, "cached plan must not change result type"): the names are dropped then, so
 * every text is prepared again under a new name, and the statement (or its whole transaction,
 * which the refusal aborted) runs once more. DESK_PG_PREPARE=0 turns naming off (for a pooler
 * that cannot keep prepared statements).
 */
export class StatementNames {
  private readonly seen = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private generation = 0;
  private next = 0;
  constructor(private readonly limit = 300) {}

  /** The name to prepare `sql` under, or undefined to run it unnamed. */
  nameFor(sql: string): string | undefined {
    const name = this.names.get(sql);
    if (name || this.limit <= 0) return name;
    const uses = (this.seen.get(sql) ?? 0) + 1;
    if (uses < 2 || this.names.size >= this.limit) {
      // Bounded: texts seen once are forgotten in bulk rather than kept forever.
      if (this.seen.size >= 10_000) this.seen.clear();
      this.seen.set(sql, uses);
      return undefined;
    }
    this.seen.delete(sql);
    const named = `eosc_${this.generation}_${this.next++}`;
    this.names.set(sql, named);
    return named;
  }

  /** Forgets every name: each text is prepared again, under a new name, on its next uses. */
  reset(): void {
    this.generation++;
    this.next = 0;
    this.names.clear();
    this.seen.clear();
  }

  get size(): number {
    return this.names.size;
  }
}

/** PostgreSQL refused a prepared statement because a table it reads changed its columns. */
export function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}

// Date columns travel as 'YYYY-MM-DD' strings, never as Dates shifted by a time zone.
const DATE_OID = 1082;
const INT8_OID = 20;

export async function openPostgres(url: string): Promise<Db> {
  const pgmod = await import('pg');
  const pg = pgmod.default;
  pg.types.setTypeParser(DATE_OID, (v: string) => v);
  pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DB_POOL_MAX ?? 10),
    // The desk's statements are short and many run at once: a parallel worker costs more to
    // start (about 20 ms) than the query it helps (a ticket search: 40 ms → 2 ms without), and
    // JIT compiles for longer than most statements run (issue 15). DESK_PG_OPTIONS overrides.
    options: process.env.DESK_PG_OPTIONS ?? '-c max_parallel_workers_per_gather=0 -c jit=off',
  });
  pool.on('error', (err: Error) => console.error('postgres pool error', err.message));
  type Client = {
    query: (
      q: string | { name?: string; text: string; values?: unknown[] },
      params?: unknown[],
    ) => Promise<{ rows: unknown[] }>;
  };
  const names = new StatementNames(process.env.DESK_PG_PREPARE === '0' ? 0 : 300);
  /** A transaction's attempt: whether a prepared statement was refused in it. */
  type Attempt = { stale: boolean };
  const send = async (
    c: Client,
    sql: string,
    params: unknown[] | undefined,
    attempt: Attempt | undefined,
  ) => {
    // A text without parameters may hold several statements (the simple protocol runs them):
    // only a single one is named.
    const name =
      params?.length || !sql.trimEnd().replace(/;$/, '').includes(';') ? names.nameFor(sql) : undefined;
    if (!name) return c.query(sql, params);
    try {
      return await c.query({ name, text: sql, values: params });
    } catch (err) {
      if (!isStalePlan(err)) throw err;
      names.reset();
      // Inside a transaction the refusal aborted it: the transaction runs again (tx below).
      if (attempt) {
        attempt.stale = true;
        throw err;
      }
      return c.query(sql, params);
    }
  };
  const wrap = (c: Client, attempt: Attempt | undefined): Db => {
    const inTx = attempt !== undefined;
    // One connection runs one query at a time: queue queries issued concurrently in a transaction.
    let queue: Promise<unknown> = Promise.resolve();
    const run = <R>(fn: () => Promise<R>): Promise<R> => {
      if (!inTx) return fn();
      const next = queue.then(fn, fn);
      queue = next.catch(() => undefined);
      return next;
    };
    const db: Db = {
      kind: 'postgres',
      async query<T>(sql: string, params?: unknown[]) {
        return (await run(() => send(c, sql, params, attempt))).rows as T[];
      },
      async exec(sql: string) {
        await run(() => c.query(sql));
      },
      async tx<T>(fn: (db: Db) => Promise<T>) {
        if (attempt) return fn(wrap(c, attempt));
        for (let n = 1; ; n++) {
          const client = await pool.connect();
          const current: Attempt = { stale: false };
          try {
            await client.query('BEGIN');
            const result = await fn(wrap(client, current));
            await client.query('COMMIT');
            // A refusal caught inside fn still aborted the transaction: COMMIT rolled it back.
            if (current.stale) {
              if (n === 1) continue;
              throw new Error('a prepared statement was refused twice in one transaction');
            }
            return result;
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            // A prepared statement outlived a column change: nothing was committed; once more.
            if (n === 1 && current.stale) continue;
            throw err;
          } finally {
            client.release();
          }
        }
      },
      async close() {
        if (!inTx) await pool.end();
      },
    };
    return db;
  };
  return wrap(pool, undefined);
}

/**
 * The desk's database: the server at `databaseUrl`, or else the embedded PostgreSQL server in
 * `dataDir/pg` (started here, stopped by `close()`).
 */
export async function openDb(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  const server = await startEmbeddedPostgres(join(opts.dataDir, 'pg'));
  const db = await openPostgres(server.url);
  return {
    ...db,
    async close() {
      await db.close();
      await server.stop();
    },
  };
}
