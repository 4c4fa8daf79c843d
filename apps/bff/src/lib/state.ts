import { IdempotencyStore, type Recover, type StoredReply } from './idempotency.ts';
import { PresenceRegistry, type PresenceState, type Viewer } from './presence.ts';
import { RateLimiter } from './rate-limit.ts';
import { type Upload, type UploadInfo, UploadStore, type ZammadAttachment } from './uploads.ts';

/*
 * The BFF's own state that must be seen by every BFF process of one helpdesk and outlive a
 * restart: Idempotency-Keys, uploads waiting for their message, presence on tickets, sign-in
 * and sign-up counters, and "a ticket changed" events. Two implementations behind one shape:
 * this process's memory (no BFF_DATABASE_URL: one process, e.g. the in-process tests), and
 * PostgreSQL (lib/pg-state.ts), shared by N processes behind any load balancer.
 * Methods may answer synchronously (memory) or with a promise (PostgreSQL): callers await.
 */

type Awaitable<T> = T | Promise<T>;

export interface IdempotencyKeys {
  run(
    key: string,
    fingerprint: string,
    work: () => Promise<StoredReply>,
    recover?: Recover,
  ): Promise<StoredReply & { replayed: boolean }>;
}

export interface Uploads {
  add(owner: string, file: { filename: string; content_type: string; data: Buffer }): Awaitable<UploadInfo>;
  list(owner: string): Awaitable<UploadInfo[]>;
  get(owner: string, id: string): Awaitable<Upload | undefined>;
  remove(owner: string, id: string): Awaitable<boolean>;
  attachments(owner: string, ids?: readonly string[]): Awaitable<ZammadAttachment[]>;
  release(owner: string, ids?: readonly string[]): Awaitable<void>;
}

export interface Presence {
  update(
    ticketId: number,
    user: { id: number; name: string },
    client: string,
    state: PresenceState | 'left',
  ): Awaitable<Viewer[]>;
  subscribe(ticketId: number, userId: number, listener: (viewers: Viewer[]) => void): Awaitable<() => void>;
}

/** Fixed-window attempt counter: `take` counts an attempt and answers the seconds to wait (0: go). */
export interface Limiter {
  take(key: string): Awaitable<number>;
  reset(key: string): Awaitable<void>;
}

/** "Tickets changed": every process's live-update pollers concerned ask the upstream at once. */
export interface TicketEvents {
  /** `ids`: the tickets written, when known (undefined: a new ticket, a bulk update). */
  publish(ids?: readonly number[]): void;
  /** Returns the unsubscribe function. */
  onChange(listener: (ids: readonly number[] | undefined) => void): () => void;
}

export interface BffState {
  readonly kind: 'memory' | 'postgres';
  idempotency: IdempotencyKeys;
  uploads: Uploads;
  presence: Presence;
  /** The counter named `name` (one per limit: its key space is its own). */
  limiter(name: string, limit: number, windowMs: number): Limiter;
  tickets: TicketEvents;
  /** Resolves when the state can be used (the database answers); for /bff/health. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Listeners of one process. */
export class LocalTicketEvents implements TicketEvents {
  private readonly listeners = new Set<(ids: readonly number[] | undefined) => void>();
  publish(ids?: readonly number[]): void {
    for (const l of this.listeners) l(ids);
  }
  onChange(listener: (ids: readonly number[] | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Everything in this process's memory; Idempotency-Keys journaled to `idempotencyFile` when given. */
export function memoryState(opts: { idempotencyFile?: string | undefined } = {}): BffState {
  const idempotency = new IdempotencyStore(undefined, undefined, opts.idempotencyFile);
  const presence = new PresenceRegistry();
  return {
    kind: 'memory',
    idempotency,
    uploads: new UploadStore(),
    presence,
    limiter: (_name, limit, windowMs) => new RateLimiter(limit, windowMs),
    tickets: new LocalTicketEvents(),
    async check() {},
    async close() {
      presence.close();
      idempotency.close();
    },
  };
}
