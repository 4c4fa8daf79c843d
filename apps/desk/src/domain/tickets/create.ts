/**
 * `POST /tickets` (REFERENCE §3.1.1): checks, resolves references by id or name, stores the
 * ticket and its first article, then its tags, mentions and links, and notifies.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { type Actor, hasGroupAccess, isAgent, isCustomer } from '../actor.ts';
import { type ArticleInput, createArticle } from '../articles/create.ts';
import { customTicketValues, writeCustomTicketValues } from '../custom-fields.ts';
import { ForbiddenError, InvalidError } from '../errors.ts';
import { ticketChanged } from '../events/ticket-changed.ts';
import { addHistory } from '../history.ts';
import { addLink, linkObject } from '../links.ts';
import { addMention } from '../mentions.ts';
import { resolveRef, resolveUserRef } from '../references.ts';
import { sanitizeHtml } from '../sanitize.ts';
import { groupForService, SERVICE_ATTRIBUTE } from '../services.ts';
import type { Row } from '../shapes.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { addTags } from '../tags.ts';
import { loadReadableTicket, loadTicket, type TicketRow } from '../ticket-access.ts';
import { findOrCreateCustomer } from '../user-writes.ts';
import { customerMayCreateIn, nextNumber, validOwner } from './rules.ts';

/** A ticket as sent: references by id or name, custom fields by name, `article` cast (http/input.ts). */
export interface TicketInput extends Row {
  title?: unknown;
  note?: unknown;
  pending_time?: unknown;
  preferences?: unknown;
  article?: ArticleInput | unknown[];
  tags?: unknown;
  mentions?: unknown;
  links?: unknown;
}

/** What only agents may set; Zammad drops these silently for customers. */
const AGENT_ONLY = [
  'owner',
  'owner_id',
  'customer',
  'customer_id',
  'organization',
  'organization_id',
  'preferences',
];

export function allowedInput(actor: Actor, input: TicketInput): TicketInput {
  if (isAgent(actor)) return { ...input };
  return Object.fromEntries(Object.entries(input).filter(([k]) => !AGENT_ONLY.includes(k)));
}

/** Whitespace (newlines, tabs) collapsed (§2.8); blank is missing. */
export function titleOf(v: unknown): string {
  const title = typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
  if (!title) throw new InvalidError("The required value 'title' is missing.");
  return title;
}

export const noteOf = (v: unknown) => (typeof v === 'string' ? sanitizeHtml(v) : null);
export const pendingTimeOf = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** The group: as sent, or the service's support group; the caller must be allowed to create there. */
async function targetGroup(db: Db, actor: Actor, data: TicketInput): Promise<number> {
  let groupId = await resolveRef(db, data, 'group');
  // EOSC routing: a ticket about a catalogue service, sent without a group, goes to that
  // service's support group (First-Line Support when the service has none).
  if ((groupId === undefined || groupId === null) && data[SERVICE_ATTRIBUTE])
    groupId = await groupForService(db, data[SERVICE_ATTRIBUTE]);
  if (groupId === undefined || groupId === null)
    throw new InvalidError("The required value 'group_id' is missing.");
  const allowed = isAgent(actor)
    ? hasGroupAccess(actor, groupId, 'create') ||
      (isCustomer(actor) && (await customerMayCreateIn(db, groupId)))
    : await customerMayCreateIn(db, groupId);
  if (!allowed) throw new ForbiddenError();
  return groupId;
}

/**
 * The customer an agent names: by id, login or e-mail, `guess:<email>` (found or created), or on
 * create a `customer: {...}` object describing a new one.
 */
export async function customerOf(
  db: Db,
  actor: Actor,
  data: TicketInput,
  opts: { described: boolean },
): Promise<number | undefined> {
  if (typeof data.customer_id === 'string' && data.customer_id.startsWith('guess:'))
    return findOrCreateCustomer(db, actor, data.customer_id.slice('guess:'.length));
  if (opts.described && data.customer && typeof data.customer === 'object' && !Array.isArray(data.customer))
    return findOrCreateCustomer(db, actor, data.customer as Row);
  return resolveUserRef(db, data, 'customer');
}

async function defaultId(db: Db, table: 'ticket_states' | 'ticket_priorities'): Promise<number | undefined> {
  return (await one<{ id: number }>(db, `SELECT id FROM ${table} WHERE default_create AND active LIMIT 1`))
    ?.id;
}

/** The primary organization of a user, the default of a ticket's organization. */
export async function organizationOf(db: Db, userId: number): Promise<number | null> {
  const user = await one<{ organization_id: number | null }>(
    db,
    'SELECT organization_id FROM users WHERE id = $1',
    [userId],
  );
  return user?.organization_id ?? null;
}

/** The ticket's columns, each from the input or its default (resolved in Zammad's order). */
async function ticketValues(db: Db, actor: Actor, data: TicketInput, groupId: number): Promise<Row> {
  const agent = isAgent(actor);
  const customerId = agent
    ? ((await customerOf(db, actor, data, { described: true })) ?? actor.user.id)
    : actor.user.id;
  const stateId = (await resolveRef(db, data, 'state')) ?? (await defaultId(db, 'ticket_states')) ?? 1;
  const priorityId =
    (await resolveRef(db, data, 'priority')) ?? (await defaultId(db, 'ticket_priorities')) ?? 2;
  const ownerRequested = agent ? ((await resolveUserRef(db, data, 'owner')) ?? 1) : 1;
  const ownerId = await validOwner(db, ownerRequested, groupId);
  const customerOrganization = await organizationOf(db, customerId);
  const orgFromInput = agent ? await resolveRef(db, data, 'organization') : undefined;
  const preferences =
    agent && data.preferences && typeof data.preferences === 'object' ? data.preferences : {};
  return {
    group_id: groupId,
    priority_id: priorityId,
    state_id: stateId,
    organization_id: orgFromInput !== undefined ? orgFromInput : customerOrganization,
    owner_id: ownerId,
    customer_id: customerId,
    note: noteOf(data.note),
    pending_time: pendingTimeOf(data.pending_time),
    preferences: JSON.stringify(preferences),
  };
}

