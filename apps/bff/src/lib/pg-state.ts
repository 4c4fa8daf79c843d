import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { BffError, toBffError } from './errors.ts';
import type { Recover, StoredReply } from './idempotency.ts';
import { othersOf, type PresenceEntry, type PresenceState, type Viewer } from './presence.ts';
import type { BffState, IdempotencyKeys, Limiter, Presence, TicketEvents, Uploads } from './state.ts';
import {
  ATTACHMENTS_PER_MESSAGE,
  cleanContentType,
  cleanFilename,
  UPLOAD_MAX_BYTES,
  UPLOAD_MAX_FILES,
  UPLOAD_QUOTA_BYTES,
  UPLOAD_TTL_MS,
  type Upload,
  type UploadInfo,
  type ZammadAttachment,
} from './uploads.ts';

/*
 * The BFF's shared state in PostgreSQL (BFF_DATABASE_URL): every BFF process of one helpdesk
 * reads and writes the same rows, so no sticky sessions are needed and a restart loses nothing.
 * The BFF's own tables live in the schema `bff`, created here at start, so the database may be
 * the desk's own or another. "Something changed" travels by NOTIFY on one channel; each process
 * holds one LISTEN connection (reconnecting on error) and tells its own streams.
 * Times are milliseconds since the epoch from the processes' clocks, as in the memory stores.
 */

