import type { Db } from '../db/client.ts';
import { type Actor, hasGroupAccess, isAgent, loadActor } from './actor.ts';
import { addMention, loadTicket } from './tickets.ts';

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
