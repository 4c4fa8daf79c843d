import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { BffError, toBffError } from './errors.ts';

export interface StoredReply {
  status: 200 | 201;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  /** Settles with the first request's reply; concurrent duplicates await it. */
  reply: Promise<StoredReply>;
  /** Set once the first request succeeded, or timed out (then `inDoubtSince` is set too). */
  expiresAt?: number;
  /** When the attempt that timed out started: the upstream may or may not have written. */
  inDoubtSince?: number;
}

/** Looks upstream for what an attempt that timed out may have written since `since` (ms). */
export type Recover = (since: number) => Promise<StoredReply | undefined>;

/**
 * Remembers, per process, what a create or reply with an `Idempotency-Key` produced, so a retried
 * submit replays the first reply instead of writing twice.
 *
 * - Keys are scoped to the person and the route, so one person's key never reveals another's reply.
 * - A request arriving while the first one with the same key is still running waits for it
 *   (in-flight coalescing), then gets the same reply.
 * - Successes are remembered (for `ttlMs`, 24 h by default). A failure is forgotten so the
 *   retry runs again: the upstream refused (4xx) or was not reached (503), so nothing was
 *   written. The ambiguous case is a timeout (504): the upstream may have written after all.
 *   The key is then kept "in doubt", and the retry first asks the route's `recover` to look
 *   upstream for what that attempt wrote (e.g. the person's ticket with that title created
 *   since the attempt started); only if nothing is found does it write again.
 * - The same key with a different body is refused with 422, as it is a client bug.
 * - Memory is bounded: at most `maxEntries` settled entries, oldest evicted first.
 *
 * - With a `journal` file (IDEMPOTENCY_FILE; `npm start` keeps it in DATA_DIR), keys survive a
 *   restart or a crash: each attempt is written down (and synced) before the upstream call,
 *   its reply when it succeeded, its end when it failed. An attempt the journal shows started but
 *   never ended (the process was killed meanwhile) comes back "in doubt", as after a timeout, so
 *   the retry looks upstream before writing: no duplicate ticket after a crash.
 *
 * This is the memory store of one process. With N BFF processes, BFF_DATABASE_URL puts the keys
 * in PostgreSQL with the same semantics (lib/pg-state.ts), so a retry landing on another process
 * is recognised too.
 */
/** One line of the journal: an attempt started (`t`), succeeded (`r`) or ended without effect (`d`). */
interface JournalLine {
  k: string;
  f?: string;
  t?: number;
  r?: StoredReply;
  e?: number;
  d?: 1;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private fd: number | undefined;
  constructor(
    readonly ttlMs = 24 * 3600_000,
    readonly maxEntries = 10_000,
    readonly journal?: string,
  ) {
    if (journal) this.openJournal(journal);
  }

  /** Replays the journal into memory, then rewrites it with the live entries only. */
  private openJournal(path: string): void {
    const now = Date.now();
    const state = new Map<string, JournalLine>();
    if (existsSync(path)) {
      for (const text of readFileSync(path, 'utf8').split('\n')) {
        if (!text) continue;
        let line: JournalLine;
        try {
          line = JSON.parse(text) as JournalLine;
        } catch {
          continue; // the last line of a crash may be torn
        }
        if (line.d) state.delete(line.k);
        else state.set(line.k, { ...state.get(line.k), ...line });
      }
    }
    const keep: string[] = [];
    for (const [k, line] of state) {
      if (line.f === undefined || line.t === undefined) continue;
      const expiresAt = line.e ?? now + this.ttlMs;
      if (expiresAt <= now) continue;
      const entry: Entry = line.r
        ? { fingerprint: line.f, reply: Promise.resolve(line.r), expiresAt }
        : // Started, never ended: the process died during the upstream call.
          {
            fingerprint: line.f,
            reply: Promise.resolve({ status: 201, body: null }),
            expiresAt,
            inDoubtSince: line.t,
          };
      this.entries.set(k, entry);
      keep.push(JSON.stringify({ k, f: line.f, t: line.t, e: expiresAt, ...(line.r ? { r: line.r } : {}) }));
    }
    const tmp = `${path}.tmp`;
    const out = openSync(tmp, 'w', 0o600);
    writeSync(out, keep.map((l) => `${l}\n`).join(''));
    fdatasyncSync(out);
    closeSync(out);
    renameSync(tmp, path);
    this.fd = openSync(path, 'a', 0o600);
  }

  private write(line: JournalLine): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  async run(
    key: string,
    fingerprint: string,
    work: () => Promise<StoredReply>,
    recover?: Recover,
  ): Promise<StoredReply & { replayed: boolean }> {
    const now = Date.now();
    const existing = this.entries.get(key);
    const live = existing && (existing.expiresAt === undefined || existing.expiresAt > now);
    if (existing && live && existing.fingerprint !== fingerprint) {
      throw new BffError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request.',
      );
    }
    if (existing && live && existing.inDoubtSince === undefined) {
      return { ...(await existing.reply), replayed: true };
    }
    const since = existing && live ? existing.inDoubtSince : undefined;
    let recovered = false;
    const attempt = async (): Promise<StoredReply> => {
      if (since !== undefined && recover) {
        const found = await recover(since);
        if (found) {
          recovered = true;
          return found;
        }
      }
      return work();
    };
    const started = Date.now();
    // Written down before the upstream is asked, so a crash during the call leaves it in doubt.
    this.write({ k: key, f: fingerprint, t: since ?? started });
    const entry: Entry = { fingerprint, reply: attempt() };
    this.entries.set(key, entry);
    try {
      const reply = await entry.reply;
      entry.expiresAt = Date.now() + this.ttlMs;
      this.write({ k: key, r: reply, e: entry.expiresAt });
      this.evict();
      return { ...reply, replayed: recovered };
    } catch (err) {
      if (this.entries.get(key) === entry) {
        if (toBffError(err).status === 504) {
          // Keep the earliest start: the first timed-out attempt may be the one that wrote.
          entry.inDoubtSince = since ?? started;
          entry.expiresAt = Date.now() + this.ttlMs;
          this.write({ k: key, e: entry.expiresAt });
        } else {
          this.entries.delete(key);
          this.write({ k: key, d: 1 });
        }
      }
      throw err;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const now = Date.now();
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      // Map order is insertion order: the oldest first. In-flight entries are never evicted.
      if (e.expiresAt !== undefined && (e.expiresAt <= now || this.entries.size > this.maxEntries)) {
        this.entries.delete(k);
        this.write({ k, d: 1 });
      }
    }
  }
}
