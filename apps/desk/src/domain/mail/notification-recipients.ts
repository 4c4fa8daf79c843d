/**
 * Who gets a notification mail (Zammad's Transaction::Notification): the agents who can read the
 * ticket's group, the subscribed (mentioned) agents and the owner; each only when active, not the
 * one who made the change, with an e-mail address, and when their matrix says e-mail for this
 * event and their relation to the ticket (notification-settings.ts, `matrixRow`).
 */
import type { NotificationEvent } from '@eosc/zammad-api/notification-config';
import type { Db } from '../../db/client.ts';
import type { TicketRow } from '../ticket-access.ts';
import type { MailKind, NotifyPayload, Recipient } from './notification-payload.ts';
import { matrixRow } from './notification-settings.ts';

export type { MailKind, Reason, Recipient } from './notification-payload.ts';

interface Candidate {
  id: number;
  preferences: unknown;
}

/**
 * The active agents with read access to the ticket's group (directly or through an active role;
 * owners and subscribers need it too), other than the system and the actor, with an address.
 * One statement: this runs inside the transaction of the change.
 */
async function candidates(db: Db, ticket: TicketRow, actorId: number): Promise<Candidate[]> {
  return db.query<Candidate>(
    `WITH access AS (
       SELECT gu.user_id, gu.access FROM groups_users gu
         JOIN groups g ON g.id = gu.group_id AND g.active
        WHERE gu.group_id = $1
       UNION
       SELECT ru.user_id, gr.access FROM groups_roles gr
         JOIN groups g ON g.id = gr.group_id AND g.active
         JOIN roles r ON r.id = gr.role_id AND r.active
         JOIN roles_users ru ON ru.role_id = r.id
        WHERE gr.group_id = $1
     )
     SELECT u.id, u.preferences FROM users u
      WHERE u.active AND u.email <> '' AND u.id NOT IN (1, $2)
        AND EXISTS (SELECT 1 FROM access a WHERE a.user_id = u.id AND a.access IN ('read', 'full'))
        AND EXISTS (SELECT 1 FROM roles_users ru JOIN roles r ON r.id = ru.role_id AND r.active
                      JOIN permissions_roles pr ON pr.role_id = r.id
                      JOIN permissions p ON p.id = pr.permission_id AND p.active
                     WHERE ru.user_id = u.id AND p.name IN ('ticket.agent', 'ticket'))
      ORDER BY u.id`,
    [ticket.group_id, actorId],
  );
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

/**
 * The recipients of a change, in user id order, decided when the change is made: the settings
 * that hold then are the ones that count, however late the worker sends.
 */
export async function notificationRecipients(
  db: Db,
  payload: Omit<NotifyPayload, 'recipients' | 'sent'>,
  ticket: TicketRow,
): Promise<Recipient[]> {
  const subscribed = await subscribers(db, ticket.id);
  const out: Recipient[] = [];
  for (const { id, preferences } of await candidates(db, ticket, payload.actor_id)) {
    const ownedByMe = ticket.owner_id === id;
    const row = matrixRow(preferences, MATRIX_EVENT[payload.event], {
      ownedByMe,
      ownedByNobody: ticket.owner_id === 1,
      subscribed: subscribed.has(id),
      groupId: ticket.group_id,
    });
    if (!row?.channel.email) continue;
    const assigned = payload.event === 'update' && ownedByMe && payload.changes.owner_id?.[1] === id;
    const mentioned = payload.event === 'update' && payload.mentioned_ids.includes(id);
    out.push({
      user_id: id,
      kind: assigned ? 'assigned' : mentioned ? 'mention' : payload.event,
      reason: ownedByMe ? 'owner' : subscribed.has(id) ? 'mentioned' : 'group',
    });
  }
  return out;
}
