/**
 * Ticket redirection (DOMAIN.md, path 2; issue 16): the record of a ticket forwarded to its
 * service provider's mailing list, and what the other redirect modules share (the first line,
 * the support address answers go to, System articles, alarms to the first line).
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { addHistory } from '../history.ts';
import { FIRST_LINE_GROUP } from '../services.ts';

export const WAITING_STATE = 'waiting for provider';
export const FORWARD_KIND = 'redirect_forward';
export const RELAY_KIND = 'redirect_relay';
export const ACK_KIND = 'redirect_ack';
/** Attempts before a forward is given up (the outbound mail's back-off: about an hour). */
export const FORWARD_MAX_ATTEMPTS = 8;
/** When the ticket has no first-response due time (no SLA applies): one day. */
export const DEFAULT_ACK_WINDOW_MS = 24 * 3_600_000;

export type RedirectStatus = 'forwarding' | 'forwarded' | 'failed' | 'acknowledged' | 'taken_over';
/** Statuses in which the first line waits for the provider (the alarm may fire). */
export const WAITING: readonly RedirectStatus[] = ['forwarding', 'forwarded'];

export interface RedirectRow {
  ticket_id: number;
  service_key: string;
  provider: string;
  mailing_list: string;
  status: RedirectStatus;
  article_id: number | null;
  forwards: number;
  forwarded_at: Date | null;
  ack_window_ms: string | number;
  ack_due_at: Date;
  alerted_at: Date | null;
  acknowledged_at: Date | null;
  ended_at: Date | null;
  ended_by_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export async function loadRedirect(db: Db, ticketId: number, lock = false): Promise<RedirectRow | undefined> {
  return one<RedirectRow>(
    db,
    `SELECT * FROM ticket_redirects WHERE ticket_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [ticketId],
  );
}

/** The `TicketRedirect` shape of openapi.yaml, with the forward's delivery as recorded on it. */
export async function serializeRedirect(db: Db, r: RedirectRow): Promise<Record<string, unknown>> {
  const article = r.article_id
    ? await one<{ preferences: Record<string, unknown> }>(
        db,
        'SELECT preferences FROM ticket_articles WHERE id = $1',
        [r.article_id],
      )
    : undefined;
  const p = article?.preferences ?? {};
  const service = await one<{ name: string }>(db, 'SELECT name FROM eosc_services WHERE key = $1', [
    r.service_key,
  ]);
  return {
    ticket_id: r.ticket_id,
    service: r.service_key,
    service_name: service?.name ?? r.service_key,
    provider: r.provider,
    mailing_list: r.mailing_list,
    status: r.status,
    article_id: r.article_id,
    forwards: r.forwards,
    forwarded_at: r.forwarded_at,
    delivery_status: (p.delivery_status as string | undefined) ?? null,
    delivery_status_message: (p.delivery_status_message as string | undefined) ?? null,
    ack_due_at: r.ack_due_at,
    alerted_at: r.alerted_at,
    acknowledged_at: r.acknowledged_at,
    ended_at: r.ended_at,
    ended_by_id: r.ended_by_id,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export async function firstLineGroupId(db: Db): Promise<number | undefined> {
  return (await one<{ id: number }>(db, 'SELECT id FROM groups WHERE name = $1', [FIRST_LINE_GROUP]))?.id;
}

/**
 * The address answers are sent to (`Reply-To`): the ticket group's support address, else the
 * first line's, else the channel's first address, else the helpdesk's sending address. Every one of them is taken by the desk's
 * listener, so an answer threads back onto the ticket by its `[Ticket#N]`.
 */
export async function supportAddress(db: Db, groupId: number, fallback: string): Promise<string> {
  const row = await one<{ email: string }>(
    db,
    `SELECT email FROM (
       SELECT e.email, CASE WHEN g.id = $1 THEN 0 ELSE 1 END AS rank, e.id
         FROM groups g JOIN email_addresses e ON e.id = g.email_address_id AND e.active
        WHERE g.id = $1 OR g.name = $2
       UNION ALL
       SELECT email, 2, id FROM email_addresses WHERE active) x
      ORDER BY rank, id LIMIT 1`,
    [groupId, FIRST_LINE_GROUP],
  );
  return row?.email ?? fallback;
}

export interface SystemArticle {
  ticketId: number;
  type: 'email' | 'note';
  internal: boolean;
  from: string;
  to?: string | null;
  subject?: string | null;
  body: string;
  contentType?: 'text/plain' | 'text/html';
  preferences: Record<string, unknown>;
}

/** A System article written by the desk itself (as the triggers' mails are). */
export async function insertSystemArticle(db: Db, a: SystemArticle): Promise<number> {
  const at = now();
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", "to", subject, content_type, body,
        internal, preferences, created_by_id, updated_by_id, created_at, updated_at)
     VALUES ($1, (SELECT id FROM ticket_article_types WHERE name = $2), 3, $3, $4, $5, $6, $7, $8, $9, 1, 1, $10, $10)
     RETURNING id`,
    [
      a.ticketId,
      a.type,
      a.from,
      a.to ?? null,
      a.subject ?? null,
      a.contentType ?? 'text/plain',
      a.body,
      a.internal,
      JSON.stringify(a.preferences),
      at,
    ],
  )) as { id: number };
  await db.query('UPDATE tickets SET article_count = article_count + 1 WHERE id = $1', [a.ticketId]);
  await addHistory(db, {
    o_id: row.id,
    object: 'Ticket::Article',
    type: 'created',
    related_object: 'Ticket',
    related_o_id: a.ticketId,
    created_by_id: 1,
  });
  return row.id;
}

/**
 * Tells the first line about a redirected ticket that needs it: an internal note on the ticket
 * and a bell notification (Zammad's `escalation` type) for every active agent with full access
 * to the first-line group, and the ticket's owner. Returns how many were notified.
 */
export async function alertFirstLine(
  db: Db,
  ticketId: number,
  note: string,
  reason: string,
): Promise<number> {
  await insertSystemArticle(db, {
    ticketId,
    type: 'note',
    internal: true,
    from: 'EOSC Helpdesk',
    body: note,
    preferences: { eosc_redirect: { alert: reason } },
  });
  const at = now();
  const rows = await db.query<{ user_id: number }>(
    `WITH first_line AS (
       SELECT gu.user_id FROM groups_users gu JOIN groups g ON g.id = gu.group_id
        WHERE g.name = $2 AND gu.access = 'full'
       UNION
       SELECT ru.user_id FROM groups_roles gr JOIN groups g ON g.id = gr.group_id
         JOIN roles_users ru ON ru.role_id = gr.role_id JOIN roles r ON r.id = ru.role_id AND r.active
        WHERE g.name = $2 AND gr.access = 'full'
       UNION
       SELECT owner_id FROM tickets WHERE id = $1 AND owner_id <> 1
     )
     INSERT INTO online_notifications (o_id, object, type, user_id, seen, created_by_id, updated_by_id,
                                       created_at, updated_at)
     SELECT $1, 'Ticket', 'escalation', f.user_id, false, 1, 1, $3, $3
       FROM first_line f JOIN users u ON u.id = f.user_id AND u.active AND u.id <> 1
     RETURNING user_id`,
    [ticketId, FIRST_LINE_GROUP, at],
  );
  await addHistory(db, {
    o_id: ticketId,
    object: 'Ticket',
    type: 'notification',
    attribute: 'redirect',
    value_to: reason,
    created_by_id: 1,
  });
  return rows.length;
}
