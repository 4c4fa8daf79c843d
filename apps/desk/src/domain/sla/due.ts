/**
 * What the worker does when due times come (docs/service-levels.md, "The worker"): warns and
 * escalates, reminds, closes pending-close tickets, and marks tickets due for review. Each
 * notice is given once per due time: `ticket_due_notices` remembers the due time a ticket was
 * noticed for, and the claim of a notice is one INSERT … ON CONFLICT that only returns the
 * rows it really changed, so two runs racing over the same tickets notify once.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { loadActor } from '../actor.ts';
import { ticketChanged } from '../events/ticket-changed.ts';
import { addHistory } from '../history.ts';
import { loadTicket } from '../ticket-access.ts';
import { recomputeEscalations } from './recompute.ts';

/** How many tickets one transaction handles; a run goes on until nothing is due. */
const BATCH = 500;

type NoticeKind = 'escalation' | 'escalation_warning' | 'reminder' | 'review';

/**
 * Claims the notices of up to BATCH tickets that `dueSql` (a condition on `t`, `$1` = now)
 * selects, for the due time in `t.<dueColumn>`; returns the tickets newly noticed.
 */
async function claimNotices(
  db: Db,
  kind: NoticeKind,
  dueColumn: string,
  dueSql: string,
  at: Date,
): Promise<{ ticket_id: number; due_at: Date }[]> {
  return db.query(
    `INSERT INTO ticket_due_notices (ticket_id, kind, due_at, noticed_at)
     SELECT t.id, $2, t.${dueColumn}, $1 FROM tickets t
      WHERE ${dueSql}
        AND NOT EXISTS (SELECT 1 FROM ticket_due_notices n
                         WHERE n.ticket_id = t.id AND n.kind = $2 AND n.due_at = t.${dueColumn})
      ORDER BY t.${dueColumn}, t.id LIMIT ${BATCH}
     ON CONFLICT (ticket_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at, noticed_at = EXCLUDED.noticed_at
      WHERE ticket_due_notices.due_at IS DISTINCT FROM EXCLUDED.due_at
     RETURNING ticket_id, due_at`,
    [at, kind],
  );
}

/**
 * Who hears about a ticket's due time: its owner, or, while it has none (or the owner left),
 * the active agents with full access to its group (the unit's agents).
 */
async function recipients(db: Db, ticketIds: number[]): Promise<{ ticket_id: number; user_id: number }[]> {
  return db.query(
    `WITH agents AS (
       SELECT gu.group_id, gu.user_id FROM groups_users gu WHERE gu.access = 'full'
       UNION
       SELECT gr.group_id, ru.user_id FROM groups_roles gr
         JOIN roles_users ru ON ru.role_id = gr.role_id
         JOIN roles r ON r.id = ru.role_id AND r.active
        WHERE gr.access = 'full'
     )
     SELECT t.id AS ticket_id, t.owner_id AS user_id FROM tickets t JOIN users o ON o.id = t.owner_id
      WHERE t.id = ANY($1::int[]) AND t.owner_id <> 1 AND o.active
     UNION
     SELECT t.id, a.user_id FROM tickets t
       JOIN agents a ON a.group_id = t.group_id
       JOIN users u ON u.id = a.user_id AND u.active AND u.id <> 1
      WHERE t.id = ANY($1::int[])
        AND NOT EXISTS (SELECT 1 FROM users o WHERE o.id = t.owner_id AND o.id <> 1 AND o.active)
        AND EXISTS (SELECT 1 FROM roles_users ru JOIN roles r ON r.id = ru.role_id AND r.active
                      JOIN permissions_roles pr ON pr.role_id = r.id
                      JOIN permissions p ON p.id = pr.permission_id AND p.active
                     WHERE ru.user_id = u.id AND p.name IN ('ticket.agent', 'ticket'))
      ORDER BY 1, 2`,
    [ticketIds],
  );
}

/** Online notifications of one type (written by the system user, at the desk's time). */
async function notify(db: Db, type: string, ticketIds: number[], at: Date): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const to = await recipients(db, ticketIds);
  if (to.length === 0) return 0;
  await db.query(
    `INSERT INTO online_notifications (o_id, object, type, user_id, seen, created_by_id, updated_by_id,
                                       created_at, updated_at)
     SELECT x.ticket_id, 'Ticket', $3, x.user_id, false, 1, 1, $4, $4
       FROM unnest($1::int[], $2::int[]) AS x(ticket_id, user_id)`,
    [to.map((r) => r.ticket_id), to.map((r) => r.user_id), type, at],
  );
  return to.length;
}

