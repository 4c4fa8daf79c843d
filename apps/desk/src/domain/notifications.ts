/**
 * Online notifications (REFERENCE §3.9): the bell. Ticket changes notify the owner and the
 * subscribed agents; each user reads and marks their own.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, loadActor } from './actor.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';
import { userLogins } from './serialize.ts';
import { canRead, readableTickets, type TicketRow } from './ticket-access.ts';

/*
 * Zammad keeps object and type names in lookup tables and exposes their ids
 * (`object_lookup_id`, `type_lookup_id`). Ours are fixed.
 */
export const OBJECT_LOOKUP: Record<string, number> = { Ticket: 1 };
export const TYPE_LOOKUP: Record<string, number> = {
  create: 1,
  update: 2,
  reminder_reached: 3,
  escalation: 4,
  escalation_warning: 5,
  mention: 6,
};

export interface NotificationRow {
  id: number;
  o_id: number;
  object: string;
  type: string;
  user_id: number;
  seen: boolean;
  created_by_id: number;
  updated_by_id: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * After a ticket was created or changed: its owner (unless unassigned) and the users subscribed
 * through mentions are notified, never the acting user, and only when they can still read it.
 */
export async function notifyTicketChange(
  db: Db,
  actor: Actor,
  ticket: TicketRow,
  type: 'create' | 'update',
): Promise<void> {
  const subscribers = await db.query<{ user_id: number }>(
    `SELECT user_id FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $1`,
    [ticket.id],
  );
  const recipients = new Set<number>(subscribers.map((s) => s.user_id));
  if (ticket.owner_id !== 1) recipients.add(ticket.owner_id);
  recipients.delete(actor.user.id);
  recipients.delete(1);
  for (const userId of recipients) {
    const who = await loadActor(db, userId);
    if (!who?.user.active || !canRead(who, ticket)) continue;
    // Told about this change already by a `mention` notification written in the same transaction
    // (now() is the transaction's start time, so it marks rows written by this change).
    const mentioned = await db.query(
      `SELECT 1 FROM online_notifications WHERE o_id = $1 AND object = 'Ticket' AND user_id = $2
          AND type = 'mention' AND created_at = now()::timestamptz(3)`,
      [ticket.id, userId],
    );
    if (mentioned.length > 0) continue;
    await db.query(
      `INSERT INTO online_notifications (o_id, object, type, user_id, seen, created_by_id, updated_by_id)
       VALUES ($1, 'Ticket', $2, $3, false, $4, $4)`,
      [ticket.id, type, userId, actor.user.id],
    );
  }
}

/** The plain shape, with `expand` adding names. */
export async function serializeNotifications(
  db: Db,
  rows: NotificationRow[],
  expand: boolean,
): Promise<Record<string, unknown>[]> {
  const logins = expand
    ? await userLogins(
        db,
        rows.flatMap((r) => [r.user_id, r.created_by_id, r.updated_by_id]),
      )
    : new Map<number, string>();
  return rows.map((r) => {
    const out: Record<string, unknown> = {
      id: r.id,
      o_id: r.o_id,
      object_lookup_id: OBJECT_LOOKUP[r.object] ?? 0,
      type_lookup_id: TYPE_LOOKUP[r.type] ?? 0,
      user_id: r.user_id,
      seen: r.seen,
      updated_by_id: r.updated_by_id,
      created_by_id: r.created_by_id,
      created_at: r.created_at,
      updated_at: r.updated_at,
    };
    if (expand) {
      out.object = r.object;
      out.type = r.type;
      for (const [key, id] of [
        ['user', r.user_id],
        ['created_by', r.created_by_id],
        ['updated_by', r.updated_by_id],
      ] as const) {
        const login = logins.get(id);
        if (login !== undefined) out[key] = login;
      }
    }
    return out;
  });
}

/** One of the caller's own notifications, else 404/403. */
export async function loadOwnNotification(db: Db, actor: Actor, id: number): Promise<NotificationRow> {
  const row = await one<NotificationRow>(db, 'SELECT * FROM online_notifications WHERE id = $1', [id]);
  if (!row) throw new NotFoundError('OnlineNotification', id);
  if (row.user_id !== actor.user.id) throw new ForbiddenError();
  return row;
}

/**
 * The caller's own notifications, newest first, at most 200; only those about tickets they can
 * still read, which come along for the assets.
 */
export async function visibleNotifications(
  db: Db,
  actor: Actor,
): Promise<{ notifications: NotificationRow[]; tickets: TicketRow[] }> {
  const rows = await db.query<NotificationRow>(
    'SELECT * FROM online_notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200',
    [actor.user.id],
  );
  const ticketIds = [...new Set(rows.filter((r) => r.object === 'Ticket').map((r) => r.o_id))];
  const tickets = await readableTickets(db, actor, ticketIds);
  const readable = new Set(tickets.map((t) => t.id));
  return { notifications: rows.filter((r) => r.object !== 'Ticket' || readable.has(r.o_id)), tickets };
}

export async function markSeen(
  db: Db,
  actor: Actor,
  row: NotificationRow,
  seen: boolean,
): Promise<NotificationRow> {
  return (
    (await one<NotificationRow>(
      db,
      `UPDATE online_notifications SET seen = $2, updated_at = now(), updated_by_id = $3 WHERE id = $1
       RETURNING *`,
      [row.id, seen, actor.user.id],
    )) ?? row
  );
}

export async function deleteNotification(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM online_notifications WHERE id = $1', [id]);
}

export async function markAllSeen(db: Db, actor: Actor): Promise<void> {
  await db.query(
    'UPDATE online_notifications SET seen = true, updated_at = now(), updated_by_id = $1 WHERE user_id = $1 AND NOT seen',
    [actor.user.id],
  );
}
