import type { ZammadClient } from '@eosc/zammad-api';
import { toBffError } from './errors.ts';
import type { TicketEvents } from './state.ts';

export type LiveEvent =
  | { type: 'tickets'; data: { ids: number[]; at: string } }
  | { type: 'upstream_error'; data: { code: string; error: string } };

type Listener = (e: LiveEvent) => void;

/** How many of the most recently updated tickets each poll compares. */
export const POLL_WINDOW = 50;

/**
 * One poller per signed-in person per process, shared by all their tabs. Every `intervalMs` it
 * asks the upstream, acting as that person, for the most recently updated tickets they can see
 * (`GET /tickets/search?query=*&sort_by=updated_at&order_by=desc&per_page=50`) and tells the
 * listeners which ids are new or have a newer `updated_at` than at the previous poll. The first
 * poll only sets the baseline. Works with any Zammad: no websockets, no Elasticsearch needed.
 * When a BFF process writes a ticket it announces it (lib/state.ts: NOTIFY with PostgreSQL), and
 * every poller asks at once (`soon`): changes made through any BFF show without waiting for the
 * tick; the tick stays for changes made elsewhere (directly in Zammad, by mail, by the desk's jobs).
 */
class PersonPoller {
  private readonly listeners = new Set<Listener>();
  private seen: Map<number, string> | undefined;
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

  /** Polls shortly (announcements arriving together are answered by one poll). */
  soon(): void {
    if (!this.timer || this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      void this.poll(true);
    }, 50);
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
        this.soon();
      }
    }
  }
}

export class LiveHub {
  private readonly pollers = new Map<string, PersonPoller>();
  private readonly unfollow: Array<() => void> = [];
  constructor(readonly intervalMs = 5000) {}

  /** Subscribes to a person's ticket changes; returns the unsubscribe function. */
  subscribe(personKey: string, client: () => ZammadClient, listener: Listener): () => void {
    let poller = this.pollers.get(personKey);
    if (!poller) {
      const created: PersonPoller = new PersonPoller(client(), this.intervalMs, () => {
        if (this.pollers.get(personKey) === created) this.pollers.delete(personKey);
      });
      poller = created;
      this.pollers.set(personKey, poller);
    }
    return poller.add(listener);
  }

  /** Every poller polls now: some ticket changed (announced by this process or another). */
  pollNow(): void {
    for (const p of this.pollers.values()) p.soon();
  }

  /** Polls at once whenever `events` announces a change, until `close`. */
  follow(events: TicketEvents): void {
    this.unfollow.push(events.onChange(() => this.pollNow()));
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
