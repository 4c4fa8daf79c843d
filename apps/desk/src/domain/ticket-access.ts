/**
 * Who may see and change which ticket (Zammad's TicketPolicy): agents by group access, customers
 * their own tickets and those of their shared organizations.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, groupsWith, hasGroupAccess, isAgent, isCustomer } from './actor.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';

export interface TicketRow {
  id: number;
  group_id: number;
  priority_id: number;
  state_id: number;
  organization_id: number | null;
  number: string;
  title: string;
  owner_id: number;
  customer_id: number;
  created_by_id: number;
  updated_by_id: number;
  create_article_type_id: number | null;
  create_article_sender_id: number | null;
  [key: string]: unknown;
}

/** SQL condition (on alias `t`) selecting the tickets an actor may read, with its parameters. */
export function readableScope(actor: Actor, firstParam = 1): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  if (isAgent(actor)) parts.push(`t.group_id = ANY(${p(groupsWith(actor, 'read'))}::int[])`);
  if (isCustomer(actor)) {
    parts.push(`t.customer_id = ${p(actor.user.id)}`);
    if (actor.sharedOrganizationIds.length > 0) {
      parts.push(`t.organization_id = ANY(${p(actor.sharedOrganizationIds)}::int[])`);
    }
  }
  return { sql: parts.length ? `(${parts.join(' OR ')})` : 'false', params };
}

function customerAccess(actor: Actor, t: TicketRow): boolean {
  if (!isCustomer(actor)) return false;
  if (t.customer_id === actor.user.id) return true;
  return t.organization_id !== null && actor.sharedOrganizationIds.includes(t.organization_id);
}

export function canRead(actor: Actor, t: TicketRow): boolean {
  return (isAgent(actor) && hasGroupAccess(actor, t.group_id, 'read')) || customerAccess(actor, t);
}

export function canChange(actor: Actor, t: TicketRow): boolean {
  return (isAgent(actor) && hasGroupAccess(actor, t.group_id, 'change')) || customerAccess(actor, t);
}

export function canCreateArticle(actor: Actor, t: TicketRow): boolean {
  return (isAgent(actor) && hasGroupAccess(actor, t.group_id, 'create')) || customerAccess(actor, t);
}

export async function loadTicket(db: Db, id: number): Promise<TicketRow> {
  const row = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1', [id]);
  if (!row) throw new NotFoundError('Ticket', id);
  return row;
}

export async function loadReadableTicket(db: Db, actor: Actor, id: number): Promise<TicketRow> {
  const t = await loadTicket(db, id);
  if (!canRead(actor, t)) throw new ForbiddenError();
  return t;
}

/** Internal articles are for agents with read access to the ticket's group only. */
export function seesInternal(actor: Actor, t: TicketRow): boolean {
  return isAgent(actor) && hasGroupAccess(actor, t.group_id, 'read');
}

/** Agent `change` on the ticket's group: edit articles, tag, draft (agent_update_access?). */
export function agentMayChange(actor: Actor, t: TicketRow): boolean {
  return isAgent(actor) && hasGroupAccess(actor, t.group_id, 'change');
}

export async function ticketByNumber(db: Db, number: string, lock = false): Promise<TicketRow | undefined> {
  return one<TicketRow>(db, `SELECT * FROM tickets WHERE number = $1${lock ? ' FOR UPDATE' : ''}`, [number]);
}

/** The tickets with these ids that the actor may read (others are left out, not refused). */
export async function readableTickets(db: Db, actor: Actor, ids: number[]): Promise<TicketRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<TicketRow>('SELECT * FROM tickets WHERE id = ANY($1) ORDER BY id', [ids]);
  return rows.filter((t) => canRead(actor, t));
}

/** `GET /tickets`: a page of the readable tickets, oldest first. */
export async function readableTicketPage(
  db: Db,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<TicketRow[]> {
  const scope = readableScope(actor);
  return db.query<TicketRow>(
    `SELECT t.* FROM tickets t WHERE ${scope.sql} ORDER BY t.id ASC LIMIT ${page.limit} OFFSET ${page.offset}`,
    scope.params,
  );
}
