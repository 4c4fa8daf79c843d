import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError, notAuthorized, notFound } from '../lib/errors.ts';
import { type Actor, groupsWith, hasGroupAccess, isAgent, isCustomer, loadActor } from './actor.ts';
import { createArticle } from './articles.ts';
import { addHistory } from './history.ts';
import { addLink, linkObject } from './links.ts';
import { resolveRef, resolveUserRef } from './lookups.ts';
import { notifyTicketChange } from './notifications.ts';
import { customTicketValues, writeCustomTicketValues } from './object-manager.ts';
import { sanitizeHtml } from './sanitize.ts';
import { nameMaps, userLogins, withName } from './serialize.ts';
import { groupForService, SERVICE_ATTRIBUTE } from './services.ts';
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
  let groupId = await resolveRef(db, data, 'group');
  // EOSC routing: a ticket about a catalogue service, sent without a group, goes to that
  // service's support group (First-Line Support when the service has none).
  if ((groupId === undefined || groupId === null) && data[SERVICE_ATTRIBUTE]) {
    groupId = await groupForService(db, data[SERVICE_ATTRIBUTE]);
  }
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
  const note = typeof data.note === 'string' ? sanitizeHtml(data.note) : null;
  const preferences =
    agent && data.preferences && typeof data.preferences === 'object' ? data.preferences : {};
  const pendingTime = typeof data.pending_time === 'string' && data.pending_time ? data.pending_time : null;

  // Custom fields (object manager) are checked before anything is written.
  const custom = await customTicketValues(db, data, {
    screen: 'create_middle',
    permission: agent ? 'ticket.agent' : 'ticket.customer',
    creating: true,
  });
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
  await writeCustomTicketValues(db, row.id, custom);
  await db.query(
    `INSERT INTO histories (o_id, object, type, created_by_id) VALUES ($1, 'Ticket', 'created', $2)`,
    [row.id, actor.user.id],
  );
  if (typeof data.tags === 'string' && data.tags.trim() !== '') {
    await addTags(db, actor, 'Ticket', row.id, data.tags.split(','));
  }
  if (data.mentions !== undefined && data.mentions !== null && data.mentions !== '') {
    const list = Array.isArray(data.mentions) ? data.mentions : [data.mentions];
    if (list.length > 0) {
      if (!(isAgent(actor) && hasGroupAccess(actor, row.group_id, 'read')))
        throw new ApiError(403, 'You have insufficient permissions to mention other users.');
      for (const userId of list) await addMention(db, actor, row, intParamLike(userId, 'mentions'));
    }
  }
  if (article) await createArticle(db, actor, row, article, { first: true });
  if (data.links !== undefined && data.links !== null) await createLinks(db, row.id, data.links);
  const created = await loadTicket(db, row.id);
  await notifyTicketChange(db, actor, created, 'create', canRead);
  return created;
}

function intParamLike(v: unknown, name: string): number {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new ApiError(422, `Invalid value for param '${name}': ${JSON.stringify(v)}`);
  return n;
}

/** `links: {"Ticket": {"parent": [12], "child": [], "normal": []}}` on ticket create. */
async function createLinks(db: Db, ticketId: number, links: unknown): Promise<void> {
  if (typeof links !== 'object' || Array.isArray(links) || links === null)
    throw new ApiError(422, 'Invalid link structure');
  for (const [object, byType] of Object.entries(links as Record<string, unknown>)) {
    if (typeof byType !== 'object' || Array.isArray(byType) || byType === null)
      throw new ApiError(422, 'Invalid link structure (Object)');
    const target = linkObject(object, 'links');
    for (const [type, values] of Object.entries(byType as Record<string, unknown>)) {
      if (!Array.isArray(values)) throw new ApiError(422, 'Invalid link structure (Object → LinkType)');
      for (const value of values) {
        const id = intParamLike(value, 'links');
        if (target === 'Ticket') await loadTicket(db, id);
        await addLink(db, type, { object: 'Ticket', value: ticketId }, { object: target, value: id });
      }
    }
  }
}