/** One history row per ticket (`escalation`, `escalation_warning`), naming the due time. */
async function historyRows(db: Db, type: string, rows: { ticket_id: number; due_at: Date }[], at: Date) {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO histories (o_id, object, type, attribute, value_to, created_by_id, created_at)
     SELECT x.id, 'Ticket', $3, 'escalation_at', to_char(x.due AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 1, $4
       FROM unnest($1::int[], $2::timestamptz[]) AS x(id, due)`,
    [rows.map((r) => r.ticket_id), rows.map((r) => r.due_at), type, at],
  );
}

export interface EscalationRun {
  escalations: number;
  warnings: number;
  notifications: number;
}

/**
 * The `escalation` job: tickets whose escalation time has come are escalated; those past 75 %
 * of their time (and not yet escalated) are warned. An escalation also settles the warning for
 * the same period, so a ticket found past both at once is only escalated.
 */
export async function runEscalations(db: Db): Promise<EscalationRun> {
  const at = now();
  const out: EscalationRun = { escalations: 0, warnings: 0, notifications: 0 };
  for (;;) {
    const n = await db.tx(async (tx) => {
      const escalated = await claimNotices(
        tx,
        'escalation',
        'escalation_at',
        't.escalation_at IS NOT NULL AND t.escalation_at <= $1',
        at,
      );
      const ids = escalated.map((r) => r.ticket_id);
      if (ids.length > 0)
        await tx.query(
          `INSERT INTO ticket_due_notices (ticket_id, kind, due_at, noticed_at)
           SELECT t.id, 'escalation_warning', t.escalation_warning_at, $2 FROM tickets t
            WHERE t.id = ANY($1::int[]) AND t.escalation_warning_at IS NOT NULL
           ON CONFLICT (ticket_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at, noticed_at = EXCLUDED.noticed_at`,
          [ids, at],
        );
      const warned = await claimNotices(
        tx,
        'escalation_warning',
        'escalation_warning_at',
        't.escalation_warning_at IS NOT NULL AND t.escalation_warning_at <= $1 AND t.escalation_at > $1',
        at,
      );
      out.notifications += await notify(tx, 'escalation', ids, at);
      out.notifications += await notify(
        tx,
        'escalation_warning',
        warned.map((r) => r.ticket_id),
        at,
      );
      await historyRows(tx, 'escalation', escalated, at);
      await historyRows(tx, 'escalation_warning', warned, at);
      out.escalations += escalated.length;
      out.warnings += warned.length;
      return escalated.length + warned.length;
    });
    if (n === 0) return out;
  }
}

const STATE_TYPE = (type: string) =>
  `t.state_id IN (SELECT s.id FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id
                   WHERE st.name = '${type}')`;

/** The `pending_reminder` job: a pending reminder's time has come; its owner hears of it, once. */
export async function runPendingReminders(db: Db): Promise<{ reminders: number; notifications: number }> {
  const at = now();
  const out = { reminders: 0, notifications: 0 };
  for (;;) {
    const n = await db.tx(async (tx) => {
      const due = await claimNotices(
        tx,
        'reminder',
        'pending_time',
        `${STATE_TYPE('pending reminder')} AND t.pending_time IS NOT NULL AND t.pending_time <= $1`,
        at,
      );
      out.notifications += await notify(
        tx,
        'reminder_reached',
        due.map((r) => r.ticket_id),
        at,
      );
      out.reminders += due.length;
      return due.length;
    });
    if (n === 0) return out;
  }
}

/**
 * The `pending_close` job: a pending-close ticket whose time has come moves to its state's
 * next state (closed), as the system user, with history, due times and notifications as any
 * state change has.
 */
export async function runPendingClose(db: Db): Promise<{ closed: number }> {
  const at = now();
  let closed = 0;
  for (;;) {
    const n = await db.tx(async (tx) => {
      const due = await tx.query<{ id: number; state_id: number; next_id: number; from_name: string }>(
        `SELECT t.id, t.state_id, s.next_state_id AS next_id, s.name AS from_name
           FROM tickets t JOIN ticket_states s ON s.id = t.state_id
          WHERE ${STATE_TYPE('pending action')} AND s.next_state_id IS NOT NULL
            AND t.pending_time IS NOT NULL AND t.pending_time <= $1
          ORDER BY t.pending_time, t.id LIMIT ${BATCH}
          FOR UPDATE OF t SKIP LOCKED`,
        [at],
      );
      const system = await loadActor(tx, 1);
      for (const t of due) {
        const before = await loadTicket(tx, t.id);
        const next = await one<{ name: string; type: string }>(
          tx,
          `SELECT s.name, st.name AS type FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id
            WHERE s.id = $1`,
          [t.next_id],
        );
        const closing = next?.type === 'closed';
        await tx.query(
          `UPDATE tickets SET state_id = $2, pending_time = CASE WHEN $3 LIKE 'pending%' THEN pending_time END,
              close_at = CASE WHEN $4 THEN COALESCE(close_at, $5) ELSE close_at END,
              last_close_at = CASE WHEN $4 THEN $5 ELSE last_close_at END,
              updated_at = $5, updated_by_id = 1
            WHERE id = $1`,
          [t.id, t.next_id, next?.type ?? '', closing, at],
        );
        await addHistory(tx, {
          o_id: t.id,
          object: 'Ticket',
          type: 'updated',
          attribute: 'state',
          value_from: t.from_name,
          value_to: next?.name ?? null,
          id_from: t.state_id,
          id_to: t.next_id,
          created_by_id: 1,
          created_at: at,
        });
        await recomputeEscalations(tx, [t.id]);
        if (system)
          await ticketChanged(tx, {
            type: 'update',
            actor: system,
            ticket: await loadTicket(tx, t.id),
            before,
            article: null,
            source: 'worker',
          });
      }
      closed += due.length;
      return due.length;
    });
    if (n === 0) return { closed };
  }
}

/**
 * The `review` job: open tickets untouched for five working days (`review_at` passed) are
 * marked for their unit's review, once per review time; the "Needs Review" overview lists them.
 */
export async function runReviews(db: Db): Promise<{ marked: number; due: number }> {
  const at = now();
  let marked = 0;
  for (;;) {
    const rows = await db.tx((tx) =>
      claimNotices(tx, 'review', 'review_at', 't.review_at IS NOT NULL AND t.review_at <= $1', at),
    );
    marked += rows.length;
    if (rows.length === 0) break;
  }
  const due = await one<{ n: number }>(
    db,
    'SELECT count(*)::int AS n FROM tickets t WHERE t.review_at IS NOT NULL AND t.review_at <= $1',
    [at],
  );
  return { marked, due: due?.n ?? 0 };
}
