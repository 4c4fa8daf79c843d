import type { Schemas, ZammadClient } from '@eosc/zammad-api';
import type { TicketSummary } from '../schemas.ts';
import { BffError } from './errors.ts';
import { CLOSED_TYPES, OPEN_TYPES, type ReferenceData, type StateType } from './reference.ts';
import { Resolver, SYSTEM_USER } from './resolve.ts';

type Ticket = Schemas['Ticket'];
type Article = Schemas['TicketArticle'];

/** The condition of a search: the document types it as a free object; ours is a selector. */
export type Condition = Record<string, { operator: string; pre_condition?: string; value: string[] }>;

export interface TicketFilter {
  state?: 'open' | 'waiting' | 'closed' | 'all' | undefined;
  group_id?: number | undefined;
  owner?: 'me' | 'unassigned' | undefined;
  customer?: 'me' | undefined;
  /** Tickets of the person's own organization(s). */
  organization?: 'mine' | undefined;
  q?: string | undefined;
}

/** Waiting: the pending states, where the team waits for the customer or for a date. */
const WAITING_TYPES: ReadonlySet<StateType> = new Set(['pending reminder', 'pending action']);

/**
 * Filters become a Zammad selector `condition` (filtered in SQL by Zammad, with or without
 * Elasticsearch), never query-string field syntax (which needs Elasticsearch on a real Zammad).
 * Returns null when the filter cannot match anything.
 */
export function conditionFor(f: TicketFilter, ref: ReferenceData, uid: number): Condition | null {
  const cond: Condition = {};
  if (f.state && f.state !== 'all') {
    const types = f.state === 'open' ? OPEN_TYPES : f.state === 'waiting' ? WAITING_TYPES : CLOSED_TYPES;
    const ids = ref.states.filter((s) => types.has(s.state_type)).map((s) => String(s.id));
    if (ids.length === 0) return null;
    cond['ticket.state_id'] = { operator: 'is', value: ids };
  }
  if (f.group_id !== undefined) cond['ticket.group_id'] = { operator: 'is', value: [String(f.group_id)] };
  if (f.owner) {
    const owner = f.owner === 'me' ? uid : SYSTEM_USER;
    cond['ticket.owner_id'] = { operator: 'is', pre_condition: 'specific', value: [String(owner)] };
  }
  if (f.organization === 'mine')
    cond['ticket.organization_id'] = {
      operator: 'is',
      pre_condition: 'current_user.organization_id',
      value: [],
    };
  if (f.customer === 'me')
    cond['ticket.customer_id'] = { operator: 'is', pre_condition: 'specific', value: [String(uid)] };
  return cond;
}

/**
 * One page of the tickets a person can see, newest activity first, names resolved: a single
 * `POST /tickets/search` with `full=true` (records, assets and total_count in one reply).
 */
export async function searchTickets(
  client: ZammadClient,
  ref: ReferenceData,
  uid: number,
  filter: TicketFilter,
  page: number,
  perPage: number,
): Promise<{ items: TicketSummary[]; total_count: number }> {
  const condition = conditionFor(filter, ref, uid);
  if (!condition) return { items: [], total_count: 0 };
  const query = filter.q?.trim() || '*';
  const list = await searchFull(client, {
    query,
    ...(Object.keys(condition).length > 0 ? { condition } : {}),
    sort_by: 'updated_at',
    order_by: 'desc',
    page,
    per_page: perPage,
  });
  const resolver = new Resolver(ref, list.assets);
  const items = ticketsOf(list).map((t) => resolver.ticket(t));
  return { items, total_count: list.total_count ?? items.length };
}

/** `POST /tickets/search` with `full`: one page of records and their assets. */
export function searchFull(
  client: ZammadClient,
  body: {
    query: string;
    condition?: object;
    sort_by?: string;
    order_by?: string;
    page: number;
    per_page: number;
  },
): Promise<Schemas['AssetsList']> {
  const { condition, ...rest } = body;
  return client.POST('/tickets/search', {
    // The document types `condition` as a free object ({type: object}).
    body: { ...rest, ...(condition ? { condition: condition as Record<string, never> } : {}), full: true },
    expect: 'AssetsList',
  });
}

/** The tickets of a `full` list, in its order (records the caller may not see are left out). */
export function ticketsOf(list: { record_ids: number[]; assets: Schemas['Assets'] }): Ticket[] {
  return list.record_ids.flatMap((id) => list.assets.Ticket?.[String(id)] ?? []);
}

/** The ticket's own record among the assets of its reply. */
function recordOf(assets: Schemas['Assets'], id: number): Ticket {
  const ticket = assets.Ticket?.[String(id)];
  if (!ticket) throw new BffError(502, 'upstream_malformed', 'The helpdesk sent a ticket without its record');
  return ticket;
}

/** One ticket with its names resolved, from `GET /tickets/:id?full=true`. */
export async function loadTicket(client: ZammadClient, ref: ReferenceData, id: number) {
  const one = await client.GET('/tickets/{id}', {
    params: { path: { id }, query: { full: 'true' } },
    expect: 'AssetsItem',
  });
  const resolver = new Resolver(ref, one.assets);
  return { resolver, ticket: resolver.ticket(recordOf(one.assets, one.id)) };
}

