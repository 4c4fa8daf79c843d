import type { Db } from '../db/client.ts';
import { type Actor, isAgent } from './actor.ts';
import { nameMaps, userLogins, withName } from './serialize.ts';
import type { TicketRow } from './ticket-access.ts';

export type TicketShape = 'bare' | 'ids' | 'expand';

/** Builds Zammad's reply shapes: bare columns, plus `*_ids`, plus names (never instead of ids). */
export async function serializeTickets(
  db: Db,
  actor: Actor,
  rows: TicketRow[],
  shape: TicketShape,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  if (shape === 'bare') return rows.map((r) => ({ ...r }));
  const ids = rows.map((r) => r.id);
  const articleFilter = isAgent(actor) ? '' : 'AND NOT internal';
  // One ticket (a show): `= $1`, whose prepared plan is reused; `= ANY($1)` is planned anew
  // on every call (issue 15).
  const articles = await db.query<{ ticket_id: number; ids: number[] }>(
    `SELECT ticket_id, array_agg(id ORDER BY id) AS ids FROM ticket_articles
      WHERE ticket_id ${ids.length === 1 ? '= $1' : '= ANY($1)'} ${articleFilter} GROUP BY ticket_id`,
    [ids.length === 1 ? ids[0] : ids],
  );
  const articleIds = new Map(articles.map((a) => [a.ticket_id, a.ids]));
  const out = rows.map((r) => ({
    ...r,
    article_ids: articleIds.get(r.id) ?? [],
    ticket_time_accounting_ids: [] as number[],
    checklist_id: null,
    referencing_checklist_ids: [] as number[],
  }));
  if (shape === 'ids') return out;
  const names = await nameMaps(db);
  const logins = await userLogins(
    db,
    rows.flatMap((r) => [r.owner_id, r.customer_id, r.created_by_id, r.updated_by_id]),
  );
  return out.map((r) => {
    const e: Record<string, unknown> = { ...r };
    withName(e, 'group', names.group, r.group_id);
    withName(e, 'state', names.state, r.state_id);
    withName(e, 'priority', names.priority, r.priority_id);
    withName(e, 'organization', names.organization, r.organization_id);
    withName(e, 'owner', logins, r.owner_id);
    withName(e, 'customer', logins, r.customer_id);
    withName(e, 'created_by', logins, r.created_by_id);
    withName(e, 'updated_by', logins, r.updated_by_id);
    withName(e, 'create_article_type', names.type, r.create_article_type_id);
    withName(e, 'create_article_sender', names.sender, r.create_article_sender_id);
    return e;
  });
}