const CHANNEL = 'bff_events';
/** Arbitrary key of the advisory lock that keeps two processes starting at once from racing DDL. */
const MIGRATION_LOCK = 7_310_015;

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS bff;
CREATE TABLE IF NOT EXISTS bff.idempotency (
  key text PRIMARY KEY,
  fingerprint text NOT NULL,
  -- running: a process is asking the upstream (until lease_until); done: reply stored;
  -- doubt: an attempt timed out, the upstream may have written (see lib/idempotency.ts)
  state text NOT NULL CHECK (state IN ('running', 'done', 'doubt')),
  claim text,
  started_at bigint NOT NULL,
  lease_until bigint,
  in_doubt_since bigint,
  -- json, not jsonb: a reply is kept as the upstream wrote it (jsonb refuses the NUL character)
  reply json,
  expires_at bigint
);
CREATE TABLE IF NOT EXISTS bff.uploads (
  id text PRIMARY KEY,
  seq bigserial,
  owner text NOT NULL,
  filename text NOT NULL,
  size integer NOT NULL,
  content_type text NOT NULL,
  data bytea NOT NULL,
  touched bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_owner ON bff.uploads (owner, seq);
CREATE TABLE IF NOT EXISTS bff.presence (
  scope text NOT NULL,
  ticket_id bigint NOT NULL,
  entry text NOT NULL,
  user_id bigint NOT NULL,
  name text NOT NULL,
  state text NOT NULL,
  since text NOT NULL,
  seen bigint NOT NULL,
  PRIMARY KEY (scope, ticket_id, entry)
);
CREATE TABLE IF NOT EXISTS bff.rate_limits (
  name text NOT NULL,
  key text NOT NULL,
  count integer NOT NULL,
  reset_at bigint NOT NULL,
  PRIMARY KEY (name, key)
);
`;

type Pool = pg.Pool;
type Msg = { s: string; k: 't'; i?: number[] } | { s: string; k: 'p'; t: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** A text key PostgreSQL can store (no NUL) and index (bounded): long or odd keys by their hash. */
function storable(key: string): string {
  return key.length <= 300 && !key.includes('\0') ? key : `sha256:${sha256(key)}`;
}

/** Ticket ids in presence are bigint: a larger number names no ticket anyone can be on. */
const isTicketId = (id: number) => Number.isSafeInteger(id) && id > 0;

export interface PgStateOptions {
  url: string;
  /** The helpdesk these processes serve (HELPDESK_ID, default its URL): presence and events are per helpdesk. */
  scope: string;
  poolMax?: number;
  idempotencyTtlMs?: number;
  /**
   * A process running a key renews its claim every third of this; a claim not renewed for this
   * long belongs to a process that died mid-call, and the key is in doubt (default 15 s).
   */
  idempotencyLeaseMs?: number;
  /** How long a duplicate waits for the running attempt's reply before answering 409. */
  idempotencyWaitMs?: number;
  presenceTtlMs?: number;
  globalUploadQuotaBytes?: number;
}

/** Connects, creates the BFF's tables if missing, starts listening. */
export async function openPgState(opts: PgStateOptions): Promise<BffState> {
  // A database that does not answer fails requests (and /bff/health) in seconds, not never.
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolMax ?? 10,
    connectionTimeoutMillis: 5000,
  });
  pool.on('error', (err) => console.error(`bff: database pool: ${err.message}`));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(SCHEMA);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }

  const listener = new Listener(opts.url);
  await listener.start();
  const notify = (m: Msg) => {
    pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(m)]).catch((err: Error) => {
      console.error(`bff: NOTIFY failed: ${err.message}`);
    });
  };

  const tickets = new PgTicketEvents(opts.scope, notify);
  const presence = new PgPresence(pool, opts.scope, notify, opts.presenceTtlMs ?? 40_000);
  const unlisten = listener.on((m) => {
    if (m === 'reconnected') {
      // Notifications sent while the connection was down are lost: refresh everything.
      tickets.heard(undefined);
      void presence.refreshAll();
      return;
    }
    if (m.s !== opts.scope) return;
    if (m.k === 't')
      tickets.heard(Array.isArray(m.i) ? m.i.filter((n) => Number.isSafeInteger(n)) : undefined);
    else void presence.refresh(m.t);
  });

  const uploadTtl = UPLOAD_TTL_MS;
  const idempotencyTtl = opts.idempotencyTtlMs ?? 24 * 3600_000;
  const presenceTtl = opts.presenceTtlMs ?? 40_000;
  // Rows past their time are deleted now and then by whichever process; reads ignore them anyway.
  const cleanup = setInterval(() => {
    const now = Date.now();
    void Promise.all([
      pool.query(`DELETE FROM bff.idempotency WHERE state <> 'running' AND expires_at <= $1`, [now]),
      pool.query('DELETE FROM bff.uploads WHERE touched < $1', [now - uploadTtl]),
      pool.query('DELETE FROM bff.presence WHERE seen < $1', [now - presenceTtl]),
      pool.query('DELETE FROM bff.rate_limits WHERE reset_at <= $1', [now]),
    ]).catch((err: Error) => console.error(`bff: state clean-up: ${err.message}`));
  }, 5 * 60_000);
  cleanup.unref();

  return {
    kind: 'postgres',
    idempotency: new PgIdempotency(
      pool,
      idempotencyTtl,
      opts.idempotencyLeaseMs ?? 15_000,
      opts.idempotencyWaitMs ?? 60_000,
    ),
    uploads: new PgUploads(pool, opts.globalUploadQuotaBytes ?? 2 * 1024 * 1024 * 1024),
    presence,
    limiter: (name, limit, windowMs) => new PgLimiter(pool, name, limit, windowMs),
    tickets,
    async check() {
      await pool.query('SELECT 1');
    },
    async close() {
      clearInterval(cleanup);
      unlisten();
      presence.close();
      await listener.stop();
      await pool.end();
    },
  };
}

/** One dedicated LISTEN connection, reconnected (after 1 s, then up to 10 s) when it fails. */
class Listener {
  private client: pg.Client | undefined;
  private readonly listeners = new Set<(m: Msg | 'reconnected') => void>();
  private stopped = false;
  private retryMs = 1000;

  constructor(private readonly url: string) {}

  on(l: (m: Msg | 'reconnected') => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.stopped) return;
      console.error(`bff: LISTEN connection lost${err ? `: ${err.message}` : ''}; reconnecting`);
      client.end().catch(() => undefined);
      this.client = undefined;
      setTimeout(() => void this.reconnect(), this.retryMs).unref();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      let m: Msg;
      try {
        m = JSON.parse(n.payload) as Msg;
      } catch {
        return;
      }
      for (const l of this.listeners) l(m);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
    this.retryMs = 1000;
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.start();
      for (const l of this.listeners) l('reconnected');
    } catch (err) {
      this.retryMs = Math.min(10_000, this.retryMs * 2);
      console.error(`bff: LISTEN reconnect failed: ${(err as Error).message}`);
      setTimeout(() => void this.reconnect(), this.retryMs).unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }
}

class PgTicketEvents implements TicketEvents {
  private readonly listeners = new Set<(ids: readonly number[] | undefined) => void>();
  constructor(
    private readonly scope: string,
    private readonly notify: (m: Msg) => void,
  ) {}
  /** Told to every process, this one included (it hears its own NOTIFY). */
  publish(ids?: readonly number[]): void {
    this.notify({ s: this.scope, k: 't', ...(ids ? { i: ids.slice(0, 100) } : {}) });
  }
  heard(ids: readonly number[] | undefined): void {
    for (const l of this.listeners) l(ids);
  }
  onChange(listener: (ids: readonly number[] | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Idempotency-Keys as rows, with the semantics of the memory store (lib/idempotency.ts). The
 * INSERT … ON CONFLICT is the claim: of two processes getting one key at once, one runs the
 * upstream call and the other polls the row until the reply is stored (answering 409 if that
 * takes longer than `waitMs`). The running process renews its claim's lease while it works; a
 * claim whose lease ran out belongs to a process that died mid-call (killed, crashed): like a
 * timeout, the key is then "in doubt", and the retry asks `recover` first.
 */
class PgIdempotency implements IdempotencyKeys {
  constructor(
    private readonly pool: Pool,
    private readonly ttlMs: number,
    private readonly leaseMs: number,
    private readonly waitMs: number,
  ) {}

  async run(
    key: string,
    fingerprint: string,
    work: () => Promise<StoredReply>,
    recover?: Recover,
  ): Promise<StoredReply & { replayed: boolean }> {
    const deadline = Date.now() + this.waitMs;
    const claim = randomUUID();
    // The request body's digest: bodies reach 1 MB, and the key is what is looked up.
    key = storable(key);
    fingerprint = sha256(fingerprint);
    let since: number | undefined;
    for (;;) {
      const now = Date.now();
      const fresh = await this.pool.query(
        `INSERT INTO bff.idempotency AS i (key, fingerprint, state, claim, started_at, lease_until)
         VALUES ($1, $2, 'running', $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET fingerprint = $2, state = 'running', claim = $3, started_at = $4,
           lease_until = $5, in_doubt_since = NULL, reply = NULL, expires_at = NULL
         WHERE i.state <> 'running' AND i.expires_at <= $4
         RETURNING key`,
        [key, fingerprint, claim, now, now + this.leaseMs],
      );
      if (fresh.rowCount) break;
      const { rows } = await this.pool.query<{
        fingerprint: string;
        state: 'running' | 'done' | 'doubt';
        lease_until: string | null;
        reply: StoredReply | null;
      }>('SELECT fingerprint, state, lease_until, reply FROM bff.idempotency WHERE key = $1', [key]);
      const row = rows[0];
      if (!row) continue; // the attempt failed and was forgotten meanwhile: claim it now
      if (row.fingerprint !== fingerprint) {
        throw new BffError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request.',
        );
      }
      if (row.state === 'done' && row.reply) return { ...row.reply, replayed: true };
      if (row.state === 'doubt' || (row.state === 'running' && Number(row.lease_until) <= now)) {
        // In doubt (timed out, or its process died): take it over, keeping the earliest start.
        const taken = await this.pool.query<{ in_doubt_since: string }>(
          `UPDATE bff.idempotency SET in_doubt_since = COALESCE(in_doubt_since, started_at), state = 'running',
             claim = $3, started_at = $4, lease_until = $5
           WHERE key = $1 AND fingerprint = $2
             AND (state = 'doubt' OR (state = 'running' AND lease_until <= $4))
           RETURNING in_doubt_since`,
          [key, fingerprint, claim, now, now + this.leaseMs],
        );
        const got = taken.rows[0];
        if (got) {
          since = Number(got.in_doubt_since);
          break;
        }
        continue;
      }
      // Running in another request: wait for its reply.
      if (Date.now() > deadline) {
        throw new BffError(
          409,
          'idempotency_in_progress',
          'A request with this Idempotency-Key is still running. Try again in a moment.',
          { 'Retry-After': '5' },
        );
      }
      await sleep(50);
    }

    const started = Date.now();
    let recovered = false;
    const renew = setInterval(
      () => {
        const now = Date.now();
        this.pool
          .query(
            `UPDATE bff.idempotency SET lease_until = $3 WHERE key = $1 AND claim = $2 AND state = 'running'`,
            [key, claim, now + this.leaseMs],
          )
          .catch((err: Error) => console.error(`bff: idempotency lease: ${err.message}`));
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    try {
      let reply: StoredReply | undefined;
      if (since !== undefined && recover) {
        reply = await recover(since);
        recovered = reply !== undefined;
      }
      reply ??= await work();
      await this.pool.query(
        `UPDATE bff.idempotency SET state = 'done', reply = $3, expires_at = $4, lease_until = NULL
         WHERE key = $1 AND claim = $2`,
        [key, claim, JSON.stringify(reply), Date.now() + this.ttlMs],
      );
      return { ...reply, replayed: recovered };
    } catch (err) {
      if (toBffError(err).status === 504) {
        await this.pool.query(
          `UPDATE bff.idempotency SET state = 'doubt', in_doubt_since = COALESCE(in_doubt_since, $3),
             expires_at = $4, lease_until = NULL
           WHERE key = $1 AND claim = $2`,
          [key, claim, since ?? started, Date.now() + this.ttlMs],
        );
      } else {
        await this.pool.query('DELETE FROM bff.idempotency WHERE key = $1 AND claim = $2', [key, claim]);
      }
      throw err;
    } finally {
      clearInterval(renew);
    }
  }
}

type UploadRow = {
  id: string;
  owner: string;
  filename: string;
  size: number;
  content_type: string;
  data: Buffer;
  touched: string;
};

/** Uploads as rows (bytea), with the limits of the memory store (lib/uploads.ts). */
class PgUploads implements Uploads {
  constructor(
    private readonly pool: Pool,
    private readonly globalQuota: number,
    private readonly now: () => number = Date.now,
  ) {}

  async add(
    owner: string,
    file: { filename: string; content_type: string; data: Buffer },
  ): Promise<UploadInfo> {
    const size = file.data.length;
    if (size > UPLOAD_MAX_BYTES) {
      throw new BffError(413, 'too_large', `The file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB.`);
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Quotas are checked and the file stored as one step across every process.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('bff.uploads'))`);
      const cutoff = this.now() - UPLOAD_TTL_MS;
      await client.query('DELETE FROM bff.uploads WHERE touched < $1', [cutoff]);
      const held = new Map(
        (
          await client.query<{ owner: string; n: string; bytes: string }>(
            'SELECT owner, count(*) AS n, sum(size) AS bytes FROM bff.uploads GROUP BY owner',
          )
        ).rows.map((r) => [r.owner, { n: Number(r.n), bytes: Number(r.bytes) }]),
      );
      const mine = held.get(owner) ?? { n: 0, bytes: 0 };
      if (mine.n >= UPLOAD_MAX_FILES) {
        throw new BffError(
          413,
          'upload_quota',
          'Too many files are waiting to be sent: send or remove some first.',
        );
      }
      if (mine.bytes + size > UPLOAD_QUOTA_BYTES) {
        throw new BffError(
          413,
          'upload_quota',
          `Your files waiting to be sent would exceed ${UPLOAD_QUOTA_BYTES / 1024 / 1024} MB: send or remove some first.`,
        );
      }
      // As in memory: when the pool is full, the biggest holder's oldest files give way.
      let total = [...held.values()].reduce((n, h) => n + h.bytes, 0);
      while (total + size > this.globalQuota) {
        const [biggest, most] = [...held.entries()].sort((a, b) => b[1].bytes - a[1].bytes)[0] ?? [];
        if (
          biggest === undefined ||
          most === undefined ||
          biggest === owner ||
          mine.bytes + size >= most.bytes
        )
          throw new BffError(
            503,
            'upload_full',
            'The helpdesk cannot take files right now. Try again later.',
          );
        const gone = await client.query<{ size: number }>(
          `DELETE FROM bff.uploads WHERE id = (
             SELECT id FROM bff.uploads WHERE owner = $1 ORDER BY touched, seq LIMIT 1) RETURNING size`,
          [biggest],
        );
        const freed = gone.rows[0]?.size ?? most.bytes;
        total -= freed;
        most.bytes -= freed;
        if (most.bytes <= 0) held.delete(biggest);
      }
      const upload = {
        id: randomUUID(),
        filename: cleanFilename(file.filename),
        size,
        content_type: cleanContentType(file.content_type),
      };
      await client.query(
        `INSERT INTO bff.uploads (id, owner, filename, size, content_type, data, touched)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [upload.id, owner, upload.filename, size, upload.content_type, file.data, this.now()],
      );
      await client.query('COMMIT');
      return upload;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async list(owner: string): Promise<UploadInfo[]> {
    const { rows } = await this.pool.query<UploadInfo>(
      `SELECT id, filename, size, content_type FROM bff.uploads
       WHERE owner = $1 AND touched >= $2 ORDER BY seq`,
      [owner, this.now() - UPLOAD_TTL_MS],
    );
    return rows;
  }

  /** Someone else's upload is as absent as an expired one. */
  async get(owner: string, id: string): Promise<Upload | undefined> {
    const now = this.now();
    const { rows } = await this.pool.query<UploadRow>(
      `UPDATE bff.uploads SET touched = $3 WHERE id = $1 AND owner = $2 AND touched >= $4
       RETURNING id, owner, filename, size, content_type, data, touched`,
      [id, owner, now, now - UPLOAD_TTL_MS],
    );
    const r = rows[0];
    return r ? { ...r, touched: Number(r.touched) } : undefined;
  }

  async remove(owner: string, id: string): Promise<boolean> {
    const r = await this.pool.query('DELETE FROM bff.uploads WHERE id = $1 AND owner = $2', [id, owner]);
    return (r.rowCount ?? 0) > 0;
  }

  async attachments(owner: string, ids: readonly string[] = []): Promise<ZammadAttachment[]> {
    if (ids.length > ATTACHMENTS_PER_MESSAGE) {
      throw new BffError(422, 'invalid', `A message can carry at most ${ATTACHMENTS_PER_MESSAGE} files.`);
    }
    const out: ZammadAttachment[] = [];
    for (const id of new Set(ids)) {
      const f = await this.get(owner, id);
      if (!f) {
        throw new BffError(
          422,
          'upload_gone',
          'An attached file is no longer available (it expired or was removed). Attach it again.',
        );
      }
      out.push({ filename: f.filename, data: f.data.toString('base64'), 'mime-type': f.content_type });
    }
    return out;
  }

  async release(owner: string, ids: readonly string[] = []): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query('DELETE FROM bff.uploads WHERE owner = $1 AND id = ANY($2::text[])', [
      owner,
      [...ids],
    ]);
  }
}

type Sub = { userId: number; listener: (v: Viewer[]) => void; last: string };

/**
 * Presence as rows with a heartbeat time. A change (someone arrives, starts or stops typing,
 * leaves) is NOTIFYed with the ticket id; each process re-reads the tickets its own streams
 * follow, on such a notice and every quarter of the TTL (a heartbeat that stops is no event).
 */
class PgPresence implements Presence {
  private readonly subs = new Map<number, Set<Sub>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly scope: string,
    private readonly notify: (m: Msg) => void,
    private readonly ttlMs: number,
  ) {
    this.sweeper = setInterval(() => void this.refreshAll(), Math.max(1000, Math.floor(ttlMs / 4)));
    this.sweeper.unref();
  }

  private async entries(ticketId: number): Promise<PresenceEntry[]> {
    if (!isTicketId(ticketId)) return [];
    const { rows } = await this.pool.query<{
      user_id: string;
      name: string;
      state: PresenceState;
      since: string;
      seen: string;
    }>(
      'SELECT user_id, name, state, since, seen FROM bff.presence WHERE scope = $1 AND ticket_id = $2 AND seen >= $3',
      [this.scope, ticketId, Date.now() - this.ttlMs],
    );
    return rows.map((r) => ({ ...r, user_id: Number(r.user_id), seen: Number(r.seen) }));
  }

  async update(
    ticketId: number,
    user: { id: number; name: string },
    client: string,
    state: PresenceState | 'left',
  ): Promise<Viewer[]> {
    if (!isTicketId(ticketId)) return [];
    const entry = `${user.id}:${client}`;
    const now = Date.now();
    const cutoff = now - this.ttlMs;
    let changed: boolean;
    if (state === 'left') {
      const r = await this.pool.query(
        'DELETE FROM bff.presence WHERE scope = $1 AND ticket_id = $2 AND entry = $3 RETURNING seen',
        [this.scope, ticketId, entry],
      );
      changed = r.rows.some((row: { seen: string }) => Number(row.seen) >= cutoff);
    } else {
      const old = (
        await this.pool.query<{ state: string; since: string; seen: string }>(
          'SELECT state, since, seen FROM bff.presence WHERE scope = $1 AND ticket_id = $2 AND entry = $3',
          [this.scope, ticketId, entry],
        )
      ).rows[0];
      const live = old !== undefined && Number(old.seen) >= cutoff;
      const since = live && old.state === state ? old.since : new Date(now).toISOString();
      await this.pool.query(
        `INSERT INTO bff.presence (scope, ticket_id, entry, user_id, name, state, since, seen)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (scope, ticket_id, entry) DO UPDATE SET name = $5, state = $6, since = $7, seen = $8`,
        [this.scope, ticketId, entry, user.id, user.name, state, since, now],
      );
      changed = !live || old.state !== state;
    }
    if (changed) this.notify({ s: this.scope, k: 'p', t: ticketId });
    return othersOf(await this.entries(ticketId), user.id, cutoff);
  }

  async subscribe(ticketId: number, userId: number, listener: (v: Viewer[]) => void): Promise<() => void> {
    let set = this.subs.get(ticketId);
    if (!set) {
      set = new Set();
      this.subs.set(ticketId, set);
    }
    const viewers = othersOf(await this.entries(ticketId), userId, Date.now() - this.ttlMs);
    const sub: Sub = { userId, listener, last: JSON.stringify(viewers) };
    set.add(sub);
    listener(viewers);
    return () => {
      set.delete(sub);
      if (set.size === 0 && this.subs.get(ticketId) === set) this.subs.delete(ticketId);
    };
  }

  /** Tells this process's listeners of a ticket what changed for them, if anything did. */
  async refresh(ticketId: number): Promise<void> {
    const set = this.subs.get(ticketId);
    if (!set?.size) return;
    let entries: PresenceEntry[];
    try {
      entries = await this.entries(ticketId);
    } catch (err) {
      console.error(`bff: presence refresh: ${(err as Error).message}`);
      return;
    }
    const cutoff = Date.now() - this.ttlMs;
    for (const sub of set) {
      const viewers = othersOf(entries, sub.userId, cutoff);
      const text = JSON.stringify(viewers);
      if (text === sub.last) continue;
      sub.last = text;
      sub.listener(viewers);
    }
  }

  async refreshAll(): Promise<void> {
    await Promise.all([...this.subs.keys()].map((t) => this.refresh(t)));
  }

  close(): void {
    clearInterval(this.sweeper);
    this.subs.clear();
  }
}

/** A fixed window per (limit, key): one UPSERT counts the attempt and answers the count. */
class PgLimiter implements Limiter {
  constructor(
    private readonly pool: Pool,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async take(key: string): Promise<number> {
    const now = Date.now();
    key = storable(key);
    // Past the limit the count stops at limit + 1: a refused attempt is not counted again.
    const { rows } = await this.pool.query<{ count: number; reset_at: string }>(
      `INSERT INTO bff.rate_limits AS r (name, key, count, reset_at) VALUES ($1, $2, 1, $3::bigint + $4::bigint)
       ON CONFLICT (name, key) DO UPDATE SET
         count = CASE WHEN r.reset_at <= $3 THEN 1 ELSE LEAST(r.count + 1, $5 + 1) END,
         reset_at = CASE WHEN r.reset_at <= $3 THEN $3::bigint + $4::bigint ELSE r.reset_at END
       RETURNING count, reset_at`,
      [this.name, key, now, this.windowMs, this.limit],
    );
    const row = rows[0];
    if (!row || row.count <= this.limit) return 0;
    return Math.max(1, Math.ceil((Number(row.reset_at) - now) / 1000));
  }

  async reset(key: string): Promise<void> {
    await this.pool.query('DELETE FROM bff.rate_limits WHERE name = $1 AND key = $2', [
      this.name,
      storable(key),
    ]);
  }
}