/**
 * The ticket screen in one upstream call: `GET /tickets/:id?all=true` gives the ticket, the
 * articles the person may see (Zammad hides internal ones from customers), their authors and
 * the tags, all in its assets.
 */
export async function loadTicketScreen(client: ZammadClient, ref: ReferenceData, id: number) {
  const all = await client.GET('/tickets/{id}', {
    params: { path: { id }, query: { all: 'true' } },
    expect: 'TicketAll',
  });
  const ticket = recordOf(all.assets, all.ticket_id);
  const resolver = new Resolver(ref, all.assets);
  const summary = resolver.ticket(ticket);
  const followUp = followUpOf(summary.state_type, ticket, all.assets.Group?.[String(ticket.group_id)]);
  const articles = all.ticket_article_ids
    .map((a) => all.assets.TicketArticle?.[String(a)])
    .filter((a): a is Article => a !== undefined)
    .sort((a, b) => a.id - b.id);
  return { resolver, ticket: summary, articles, tags: all.tags ?? [], followUp };
}

/**
 * Whether the customer may still reply to (and so reopen) a ticket: Zammad's rule on the
 * ticket's group (`follow_up_possible`). Anything not closed takes replies; a closed one only
 * when the group says `yes`, or `new_ticket_after_certain_time` within `reopen_time_in_days`
 * of the last close. The upstream enforces the same rule (422); this only lets the page say so
 * before the person writes. Merged tickets live on in the ticket they were merged into.
 */
export function followUpOf(
  stateType: StateType,
  ticket: Ticket,
  group: Schemas['Group'] | Schemas['GroupReduced'] | undefined,
  now = Date.now(),
): { possible: boolean; reopenable: boolean; closed_at: string | null; service: string | null } {
  const closedAt = ticket.last_close_at || ticket.close_at || null;
  // `eosc_service` is a custom field (an object manager attribute), not a documented column.
  const service = (typeof ticket.eosc_service === 'string' && ticket.eosc_service) || null;
  // Without the group's rule (an upstream that hides it), offer the reply and let the upstream decide.
  const rule = group?.follow_up_possible ?? 'yes';
  const reopenable = rule === 'yes' || rule === 'new_ticket_after_certain_time';
  if (stateType === 'merged') return { possible: false, reopenable: false, closed_at: closedAt, service };
  if (stateType !== 'closed') return { possible: true, reopenable, closed_at: null, service };
  let possible = rule === 'yes';
  if (rule === 'new_ticket_after_certain_time') {
    const days = group?.reopen_time_in_days || 0;
    const at = closedAt ? Date.parse(closedAt) : Number.NaN;
    possible = days > 0 && !Number.isNaN(at) && Math.floor((now - at) / 86_400_000) < days;
  }
  return { possible, reopenable, closed_at: closedAt, service };
}

export function loadArticles(client: ZammadClient, id: number): Promise<Article[]> {
  return client.GET('/ticket_articles/by_ticket/{id}', { params: { path: { id } }, expect: 'list' });
}

export async function loadTags(client: ZammadClient, id: number): Promise<string[]> {
  return (await client.GET('/tags', { params: { query: { object: 'Ticket', o_id: id } } })).tags;
}

/** Clocks of the BFF and the upstream may differ: look this far before an attempt started. */
const CLOCK_SKEW_MS = 60_000;
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * After a create timed out: the ticket with this title the person created since the attempt
 * started, if the upstream wrote it after all. Uses a `condition` on `created_by_id` (set from
 * `From`), so it works with or without Elasticsearch.
 */
export async function findOwnNewTicket(
  client: ZammadClient,
  ref: ReferenceData,
  uid: number,
  title: string,
  since: number,
): Promise<TicketSummary | undefined> {
  const condition: Condition = {
    'ticket.created_by_id': { operator: 'is', pre_condition: 'specific', value: [String(uid)] },
  };
  const list = await searchFull(client, {
    query: '*',
    condition,
    sort_by: 'created_at',
    order_by: 'desc',
    page: 1,
    per_page: 20,
  });
  const resolver = new Resolver(ref, list.assets);
  const found = ticketsOf(list).find(
    (t) => collapse(t.title) === collapse(title) && Date.parse(t.created_at) >= since - CLOCK_SKEW_MS,
  );
  return found && resolver.ticket(found);
}

/**
 * Whether a stored article body is the one sent: the helpdesk sanitises HTML (attributes added or
 * dropped), so bodies are compared by their text, whitespace collapsed.
 */
export function sameMessage(stored: string, sent: string): boolean {
  const text = (s: string) =>
    s
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return stored.trim() === sent || text(stored) === text(sent);
}

/** After a reply timed out: the person's article with this body written since the attempt started. */
export async function findOwnNewArticle(
  client: ZammadClient,
  ticketId: number,
  uid: number,
  body: string,
  since: number,
) {
  const articles = await loadArticles(client, ticketId);
  return articles
    .filter(
      (a) =>
        a.created_by_id === uid &&
        sameMessage(a.body, body) &&
        Date.parse(a.created_at) >= since - CLOCK_SKEW_MS,
    )
    .at(-1);
}
