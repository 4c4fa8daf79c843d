/**
 * The one place a ticket change is announced, inside the transaction that made it (issue 14):
 * ticket create, ticket update (with or without an article), a new article, a worker's change.
 *
 * What listens, in order:
 * 1. triggers (`domain/triggers`): Zammad's rules, run synchronously so their changes are part of
 *    the same transaction and of the reply; their mails and webhooks are queued as jobs;
 * 2. online notifications (the bell), as before;
 * 3. notification mails (`domain/mail/notifications`): queued as one job per change, rendered and
 *    sent by the worker per recipient's settings.
 *
 * Everything a listener queues is written in the caller's transaction (an outbox): a change that
 * rolls back sends nothing, and a committed one is never lost.
 */
import type { Db } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import type { ArticleRow } from '../article-shapes.ts';
import type { TicketRow } from '../ticket-access.ts';

export interface TicketChange {
  type: 'create' | 'update';
  /** Who made the change (the system user for worker changes). */
  actor: Actor;
  /** The ticket as it is now (after the change). */
  ticket: TicketRow;
  /** The ticket before the change; null on create. */
  before: TicketRow | null;
  /** The article written with this change, if any. */
  article: ArticleRow | null;
  /** How the change came in: `api` (REST), `email` (inbound mail), `worker`, `trigger`. */
  source: 'api' | 'email' | 'worker' | 'trigger';
}

/** A listener; returns the ticket as it left it when it changed it (triggers), else nothing. */
export type TicketChangeListener = (db: Db, change: TicketChange) => Promise<TicketRow | undefined | void>;

const listeners: { name: string; order: number; run: TicketChangeListener }[] = [];

/**
 * Registers a listener once per name (modules register themselves when imported by
 * `events/listeners.ts`); lower `order` runs first.
 */
export function onTicketChange(name: string, order: number, run: TicketChangeListener): void {
  const at = listeners.findIndex((l) => l.name === name);
  if (at >= 0) listeners.splice(at, 1);
  listeners.push({ name, order, run });
  listeners.sort((a, b) => a.order - b.order);
}

/** Announces a change; returns the ticket as the listeners left it. */
export async function ticketChanged(db: Db, change: TicketChange): Promise<TicketRow> {
  let current = change;
  for (const l of listeners) {
    const after = await l.run(db, current);
    if (after) current = { ...current, ticket: after };
  }
  return current.ticket;
}
