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
  type Client = { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };
  const wrap = (c: Client, inTx: boolean): Db => {
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
        return (await run(() => c.query(sql, params))).rows as T[];
      },
      async exec(sql: string) {
        await run(() => c.query(sql));
      },
      async tx<T>(fn: (db: Db) => Promise<T>) {
        if (inTx) return fn(wrap(c, true));
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client, true));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
      async close() {
        if (!inTx) await pool.end();
      },
    };
    return db;
  };
  return wrap(pool, false);
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
