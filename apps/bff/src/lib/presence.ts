/** What an agent is doing on a ticket; `left` removes them. */
export type PresenceState = 'viewing' | 'typing';

export interface Viewer {
  user_id: number;
  name: string;
  state: PresenceState;
  /** When they entered this state (ISO). */
  since: string;
}

export interface PresenceEntry extends Viewer {
  /** Last heartbeat (ms since the epoch). */
  seen: number;
}

type Listener = (viewers: Viewer[]) => void;
interface Subscription {
  userId: number;
  listener: Listener;
}

/**
 * Who is viewing or writing which ticket, in this process's memory (agents only; nothing is
 * stored upstream, so it works the same with our desk or a real Zammad). Each browser tab sends
 * a heartbeat; an entry disappears after `ttlMs` without one, or at once on `left`. Entries are
 * per tab (`user:client`), so one person with two tabs counts once, typing if either tab types.
 * Listeners of a ticket hear the viewers other than themselves whenever that list changes.
 */
export class PresenceRegistry {
  private readonly tickets = new Map<number, Map<string, PresenceEntry>>();
  private readonly subscriptions = new Map<number, Set<Subscription>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly ttlMs = 40_000,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.floor(ttlMs / 4)));
    this.sweeper.unref();
  }

  /** Records a heartbeat (or `left`); returns the other viewers of the ticket. */
  update(
    ticketId: number,
    user: { id: number; name: string },
    client: string,
    state: PresenceState | 'left',
  ): Viewer[] {
    const key = `${user.id}:${client}`;
    let entries = this.tickets.get(ticketId);
    const before = this.signature(ticketId);
    if (state === 'left') {
      entries?.delete(key);
      if (entries?.size === 0) this.tickets.delete(ticketId);
    } else {
      if (!entries) {
        entries = new Map();
        this.tickets.set(ticketId, entries);
      }
      const old = entries.get(key);
      const at = this.now();
      entries.set(key, {
        user_id: user.id,
        name: user.name,
        state,
        since: old && old.state === state ? old.since : new Date(at).toISOString(),
        seen: at,
      });
    }
    if (this.signature(ticketId) !== before) this.notify(ticketId);
    return this.others(ticketId, user.id);
  }

  /** The people on a ticket other than `userId`, one per person, typing first, then by name. */
  others(ticketId: number, userId: number): Viewer[] {
    return othersOf(this.tickets.get(ticketId)?.values() ?? [], userId, this.now() - this.ttlMs);
  }

  /** Hears the other viewers of a ticket at once and after every change; returns the unsubscribe. */
  subscribe(ticketId: number, userId: number, listener: Listener): () => void {
    let set = this.subscriptions.get(ticketId);
    if (!set) {
      set = new Set();
      this.subscriptions.set(ticketId, set);
    }
    const sub = { userId, listener };
    set.add(sub);
    listener(this.others(ticketId, userId));
    return () => {
      set.delete(sub);
      if (set.size === 0 && this.subscriptions.get(ticketId) === set) this.subscriptions.delete(ticketId);
    };
  }

  /** Drops entries whose heartbeat stopped, telling the ticket's listeners. */
  sweep(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [ticketId, entries] of [...this.tickets]) {
      let changed = false;
      for (const [key, e] of [...entries]) {
        if (e.seen < cutoff) {
          entries.delete(key);
          changed = true;
        }
      }
      if (entries.size === 0) this.tickets.delete(ticketId);
      if (changed) this.notify(ticketId);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.subscriptions.clear();
    this.tickets.clear();
  }

  /** What listeners see (who, doing what): a heartbeat that changes neither notifies nobody. */
  private signature(ticketId: number): string {
    const cutoff = this.now() - this.ttlMs;
    return [...(this.tickets.get(ticketId)?.values() ?? [])]
      .filter((e) => e.seen >= cutoff)
      .map((e) => `${e.user_id}:${e.state}`)
      .sort()
      .join(',');
  }

  private notify(ticketId: number): void {
    for (const sub of this.subscriptions.get(ticketId) ?? []) sub.listener(this.others(ticketId, sub.userId));
  }
}

/**
 * The people in `entries` other than `userId` whose heartbeat is not older than `cutoff` (ms), one
 * per person (typing if any of their tabs types, else the earliest `since`), typing first, then by name.
 */
export function othersOf(entries: Iterable<PresenceEntry>, userId: number, cutoff: number): Viewer[] {
  const byUser = new Map<number, Viewer>();
  for (const e of entries) {
    if (e.user_id === userId || e.seen < cutoff) continue;
    const have = byUser.get(e.user_id);
    if (
      !have ||
      (e.state === 'typing' && have.state !== 'typing') ||
      (e.state === have.state && e.since < have.since)
    )
      byUser.set(e.user_id, { user_id: e.user_id, name: e.name, state: e.state, since: e.since });
  }
  return [...byUser.values()].sort(
    (a, b) => Number(b.state === 'typing') - Number(a.state === 'typing') || a.name.localeCompare(b.name),
  );
}
