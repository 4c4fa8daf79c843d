/**
 * Ticket search (`/tickets/search`, REFERENCE §3.1.3): the query syntax of parser.ts and the
 * selector `condition`, both as one parameterised WHERE clause over `tickets t`, always ANDed
 * with the caller's read scope. Free text uses the tsvectors of migration 0005: agents search
 * every article, customers only non-internal ones.
 *
 * Unknown fields (`foo:bar`) are not an error: as in Zammad's database search, the text
 * `foo bar` is searched as a phrase in the default fields.
 */
import type { Db } from '../../db/client.ts';
import { type Actor, groupsWith, isAgent, isCustomer } from '../actor.ts';
import type { Sort } from '../shapes.ts';
import { readableScope, type TicketRow } from '../ticket-access.ts';
import { parseOrReject, sortClause } from './common.ts';
import { ConditionCompiler } from './condition.ts';
import type { SearchNode } from './parser.ts';
import {
  dateField,
  exactMatch,
  type FieldSpec,
  ftsField,
  intField,
  likeField,
  nameMatch,
  Params,
  queryCondition,
  type SearchModel,
  sqlAnd,
  type TermInput,
} from './sql.ts';
import { escapeLike, termTsquery } from './text.ts';

const INT_COLUMNS = [
  'id',
  'group_id',
  'priority_id',
  'state_id',
  'organization_id',
  'owner_id',
  'customer_id',
  'created_by_id',
  'updated_by_id',
  'article_count',
  'create_article_type_id',
  'create_article_sender_id',
];

const DATE_COLUMNS = [
  'created_at',
  'updated_at',
  'close_at',
  'first_response_at',
  'first_response_escalation_at',
  'close_escalation_at',
  'update_escalation_at',
  'last_close_at',
  'last_contact_at',
  'last_contact_agent_at',
  'last_contact_customer_at',
  'last_owner_update_at',
  'escalation_at',
  'pending_time',
];

/** A relation looked up by name in a small table: `state.name:open`. */
function lookupField(column: string, table: string): FieldSpec {
  return {
    term: (p, t) => ({ sql: `t.${column} IN (SELECT id FROM ${table} WHERE ${nameMatch(p, 'name', t)})` }),
    exists: () => `t.${column} IS NOT NULL`,
  };
}

/** A user relation: `owner.login:agent1`, `customer.email:x@y.z`, `customer.firstname:Nicole`. */
function userField(column: string, attr: 'login' | 'email' | 'firstname' | 'lastname'): FieldSpec {
  return {
    term(p, t) {
      const cond =
        attr === 'login' || attr === 'email'
          ? exactMatch(p, `lower(u.${attr})`, t)
          : nameMatch(p, `u.${attr}`, t);
      return { sql: `t.${column} IN (SELECT u.id FROM users u WHERE ${cond})` };
    },
  };
}

function tagsField(): FieldSpec {
  return {
    term(p, t: TermInput) {
      const v = t.value.trim();
      const cond = t.prefix
        ? `ti.name_downcase LIKE lower(${p.add(`${escapeLike(v)}%`)})`
        : `ti.name_downcase = lower(${p.add(v)})`;
      return {
        sql: `t.id IN (SELECT tg.o_id FROM tags tg JOIN tag_items ti ON ti.id = tg.tag_item_id
                        WHERE tg.object = 'Ticket' AND ${cond})`,
      };
    },
    exists: () => `t.id IN (SELECT tg.o_id FROM tags tg WHERE tg.object = 'Ticket')`,
  };
}

function numberField(): FieldSpec {
  return {
    term(p, t) {
      const v = t.value.trim();
      if (t.prefix) return { sql: `t.number LIKE ${p.add(`${escapeLike(v)}%`)}` };
      return { sql: `t.number = ${p.add(v)}` };
    },
  };
}

/** The SQL for tsquery text over the ticket vectors the caller may search. */
function vectorSql(actor: Actor) {
  const agent = isAgent(actor);
  const customer = isCustomer(actor);
  return (p: Params, tsquery: string): string => {
    const q = `to_tsquery('simple', ${p.add(tsquery)})`;
    const match = (column: string) =>
      `t.id IN (SELECT s.ticket_id FROM ticket_search s WHERE s.${column} @@ ${q})`;
    if (agent && !customer) return match('vector');
    if (!agent) return match('vector_public');
    // Agent and customer: internal articles count only in groups the caller reads as agent.
    const groups = p.add(groupsWith(actor, 'read'));
    return `(${match('vector_public')} OR (t.group_id = ANY(${groups}::int[]) AND ${match('vector')}))`;
  };
}

