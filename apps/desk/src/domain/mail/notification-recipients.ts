/**
 * Who gets a notification mail (Zammad's Transaction::Notification): the agents who can read the
 * ticket's group, the subscribed (mentioned) agents and the owner; each only when active, not the
 * one who made the change, with an e-mail address, and when their matrix says e-mail for this
 * event and their relation to the ticket (notification-settings.ts, `matrixRow`).
 */
import type { NotificationEvent } from '@eosc/zammad-api/notification-config';
import type { Db } from '../../db/client.ts';
import { type Actor, hasGroupAccess, isAgent, loadActor } from '../actor.ts';
import type { TicketRow } from '../ticket-access.ts';
import { matrixRow } from './notification-settings.ts';
import type { NotifyPayload } from './notifications.ts';

/** What a recipient is told: the job's event, or, on an update, why it concerns them. */
export type MailKind = NotifyPayload['event'] | 'assigned' | 'mention';

/** Why a recipient gets the mail (Zammad's `reason`). */
export type Reason = 'owner' | 'mentioned' | 'group';

export interface Recipient {
  actor: Actor;
  kind: MailKind;
  reason: Reason;
}

/** Agents with any access to the group (directly or through an active role), mentions, the owner. */
async function candidates(db: Db, ticket: TicketRow): Promise<number[]> {
  const rows = await db.query<{ user_id: number }>(
    `SELECT gu.user_id FROM groups_users gu WHERE gu.group_id = $1
     UNION
     SELECT ru.user_id FROM groups_roles gr
       JOIN roles r ON r.id = gr.role_id AND r.active
       JOIN roles_users ru ON ru.role_id = r.id
      WHERE gr.group_id = $1
     UNION
     SELECT user_id FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $2
     UNION
     SELECT $3::int
     ORDER BY 1`,
    [ticket.group_id, ticket.id, ticket.owner_id],
  );
  return rows.map((r) => r.user_id);
}

async function subscribers(db: Db, ticketId: number): Promise<Set<number>> {
  const rows = await db.query<{ user_id: number }>(
    `SELECT user_id FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $1`,
    [ticketId],
  );
  return new Set(rows.map((r) => r.user_id));
}

const MATRIX_EVENT: Record<NotifyPayload['event'], NotificationEvent | 'escalation_warning'> = {
  create: 'create',
  update: 'update',
  reminder_reached: 'reminder_reached',
  escalation: 'escalation',
  escalation_warning: 'escalation_warning',
};

/** The recipients of a job, in user id order. */
export async function notificationRecipients(
  db: Db,
  payload: NotifyPayload,
  ticket: TicketRow,
): Promise<Recipient[]> {
  const subscribed = await subscribers(db, ticket.id);
  const out: Recipient[] = [];
  for (const id of await candidates(db, ticket)) {
    if (id === 1 || id === payload.actor_id) continue;
    const who = await loadActor(db, id);
    if (!who?.user.active || !who.user.email || !isAgent(who)) continue;
    if (!hasGroupAccess(who, ticket.group_id, 'read')) continue;
    const ownedByMe = ticket.owner_id === id;
    const row = matrixRow(who.user.preferences, MATRIX_EVENT[payload.event], {
      ownedByMe,
      ownedByNobody: ticket.owner_id === 1,
      subscribed: subscribed.has(id),
      groupId: ticket.group_id,
    });
    if (!row?.channel.email) continue;
    const assigned = payload.event === 'update' && ownedByMe && payload.changes.owner_id?.[1] === id;
    const mentioned = payload.event === 'update' && payload.mentioned_ids.includes(id);
    out.push({
      actor: who,
      kind: assigned ? 'assigned' : mentioned ? 'mention' : payload.event,
      reason: ownedByMe ? 'owner' : subscribed.has(id) ? 'mentioned' : 'group',
    });
  }
  return out;
}