/** The ticket row, created at the desk's time (its SLA clock starts there). */
async function insertTicket(db: Db, actor: Actor, values: Row): Promise<TicketRow> {
  const keys = Object.keys(values);
  const n = keys.length;
  return (await one<TicketRow>(
    db,
    `INSERT INTO tickets (${keys.join(', ')}, created_by_id, updated_by_id, created_at, updated_at,
                          last_owner_update_at)
     VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}, $${n + 1}, $${n + 1}, $${n + 2}, $${n + 2},
             CASE WHEN $${keys.indexOf('owner_id') + 1}::int <> 1 THEN $${n + 2}::timestamptz END) RETURNING *`,
    [...keys.map((k) => values[k]), actor.user.id, now()],
  )) as TicketRow;
}

function intLike(v: unknown, name: string): number {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new InvalidError(`Invalid value for param '${name}': ${JSON.stringify(v)}`);
  return n;
}

/** `mentions: [user ids]` on create: only agents who can read the ticket may mention. */
async function mentionOnCreate(db: Db, actor: Actor, ticket: TicketRow, mentions: unknown): Promise<void> {
  if (mentions === undefined || mentions === null || mentions === '') return;
  const list = Array.isArray(mentions) ? mentions : [mentions];
  if (list.length === 0) return;
  if (!(isAgent(actor) && hasGroupAccess(actor, ticket.group_id, 'read')))
    throw new ForbiddenError('You have insufficient permissions to mention other users.');
  for (const userId of list) await addMention(db, actor, ticket, intLike(userId, 'mentions'));
}

/**
 * `links: {"Ticket": {"parent": [12], "child": [], "normal": []}}` on ticket create: only to
 * tickets the creator may read (a linked ticket shows in the new ticket's side panel).
 */
async function linkOnCreate(db: Db, actor: Actor, ticketId: number, links: unknown): Promise<void> {
  if (links === undefined || links === null) return;
  if (typeof links !== 'object' || Array.isArray(links)) throw new InvalidError('Invalid link structure');
  for (const [object, byType] of Object.entries(links as Row)) {
    if (typeof byType !== 'object' || Array.isArray(byType) || byType === null)
      throw new InvalidError('Invalid link structure (Object)');
    const target = linkObject(object, 'links');
    for (const [type, values] of Object.entries(byType as Row)) {
      if (!Array.isArray(values)) throw new InvalidError('Invalid link structure (Object → LinkType)');
      for (const value of values) {
        const id = intLike(value, 'links');
        if (target === 'Ticket') await loadReadableTicket(db, actor, id);
        await addLink(db, type, { object: 'Ticket', value: ticketId }, { object: target, value: id });
      }
    }
  }
}

/** The article type and sender a ticket records as its origin. */
async function origin(db: Db, actor: Actor, article: TicketInput['article']): Promise<Row> {
  if (!article) return { create_article_type_id: null, create_article_sender_id: null };
  const art = article as Row;
  return {
    create_article_type_id: (await resolveRef(db, art, 'type')) ?? 10,
    create_article_sender_id: isAgent(actor) ? ((await resolveRef(db, art, 'sender')) ?? 1) : 2,
  };
}

/** `POST /tickets`: validates, resolves references, stores the ticket and its first article. */
export async function createTicket(
  db: Db,
  actor: Actor,
  input: TicketInput,
  opts: { systemId: number; source?: 'api' | 'email' },
): Promise<TicketRow> {
  if (!isAgent(actor) && !isCustomer(actor)) throw new ForbiddenError('User authorization failed.');
  const data = allowedInput(actor, input);
  const title = titleOf(data.title);
  const values = await ticketValues(db, actor, data, await targetGroup(db, actor, data));
  // Custom fields (object manager) are checked before anything is written.
  const custom = await customTicketValues(db, data, {
    screen: 'create_middle',
    permission: isAgent(actor) ? 'ticket.agent' : 'ticket.customer',
    creating: true,
  });
  const number = await nextNumber(db, opts.systemId);
  const row = await insertTicket(db, actor, {
    ...values,
    number,
    title,
    ...(await origin(db, actor, data.article)),
  });
  await writeCustomTicketValues(db, row.id, custom);
  await addHistory(db, { o_id: row.id, object: 'Ticket', type: 'created', created_by_id: actor.user.id });
  // Tags are agents' working notes (`tags/add` needs agent change): a customer's are dropped.
  if (isAgent(actor) && typeof data.tags === 'string' && data.tags.trim() !== '')
    await addTags(db, actor, 'Ticket', row.id, data.tags.split(','));
  await mentionOnCreate(db, actor, row, data.mentions);
  const article = data.article
    ? await createArticle(db, actor, row, data.article as ArticleInput, { first: true })
    : null;
  await linkOnCreate(db, actor, row.id, data.links);
  await recomputeEscalations(db, [row.id]);
  const created = await loadTicket(db, row.id);
  return ticketChanged(db, {
    type: 'create',
    actor,
    ticket: created,
    before: null,
    article,
    source: opts.source ?? 'api',
  });
}
