/**
 * An overview's ticket selection as SQL: who sees which tickets (TicketPolicy::OverviewScope)
 * and the overview's `condition`, compiled by the ticket search's selector compiler plus the
 * attributes that are no ticket column.
 */
import type { Db } from '../db/client.ts';
import { type Actor, groupsWith, isAgent, isCustomer } from './actor.ts';
import { InvalidError } from './errors.ts';
import { ConditionCompiler } from './search/condition.ts';
import { type Params, sqlAnd } from './search/sql.ts';
import type { Row } from './shapes.ts';

/** Tickets an actor sees in overviews (TicketPolicy::OverviewScope), as SQL on alias `t`. */
export function overviewScope(actor: Actor, p: Params): string {
  const parts: string[] = [];
  if (isAgent(actor)) parts.push(`t.group_id = ANY(${p.add(groupsWith(actor, 'overview'))}::int[])`);
  if (isCustomer(actor)) {
    parts.push(`t.customer_id = ${p.add(actor.user.id)}`);
    if (actor.sharedOrganizationIds.length > 0)
      parts.push(`t.organization_id = ANY(${p.add(actor.sharedOrganizationIds)}::int[])`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

type Leaf = { operator?: unknown; pre_condition?: unknown; value?: unknown };

/** Selector attributes that are no ticket column; compiled here, everything else by search's compiler. */
function specialLeaf(name: string, leaf: Leaf, actor: Actor, p: Params): string | undefined {
  if (name !== 'ticket.mention_user_ids' && name !== 'ticket.out_of_office_replacement_id') return undefined;
  const op = String(leaf.operator ?? 'is').toLowerCase();
  const negate = op === 'is not' || op === 'is none of';
  if (!negate && op !== 'is' && op !== 'is any of')
    throw new InvalidError(`Invalid condition: operator '${String(leaf.operator)}' is invalid for '${name}'`);
  let users: string;
  if (leaf.pre_condition === 'current_user.id') users = `${p.add([actor.user.id])}::int[]`;
  else {
    const raw = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    const ids = raw.filter((v) => v !== '' && v !== null && v !== undefined).map((v) => Number(v));
    if (ids.some((n) => !Number.isSafeInteger(n)))
      throw new InvalidError(`Invalid condition: '${name}' needs user ids`);
    users = `${p.add(ids)}::int[]`;
  }
  const sql =
    name === 'ticket.mention_user_ids'
      ? `t.id IN (SELECT m.mentionable_id FROM mentions m WHERE m.mentionable_type = 'Ticket' AND m.user_id = ANY(${users}))`
      : `t.owner_id IN (SELECT u.id FROM users u WHERE u.out_of_office AND u.out_of_office_start_at <= current_date
            AND u.out_of_office_end_at >= current_date AND u.out_of_office_replacement_id = ANY(${users}))`;
  return negate ? `NOT (${sql})` : sql;
}

/**
 * An overview's `condition` as SQL on alias `t`: the flat form or the expert form, through the
 * ticket search's selector compiler, plus the attributes that are not ticket columns
 * (`ticket.mention_user_ids`, `ticket.out_of_office_replacement_id`) at the top level.
 */
export async function overviewConditionSql(db: Db, actor: Actor, condition: Row, p: Params): Promise<string> {
  const extra: string[] = [];
  let rest: Row | undefined;
  if (Array.isArray(condition.conditions)) {
    const op = String(condition.operator ?? 'AND').toUpperCase();
    if (op === 'AND') {
      const kept: unknown[] = [];
      for (const item of condition.conditions as Row[]) {
        const sql =
          item && typeof item === 'object' && typeof item.name === 'string'
            ? specialLeaf(item.name, item as Leaf, actor, p)
            : undefined;
        if (sql) extra.push(sql);
        else kept.push(item);
      }
      rest = { ...condition, conditions: kept };
    } else rest = condition;
  } else {
    rest = {};
    for (const [name, spec] of Object.entries(condition)) {
      const sql = spec && typeof spec === 'object' ? specialLeaf(name, spec as Leaf, actor, p) : undefined;
      if (sql) extra.push(sql);
      else rest[name] = spec;
    }
  }
  const compiled = await new ConditionCompiler(db, actor, p).compile(rest);
  const parts = [...extra, ...(compiled ? [compiled] : [])];
  return parts.length ? sqlAnd(parts) : 'true';
}
