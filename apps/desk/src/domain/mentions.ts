/**
 * Mentions (Zammad's ticket subscriptions, REFERENCE §3.10): agents subscribed to a ticket are
 * told about its changes. A user is subscribed by themselves (`POST /mentions`), by a ticket
 * create (`mentions: [...]`) or by being mentioned in an HTML article.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, hasGroupAccess, isAgent, loadActor } from './actor.ts';
import { userAssets } from './assets.ts';
import { ForbiddenError, InvalidError, NotFoundError } from './errors.ts';
import { addHistory } from './history.ts';
import { type Assets, addAsset } from './shapes.ts';
import { loadTicket, type TicketRow } from './ticket-access.ts';

export interface MentionRow {
  id: number;
  mentionable_type: string;
  mentionable_id: number;
  user_id: number;
  [key: string]: unknown;
}

/**
 * Subscribes a user to a ticket (a Zammad "mention"). Only agents who can read the ticket may
 * be subscribed. Idempotent.
 */
export async function addMention(
  db: Db,
  actor: Actor,
  ticket: Pick<TicketRow, 'id' | 'group_id'>,
  userId: number,
): Promise<number> {
  const user = await one<{ id: number }>(db, 'SELECT id FROM users WHERE id = $1', [userId]);
  if (!user) throw new InvalidError(`Invalid value for param 'user_id': ${userId}`);
  const who = userId === actor.user.id ? actor : await loadActor(db, userId);
  if (!who || !isAgent(who) || !hasGroupAccess(who, ticket.group_id, 'read'))
    throw new InvalidError('The mentioned user has no agent access to this ticket');
  const existing = await one<{ id: number }>(
    db,
    `SELECT id FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $1 AND user_id = $2`,
    [ticket.id, userId],
  );
  if (existing) return existing.id;
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO mentions (mentionable_type, mentionable_id, user_id, created_by_id, updated_by_id)
     VALUES ('Ticket', $1, $2, $3, $3) RETURNING id`,
    [ticket.id, userId, actor.user.id],
  )) as { id: number };
  await addHistory(db, {
    o_id: row.id,
    object: 'Mention',
    type: 'created',
    value_to: String(userId),
    related_object: 'Ticket',
    related_o_id: ticket.id,
    created_by_id: actor.user.id,
  });
  return row.id;
}

/** `<a ... data-mention-user-id="42">`, as the sanitiser re-serialises it (double-quoted). */
const MENTION_LINK = /<a\b[^>]*?\sdata-mention-user-id="(\d+)"/gi;

/** The user ids mentioned in a (sanitised) HTML body, each once, in order. */
export function mentionedUserIds(html: string): number[] {
  const ids = new Set<number>();
  for (const m of html.matchAll(MENTION_LINK)) {
    const id = Number(m[1]);
    if (Number.isSafeInteger(id) && id > 0) ids.add(id);
  }
  return [...ids];
}

/**
 * As Zammad's `Ticket::Article#check_mentions`: a new HTML article mentioning agents
 * (`<a data-mention-user-id="ID">`) subscribes them to the ticket (a Mention), when the author
 * is an agent with read access to the ticket's group. Users who are not agents with read access
 * to that group are ignored, not an error. Each mentioned user other than the author gets one
 * online notification of type `mention` for the article; `notifyTicketChange` skips them for
 * the same change, so nobody is told twice.
 */
export async function mentionFromArticle(
  db: Db,
  actor: Actor,
  ticketId: number,
  html: string,
): Promise<void> {
  const ids = mentionedUserIds(html);
  if (ids.length === 0) return;
  const ticket = await loadTicket(db, ticketId);
  if (!isAgent(actor) || !hasGroupAccess(actor, ticket.group_id, 'read')) return;
  for (const userId of ids) {
    const who = userId === actor.user.id ? actor : await loadActor(db, userId);
    if (!who?.user.active || !isAgent(who) || !hasGroupAccess(who, ticket.group_id, 'read')) continue;
    await addMention(db, actor, ticket, userId);
    if (userId === actor.user.id) continue;
    await db.query(
      `INSERT INTO online_notifications (o_id, object, type, user_id, seen, created_by_id, updated_by_id)
       VALUES ($1, 'Ticket', 'mention', $2, false, $3, $3)`,
      [ticket.id, userId, actor.user.id],
    );
  }
}

/** Mentions are an agent feature: agent `read` on the ticket's group. */
export async function mentionableTicket(db: Db, actor: Actor, ticketId: number): Promise<TicketRow> {
  const ticket = await loadTicket(db, ticketId);
  if (!hasGroupAccess(actor, ticket.group_id, 'read')) throw new ForbiddenError();
  return ticket;
}

/** A ticket's mentions, oldest first. */
export async function ticketMentions(db: Db, ticketId: number): Promise<MentionRow[]> {
  return db.query<MentionRow>(
    `SELECT * FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $1 ORDER BY id`,
    [ticketId],
  );
}

/** Mentions as assets, with the mentioned users. */
export async function mentionAssets(
  db: Db,
  actor: Actor,
  mentions: MentionRow[],
  assets: Assets,
): Promise<void> {
  for (const m of mentions) addAsset(assets, 'Mention', m);
  await userAssets(
    db,
    actor,
    mentions.map((m) => m.user_id),
    assets,
  );
}

/** `DELETE /mentions/:id`: one's own subscription only. */
export async function removeMention(db: Db, actor: Actor, id: number): Promise<void> {
  const row = await one<MentionRow>(db, 'SELECT * FROM mentions WHERE id = $1', [id]);
  if (!row) throw new NotFoundError('Mention', id);
  if (row.user_id !== actor.user.id) throw new ForbiddenError();
  await db.query('DELETE FROM mentions WHERE id = $1', [id]);
  await addHistory(db, {
    o_id: id,
    object: 'Mention',
    type: 'removed',
    value_to: String(row.user_id),
    related_object: row.mentionable_type,
    related_o_id: row.mentionable_id,
    created_by_id: actor.user.id,
  });
}