/**
 * Subscribes a user to a ticket (a Zammad "mention"). Only agents who can read the ticket may
 * be subscribed. Idempotent.
 */
export async function addMention(db: Db, actor: Actor, ticket: TicketRow, userId: number): Promise<number> {
  const user = await one<{ id: number }>(db, 'SELECT id FROM users WHERE id = $1', [userId]);
  if (!user) throw new ApiError(422, `Invalid value for param 'user_id': ${userId}`);
  const who = userId === actor.user.id ? actor : await loadActor(db, userId);
  if (!who || !isAgent(who) || !hasGroupAccess(who, ticket.group_id, 'read'))
    throw new ApiError(422, 'The mentioned user has no agent access to this ticket');
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

/** Columns the server owns: ignored on update input. */
const SERVER_OWNED = new Set([
  'id',
  'number',
  'article_count',
  'create_article_type_id',
  'create_article_sender_id',
  'first_response_at',
  'first_response_escalation_at',
  'first_response_in_min',
  'first_response_diff_in_min',
  'close_at',
  'close_escalation_at',
  'close_in_min',
  'close_diff_in_min',
  'update_escalation_at',
  'update_in_min',
  'update_diff_in_min',
  'last_close_at',
  'last_contact_at',
  'last_contact_agent_at',
  'last_contact_customer_at',
  'last_owner_update_at',
  'escalation_at',
  'time_unit',
  'created_by_id',
  'updated_by_id',
  'created_at',
  'updated_at',
]);
/** Columns handled one by one below; any other column of `tickets` is a custom field. */
const HANDLED = new Set([
  'group_id',
  'priority_id',
  'state_id',
  'organization_id',
  'title',
  'owner_id',
  'customer_id',
  'note',
  'pending_time',
  'preferences',
]);

/** The state types a customer may move a ticket to: reopen it, or close it. */
const CUSTOMER_EDIT_TYPES = ['open', 'closed'];

async function stateTypeName(db: Db, stateId: number): Promise<string> {
  const row = await one<{ name: string }>(
    db,
    `SELECT st.name FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id WHERE s.id = $1`,
    [stateId],
  );
  return row?.name ?? '';
}

/**
 * Zammad's follow-up rule: a ticket that is not closed, or an agent with `change`, may always
 * update; otherwise the group must allow follow-ups (`yes`, or `new_ticket_after_certain_time`
 * within `reopen_time_in_days` of the last close) and the caller must have update access.
 */
export async function assertFollowUp(db: Db, actor: Actor, t: TicketRow): Promise<void> {
  if ((await stateTypeName(db, t.state_id)) !== 'closed') return;
  if (isAgent(actor) && hasGroupAccess(actor, t.group_id, 'change')) return;
  const group = await one<{ follow_up_possible: string; reopen_time_in_days: number | null }>(
    db,
    'SELECT follow_up_possible, reopen_time_in_days FROM groups WHERE id = $1',
    [t.group_id],
  );
  let possible = false;
  if (group?.follow_up_possible === 'yes') possible = true;
  else if (group?.follow_up_possible === 'new_ticket_after_certain_time') {
    const closed = (t.last_close_at ?? t.close_at) as Date | null;
    const days = group.reopen_time_in_days ?? 0;
    possible =
      days > 0 &&
      closed !== null &&
      Math.floor((Date.now() - new Date(closed).getTime()) / 86_400_000) < days;
  }
  if (possible && canChange(actor, t)) return;
  throw new ApiError(422, 'Cannot follow-up on a closed ticket. Please create a new ticket.');
}

async function ticketColumns(db: Db): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_name = 'tickets' AND table_schema = current_schema() ORDER BY ordinal_position`,
  );
  return rows.map((r) => r.column_name);
}

async function userName(db: Db, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const u = await one<{ firstname: string; lastname: string; login: string }>(
    db,
    'SELECT firstname, lastname, login FROM users WHERE id = $1',
    [id],
  );
  if (!u) return null;
  return `${u.firstname} ${u.lastname}`.trim() || u.login;
}

async function nameOf(db: Db, table: string, id: number | null): Promise<string | null> {
  if (id === null) return null;
  // `table` comes from the fixed RELATIONS list below, never from input.
  return (await one<{ name: string }>(db, `SELECT name FROM ${table} WHERE id = $1`, [id]))?.name ?? null;
}

const RELATIONS: Record<string, { attribute: string; table?: string }> = {
  group_id: { attribute: 'group', table: 'groups' },
  state_id: { attribute: 'state', table: 'ticket_states' },
  priority_id: { attribute: 'priority', table: 'ticket_priorities' },
  organization_id: { attribute: 'organization', table: 'organizations' },
  owner_id: { attribute: 'owner' },
  customer_id: { attribute: 'customer' },
};

function historyValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * `PUT /tickets/:id`: any subset of fields, by id or by name; `article` appends an article;
 * `preferences` merged shallowly. Runs under a row lock; last write wins (no 409).
 */
export async function updateTicket(
  db: Db,
  actor: Actor,
  id: number,
  input: Record<string, unknown>,
): Promise<TicketRow> {
  const t = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1 FOR UPDATE', [id]);
  if (!t) throw notFound('Ticket', id);
  await assertFollowUp(db, actor, t);
  if (!canChange(actor, t)) throw notAuthorized();

  const agent = isAgent(actor);
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
  const next: Record<string, unknown> = {};
  const groupId = await resolveRef(db, data, 'group');
  if (groupId === null) throw new ApiError(422, "The required value 'group_id' is missing.");
  if (groupId !== undefined) next.group_id = groupId;
  const stateId = await resolveRef(db, data, 'state');
  if (stateId === null) throw new ApiError(422, "The required value 'state_id' is missing.");
  if (stateId !== undefined && stateId !== t.state_id && !agent) {
    // Zammad's customer edit screen offers states of the types open and closed only (state
    // category `viewable_customer_edit`), and the server refuses the others.
    if (!CUSTOMER_EDIT_TYPES.includes(await stateTypeName(db, stateId)))
      throw new ApiError(422, `Invalid value for param 'state_id': ${stateId}`);
  }
  if (stateId !== undefined) next.state_id = stateId;
  const priorityId = await resolveRef(db, data, 'priority');
  if (priorityId === null) throw new ApiError(422, "The required value 'priority_id' is missing.");
  if (priorityId !== undefined) next.priority_id = priorityId;
  if ('title' in data) {
    const title = typeof data.title === 'string' ? data.title.replace(/\s+/g, ' ').trim() : '';
    if (!title) throw new ApiError(422, "The required value 'title' is missing.");
    next.title = title;
  }
  if ('note' in data) next.note = typeof data.note === 'string' ? sanitizeHtml(data.note) : null;
  if ('pending_time' in data)
    next.pending_time = typeof data.pending_time === 'string' && data.pending_time ? data.pending_time : null;
  if (agent) {
    let customerId: number | undefined;
    if (typeof data.customer_id === 'string' && data.customer_id.startsWith('guess:')) {
      customerId = await findOrCreateCustomer(db, actor, data.customer_id.slice('guess:'.length));
    } else {
      customerId = await resolveUserRef(db, data, 'customer');
    }
    if (customerId !== undefined && customerId !== t.customer_id) {
      next.customer_id = customerId;
      const c = await one<{ organization_id: number | null }>(
        db,
        'SELECT organization_id FROM users WHERE id = $1',
        [customerId],
      );
      next.organization_id = c?.organization_id ?? null;
    }
    const orgId = await resolveRef(db, data, 'organization');
    if (orgId !== undefined) next.organization_id = orgId;
    const ownerId = await resolveUserRef(db, data, 'owner');
    if (ownerId !== undefined) next.owner_id = ownerId;
    if (data.preferences && typeof data.preferences === 'object' && !Array.isArray(data.preferences)) {
      next.preferences = { ...(t.preferences as Record<string, unknown>), ...(data.preferences as object) };
    }
  }
  // Custom fields (and other plain columns) pass by name; server-owned columns never do.
  for (const column of await ticketColumns(db)) {
    if (SERVER_OWNED.has(column) || HANDLED.has(column) || !(column in data)) continue;
    next[column] = data[column] === '' ? null : data[column];
  }

  const merged = { ...t, ...next } as TicketRow;
  const stateType = await stateTypeName(db, merged.state_id);
  if (stateType !== 'closed' && ('owner_id' in next || 'group_id' in next)) {
    next.owner_id = await validOwner(db, merged.owner_id, merged.group_id);
  }
  if ('state_id' in next && next.state_id !== t.state_id) {
    if (stateType === 'closed') {
      if (t.close_at === null) next.close_at = new Date();
      next.last_close_at = new Date();
    }
    if (!stateType.startsWith('pending') && t.pending_time !== null && !('pending_time' in next))
      next.pending_time = null;
  }
  if ('owner_id' in next && next.owner_id !== t.owner_id) next.last_owner_update_at = new Date();

  const changed = Object.keys(next).filter((k) => historyValue(next[k]) !== historyValue(t[k]));
  if (changed.length > 0) {
    const sets = changed.map((k, i) => `"${k}" = $${i + 2}`);
    const values = changed.map((k) => {
      const v = next[k];
      return v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
    });
    try {
      await db.query(
        `UPDATE tickets SET ${sets.join(', ')}, updated_at = now(), updated_by_id = $${changed.length + 2}
          WHERE id = $1`,
        [id, ...values, actor.user.id],
      );
    } catch (err) {
      // A custom field given a value its column cannot hold.
      if (String((err as { code?: string }).code ?? '').startsWith('22'))
        throw new ApiError(422, String((err as Error).message));
      throw err;
    }
    for (const k of changed) {
      if (['close_at', 'last_close_at', 'last_owner_update_at', 'preferences'].includes(k)) continue;
      const rel = RELATIONS[k];
      const from = t[k];
      const to = next[k];
      if (rel) {
        const idFrom = (from as number | null) ?? null;
        const idTo = (to as number | null) ?? null;
        await addHistory(db, {
          o_id: id,
          object: 'Ticket',
          type: 'updated',
          attribute: rel.attribute,
          value_from: rel.table ? await nameOf(db, rel.table, idFrom) : await userName(db, idFrom),
          value_to: rel.table ? await nameOf(db, rel.table, idTo) : await userName(db, idTo),
          id_from: idFrom,
          id_to: idTo,
          created_by_id: actor.user.id,
        });
      } else {
        await addHistory(db, {
          o_id: id,
          object: 'Ticket',
          type: 'updated',
          attribute: k,
          value_from: historyValue(from),
          value_to: historyValue(to),
          created_by_id: actor.user.id,
        });
      }
    }
  }
  const article =
    data.article && typeof data.article === 'object' && !Array.isArray(data.article)
      ? (data.article as Record<string, unknown>)
      : null;
  if (article) await createArticle(db, actor, await loadTicket(db, id), article);
  const final = await loadTicket(db, id);
  if (changed.length > 0 || article) await notifyTicketChange(db, actor, final, 'update', canRead);
  return final;
}

/** `DELETE /tickets/:id` (admin): the ticket and everything hanging off it. */
export async function deleteTicket(db: Db, id: number): Promise<void> {
  await db.query(
    `DELETE FROM attachments WHERE object = 'Ticket::Article'
        AND o_id IN (SELECT id FROM ticket_articles WHERE ticket_id = $1)`,
    [id],
  );
  await db.query(
    `DELETE FROM histories WHERE (object = 'Ticket' AND o_id = $1) OR (related_object = 'Ticket' AND related_o_id = $1)`,
    [id],
  );
  await db.query(`DELETE FROM tags WHERE object = 'Ticket' AND o_id = $1`, [id]);
  await db.query(`DELETE FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $1`, [id]);
  await db.query(`DELETE FROM online_notifications WHERE object = 'Ticket' AND o_id = $1`, [id]);
  await db.query(
    `DELETE FROM links WHERE (link_object_source = 'Ticket' AND link_object_source_value = $1)
        OR (link_object_target = 'Ticket' AND link_object_target_value = $1)`,
    [id],
  );
  await db.query('DELETE FROM tickets WHERE id = $1', [id]);
}
