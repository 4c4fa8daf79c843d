import type { ZammadClient } from '@eosc/zammad-api';
import { toBffError } from './errors.ts';
import type { TicketEvents } from './state.ts';

export type LiveEvent =
  | { type: 'tickets'; data: { ids: number[]; at: string } }
  | { type: 'upstream_error'; data: { code: string; error: string } };

type Listener = (e: LiveEvent) => void;

/** How many of the most recently updated tickets each poll compares. */
export const POLL_WINDOW = 50;
/** Least time between a person's polls caused by announced writes. */
const ANNOUNCED_GAP_MS = 1000;

/**
 * One poller per signed-in person per process, shared by all their tabs. Every `intervalMs` it
 * asks the upstream, acting as that person, for the most recently updated tickets they can see
 * (`GET /tickets/search?query=*&sort_by=updated_at&order_by=desc&per_page=50`) and tells the
 * listeners which ids are new or have a newer `updated_at` than at the previous poll. The first
 * poll only sets the baseline. Works with any Zammad: no websockets, no Elasticsearch needed.
 * When a BFF process writes a ticket it announces it (lib/state.ts: NOTIFY with PostgreSQL), and
 * the pollers it may concern ask at once: changes made through any BFF show without waiting for
 * the tick; the tick stays for changes made elsewhere (directly in Zammad, by mail, by the desk's
 * jobs). Concerned are the people who have the ticket in their window, and agents whatever the
 * ticket (a new one may be in their queues); a customer's poller skips other people's tickets, so
 * a busy helpdesk's writes do not make every customer's poller ask. At most one announced poll per
 * second per person.
 */
class PersonPoller {
  private readonly listeners = new Set<Listener>();
  private seen: Map<number, string> | undefined;
  private lastPoll = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** A poll was asked for while one was running: run another once it ends. */
  private again = false;
  private soonTimer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly client: ZammadClient,
    private readonly intervalMs: number,
    private readonly onEmpty: () => void,
    private readonly agent: boolean,
  ) {}

  add(l: Listener): () => void {
    this.listeners.add(l);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      void this.poll();
    }
    return () => {
      this.listeners.delete(l);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /**
   * Tickets changed (`ids`; undefined: unknown which, e.g. a new ticket or a bulk update): polls
   * shortly if that may concern this person. Announcements arriving together get one poll.
   */
  announce(ids: readonly number[] | undefined): void {
    if (!this.timer || this.soonTimer) return;
    if (!this.agent && !ids?.some((id) => this.seen?.has(id))) return;
    this.pollSoon();
  }

  private pollSoon(): void {
    if (!this.timer || this.soonTimer) return;
    const wait = Math.max(50, this.lastPoll + ANNOUNCED_GAP_MS - Date.now());
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      void this.poll(true);
    }, wait);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.timer = undefined;
    this.soonTimer = undefined;
    this.listeners.clear();
    this.onEmpty();
  }

  private emit(e: LiveEvent): void {
    for (const l of this.listeners) l(e);
  }

  private async poll(announced = false): Promise<void> {
    if (this.running) {
      // A slow upstream: skip this tick rather than pile up calls, but run once more afterwards,
      // when a change was announced: it may be newer than what the running poll reads.
      if (announced) this.again = true;
      return;
    }
    this.running = true;
    this.lastPoll = Date.now();
    try {
      const rows = await this.client.GET('/tickets/search', {
        params: {
          query: { query: '*', sort_by: 'updated_at', order_by: 'desc', per_page: POLL_WINDOW, page: 1 },
        },
        expect: 'list',
      });
      const now = new Map(rows.map((r) => [r.id, r.updated_at]));
      if (this.seen) {
        const ids = rows.filter((r) => this.seen?.get(r.id) !== r.updated_at).map((r) => r.id);
        if (ids.length > 0) this.emit({ type: 'tickets', data: { ids, at: new Date().toISOString() } });
      }
      this.seen = now;
      this.failing = false;
    } catch (err) {
      // Told once per outage, not every tick; polling goes on and recovers by itself.
      if (!this.failing) {
        const e = toBffError(err);
        this.emit({ type: 'upstream_error', data: { code: e.code, error: e.message } });
      }
      this.failing = true;
    } finally {
      this.running = false;
      if (this.again && this.timer) {
        this.again = false;
        this.pollSoon();
      }
    }
  }
}

export class LiveHub {
  private readonly pollers = new Map<string, PersonPoller>();
  private readonly unfollow: Array<() => void> = [];
  constructor(readonly intervalMs = 5000) {}

  /** Subscribes to a person's ticket changes; returns the unsubscribe function. */
  subscribe(
    personKey: string,
    client: () => ZammadClient,
    listener: Listener,
    opts: { agent?: boolean } = {},
  ): () => void {
    let poller = this.pollers.get(personKey);
    if (!poller) {
      const created: PersonPoller = new PersonPoller(
        client(),
        this.intervalMs,
        () => {
          if (this.pollers.get(personKey) === created) this.pollers.delete(personKey);
        },
        opts.agent ?? false,
      );
      poller = created;
      this.pollers.set(personKey, poller);
    }
    return poller.add(listener);
  }

  /** Tickets changed (announced by this process or another): the pollers concerned poll now. */
  announce(ids: readonly number[] | undefined): void {
    for (const p of this.pollers.values()) p.announce(ids);
  }

  /** Polls at once whenever `events` announces a change, until `close`. */
  follow(events: TicketEvents): void {
    this.unfollow.push(events.onChange((ids) => this.announce(ids)));
  }

  /** Number of people polled now (one per person, however many tabs). */
  get pollerCount(): number {
    return this.pollers.size;
  }

  close(): void {
    for (const u of this.unfollow.splice(0)) u();
    for (const p of [...this.pollers.values()]) p.stop();
  }
}