/** `article.from:bob`: the weight holds from, to and cc together; the article itself decides. */
function articleAddressField(column: 'from' | 'to' | 'cc', actor: Actor): FieldSpec {
  const vectors = vectorSql(actor);
  return {
    term(p, t) {
      const weighted = termTsquery(t.value, { prefix: t.prefix, weights: 'D' });
      const plain = termTsquery(t.value, { prefix: t.prefix });
      if (weighted === null || plain === null) return null;
      let internal = '';
      if (!isAgent(actor)) internal = 'AND NOT a.internal';
      else if (isCustomer(actor))
        internal = `AND (NOT a.internal OR t.group_id = ANY(${p.add(groupsWith(actor, 'read'))}::int[]))`;
      return {
        sql: sqlAnd([
          vectors(p, weighted),
          `EXISTS (SELECT 1 FROM ticket_articles a WHERE a.ticket_id = t.id ${internal}
                     AND public.desk_tsv(a."${column}") @@ to_tsquery('simple', ${p.add(plain)}))`,
        ]),
      };
    },
  };
}

export function ticketSearchModel(actor: Actor): SearchModel {
  const fields: Record<string, FieldSpec> = {
    number: numberField(),
    title: ftsField('A'),
    'article.subject': ftsField('B'),
    'article.body': ftsField('C'),
    'article.from': articleAddressField('from', actor),
    'article.to': articleAddressField('to', actor),
    'article.cc': articleAddressField('cc', actor),
    note: likeField('t.note'),
    tags: tagsField(),
    tag: tagsField(),
  };
  for (const [name, column, table] of [
    ['state', 'state_id', 'ticket_states'],
    ['group', 'group_id', 'groups'],
    ['priority', 'priority_id', 'ticket_priorities'],
    ['organization', 'organization_id', 'organizations'],
  ] as const) {
    fields[`${name}.name`] = lookupField(column, table);
    fields[name] = lookupField(column, table);
  }
  for (const rel of ['owner', 'customer', 'created_by', 'updated_by'] as const) {
    for (const attr of ['login', 'email', 'firstname', 'lastname'] as const) {
      fields[`${rel}.${attr}`] = userField(`${rel}_id`, attr);
    }
  }
  for (const c of INT_COLUMNS) fields[c] = intField(c, `t.${c}`);
  for (const c of DATE_COLUMNS) fields[c] = dateField(c, `t.${c}`);
  return { fields, ftsSql: vectorSql(actor) };
}

export interface TicketSearchInput {
  query: string;
  condition?: unknown;
  limit: number;
  offset: number;
  sort: Sort;
  withTotal: boolean;
  withRows: boolean;
}

export interface SearchResult<T> {
  rows: T[];
  total?: number;
}

/** The WHERE clause of a ticket search for an actor, with its parameters. */
export async function ticketWhere(
  db: Db,
  actor: Actor,
  node: SearchNode | null,
  condition: unknown,
): Promise<{ where: string; params: unknown[] }> {
  const scope = readableScope(actor, 1);
  const p = new Params([...scope.params]);
  const parts = [scope.sql];
  const q = queryCondition(ticketSearchModel(actor), p, node);
  if (q) parts.push(q);
  const c = await new ConditionCompiler(db, actor, p).compile(condition);
  if (c) parts.push(c);
  return { where: sqlAnd(parts), params: p.list };
}

export async function searchTickets(
  db: Db,
  actor: Actor,
  input: TicketSearchInput,
): Promise<SearchResult<TicketRow>> {
  const node = parseOrReject(input.query);
  const { where, params } = await ticketWhere(db, actor, node, input.condition);
  const order = await sortClause(db, input.sort, 'tickets', 't', [['updated_at', 'desc']]);
  const [rows, total] = await Promise.all([
    input.withRows
      ? db.query<TicketRow>(
          `SELECT t.* FROM tickets t WHERE ${where} ORDER BY ${order} LIMIT ${input.limit} OFFSET ${input.offset}`,
          params,
        )
      : Promise.resolve([]),
    input.withTotal
      ? db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets t WHERE ${where}`, params)
      : Promise.resolve(undefined),
  ]);
  return total ? { rows, total: total[0]?.n ?? 0 } : { rows };
}
