import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError, notAuthorized, notFound } from '../lib/errors.ts';
import { type Actor, groupsWith, hasGroupAccess, isAgent, isCustomer } from './actor.ts';
import { createArticle } from './articles.ts';
import { resolveRef, resolveUserRef } from './lookups.ts';
import { nameMaps, userLogins, withName } from './serialize.ts';
import { addTags } from './tags.ts';
import { findOrCreateCustomer } from './users.ts';

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
  if (!row) throw notFound('Ticket', id);
  return row;
}

export async function loadReadableTicket(db: Db, actor: Actor, id: number): Promise<TicketRow> {
  const t = await loadTicket(db, id);
  if (!canRead(actor, t)) throw notAuthorized();
  return t;
}

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
  const articles = await db.query<{ ticket_id: number; ids: number[] }>(
    `SELECT ticket_id, array_agg(id ORDER BY id) AS ids FROM ticket_articles
      WHERE ticket_id = ANY($1) ${articleFilter} GROUP BY ticket_id`,
    [ids],
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

async function nextNumber(db: Db, systemId: number): Promise<string> {
  const row = await one<{ n: number }>(db, "SELECT nextval('ticket_number_seq')::int AS n");
  const counter = String((row as { n: number }).n);
  const prefix = String(systemId);
  return prefix + counter.padStart(Math.max(5 - prefix.length, 0), '0');
}

async function customerMayCreateIn(db: Db, groupId: number): Promise<boolean> {
  const s = await one<{ value: number[] }>(
    db,
    "SELECT value FROM settings WHERE name = 'customer_ticket_create_group_ids'",
  );
  const allowed = s?.value ?? [];
  return allowed.length === 0 || allowed.map(Number).includes(groupId);
}

/** Owner must be an active agent with `full` on the group, else the ticket is unassigned (user 1). */
export async function validOwner(db: Db, ownerId: number, groupId: number): Promise<number> {
  if (ownerId === 1) return 1;
  const row = await one<{ ok: boolean }>(
    db,
    `SELECT EXISTS (
       SELECT 1 FROM users u WHERE u.id = $1 AND u.active
          AND EXISTS (SELECT 1 FROM roles_users ru JOIN permissions_roles pr ON pr.role_id = ru.role_id
                        JOIN permissions p ON p.id = pr.permission_id
                       WHERE ru.user_id = u.id AND p.name IN ('ticket.agent', 'ticket'))
          AND (EXISTS (SELECT 1 FROM groups_users gu WHERE gu.user_id = u.id AND gu.group_id = $2 AND gu.access = 'full')
            OR EXISTS (SELECT 1 FROM roles_users ru JOIN groups_roles gr ON gr.role_id = ru.role_id
                        WHERE ru.user_id = u.id AND gr.group_id = $2 AND gr.access = 'full'))
     ) AS ok`,
    [ownerId, groupId],
  );
  return row?.ok ? ownerId : 1;
}

export interface CreateOptions {
  systemId: number;
}

/** `POST /tickets`: validates, resolves references, stores the ticket and its first article. */
export async function createTicket(
  db: Db,
  actor: Actor,
  input: Record<string, unknown>,
  opts: CreateOptions,
): Promise<TicketRow> {
  const agent = isAgent(actor);
  if (!agent && !isCustomer(actor)) throw new ApiError(403, 'User authorization failed.');
  const data = { ...input };
  if (!agent) {
    for (const k of [
      'owner',
      'owner_id',
      'customer',
      'customer_id',
      'organization',
      'organization_id',
      'preferences',
    ]) {
      delete data[k];
    }
  }
  const title = typeof data.title === 'string' ? data.title.replace(/\s+/g, ' ').trim() : '';
  if (!title) throw new ApiError(422, "The required value 'title' is missing.");
  const groupId = await resolveRef(db, data, 'group');
  if (groupId === undefined || groupId === null)
    throw new ApiError(422, "The required value 'group_id' is missing.");

  if (agent) {
    if (
      !hasGroupAccess(actor, groupId, 'create') &&
      !(isCustomer(actor) && (await customerMayCreateIn(db, groupId)))
    ) {
      throw notAuthorized();
    }
  } else if (!(await customerMayCreateIn(db, groupId))) {
    throw notAuthorized();
  }

  let customerId: number;
  if (!agent) customerId = actor.user.id;
  else if (typeof data.customer_id === 'string' && data.customer_id.startsWith('guess:')) {
    customerId = await findOrCreateCustomer(db, actor, data.customer_id.slice('guess:'.length));
  } else if (data.customer && typeof data.customer === 'object' && !Array.isArray(data.customer)) {
    customerId = await findOrCreateCustomer(db, actor, data.customer as Record<string, unknown>);
  } else {
    customerId = (await resolveUserRef(db, data, 'customer')) ?? actor.user.id;
  }

  const stateId =
    (await resolveRef(db, data, 'state')) ??
    (await one<{ id: number }>(db, 'SELECT id FROM ticket_states WHERE default_create AND active LIMIT 1'))
      ?.id ??
    1;
  const priorityId =
    (await resolveRef(db, data, 'priority')) ??
    (
      await one<{ id: number }>(
        db,
        'SELECT id FROM ticket_priorities WHERE default_create AND active LIMIT 1',
      )
    )?.id ??
    2;
  const ownerRequested = agent ? ((await resolveUserRef(db, data, 'owner')) ?? 1) : 1;
  const ownerId = await validOwner(db, ownerRequested, groupId);
  const customer = await one<{ organization_id: number | null }>(
    db,
    'SELECT organization_id FROM users WHERE id = $1',
    [customerId],
  );
  const orgFromInput = agent ? await resolveRef(db, data, 'organization') : undefined;
  const organizationId = orgFromInput !== undefined ? orgFromInput : (customer?.organization_id ?? null);
  const note = typeof data.note === 'string' ? data.note : null;
  const preferences =
    agent && data.preferences && typeof data.preferences === 'object' ? data.preferences : {};
  const pendingTime = typeof data.pending_time === 'string' && data.pending_time ? data.pending_time : null;

  const number = await nextNumber(db, opts.systemId);
  const article =
    data.article && typeof data.article === 'object' ? (data.article as Record<string, unknown>) : null;
  const articleTypeId = article ? ((await resolveRef(db, article, 'type')) ?? 10) : null;
  const articleSenderId = article ? (agent ? ((await resolveRef(db, article, 'sender')) ?? 1) : 2) : null;

  const row = (await one<TicketRow>(
    db,
    `INSERT INTO tickets (group_id, priority_id, state_id, organization_id, number, title, owner_id, customer_id,
        note, pending_time, preferences, create_article_type_id, create_article_sender_id,
        created_by_id, updated_by_id, last_owner_update_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14, CASE WHEN $7 <> 1 THEN now() END) RETURNING *`,
    [
      groupId,
      priorityId,
      stateId,
      organizationId,
      number,
      title,
      ownerId,
      customerId,
      note,
      pendingTime,
      JSON.stringify(preferences),
      articleTypeId,
      articleSenderId,
      actor.user.id,
    ],
  )) as TicketRow;
  await db.query(
    `INSERT INTO histories (o_id, object, type, created_by_id) VALUES ($1, 'Ticket', 'created', $2)`,
    [row.id, actor.user.id],
  );
  if (article) await createArticle(db, actor, row, article);
  if (typeof data.tags === 'string' && data.tags.trim() !== '') {
    await addTags(db, actor, 'Ticket', row.id, data.tags.split(','));
  }
  return loadTicket(db, row.id);
}
