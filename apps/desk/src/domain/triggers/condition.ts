/**
 * A trigger's `condition` against one ticket change: Zammad's selector (flat or expert form),
 * compiled by the ticket search's compiler and run on the changed ticket inside the change's
 * transaction, plus what only triggers have:
 * - `ticket.action` `is` / `is not` `create` | `update` (the kind of change);
 * - `article.*`: the article written with this change (none: never holds);
 * - the operator `has changed` on a ticket attribute (false on create, as in Zammad).
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { InvalidError } from '../errors.ts';
import type { TicketChange } from '../events/ticket-changed.ts';
import { historyValue } from '../history.ts';
import { ConditionCompiler } from '../search/condition.ts';
import { Params, sqlAnd, sqlOr } from '../search/sql.ts';
import type { Row } from '../shapes.ts';

interface Leaf extends Row {
  name: string;
  operator?: unknown;
  value?: unknown;
}

const invalid = (msg: string) => new InvalidError(`Invalid condition: ${msg}`);

/** The leaves of a condition (flat or expert), with their names. */
export function leavesOf(condition: Row): Leaf[] {
  if (Array.isArray(condition.conditions)) {
    return (condition.conditions as unknown[]).flatMap((item) => {
      if (!item || typeof item !== 'object') throw invalid('each condition must be an object');
      const row = item as Row;
      return Array.isArray(row.conditions) ? leavesOf(row) : [row as Leaf];
    });
  }
  return Object.entries(condition).map(([name, spec]) => {
    if (!spec || typeof spec !== 'object' || Array.isArray(spec))
      throw invalid(`'${name}' needs {operator, value}`);
    return { ...(spec as Row), name };
  });
}

const valuesOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x) => x !== null && x !== undefined && x !== '').map(String);

function changedColumn(change: TicketChange, name: string): boolean {
  if (!change.before) return false;
  const column = name.slice('ticket.'.length);
  return historyValue(change.before[column]) !== historyValue(change.ticket[column]);
}

/** One leaf that only triggers know, as SQL `true`/`false`; undefined for the compiler's. */
function triggerLeaf(leaf: Leaf, change: TicketChange): string | undefined {
  const op = String(leaf.operator ?? '').toLowerCase();
  if (leaf.name === 'ticket.action') {
    if (op !== 'is' && op !== 'is not') throw invalid(`operator '${op}' is invalid for 'ticket.action'`);
    const values = valuesOf(leaf.value);
    if (values.some((v) => v !== 'create' && v !== 'update'))
      throw invalid("'ticket.action' takes create or update");
    return values.includes(change.type) === (op === 'is') ? 'true' : 'false';
  }
  if (op === 'has changed') {
    if (!leaf.name.startsWith('ticket.') || leaf.name === 'ticket.tags')
      throw invalid(`operator 'has changed' is invalid for '${leaf.name}'`);
    return changedColumn(change, leaf.name) ? 'true' : 'false';
  }
  return undefined;
}

class TriggerCompiler {
  private readonly compiler: ConditionCompiler;

  constructor(
    db: Db,
    actor: Actor,
    private readonly p: Params,
    private readonly change: TicketChange,
  ) {
    this.compiler = new ConditionCompiler(db, actor, p, { articleId: change.article?.id ?? null });
  }

  async leaf(leaf: Leaf): Promise<string | null> {
    if (typeof leaf.name !== 'string' || leaf.name === '') throw invalid('a condition needs a name');
    const own = triggerLeaf(leaf, this.change);
    if (own !== undefined) return own;
    const { name, ...spec } = leaf;
    return this.compiler.compile({ [name]: spec });
  }

  async block(block: Row): Promise<string | null> {
    const op = String(block.operator ?? 'AND').toUpperCase();
    if (!['AND', 'OR', 'NOT'].includes(op))
      throw invalid(`block operator '${String(block.operator)}' is invalid`);
    const parts: string[] = [];
    for (const item of block.conditions as unknown[]) {
      if (!item || typeof item !== 'object') throw invalid('each condition must be an object');
      const row = item as Row;
      const sql = Array.isArray(row.conditions) ? await this.block(row) : await this.leaf(row as Leaf);
      if (sql) parts.push(sql);
    }
    if (parts.length === 0) return null;
    if (op === 'NOT') return `NOT COALESCE(${sqlAnd(parts)}, false)`;
    return op === 'AND' ? sqlAnd(parts) : sqlOr(parts);
  }

  async compile(condition: Row): Promise<string> {
    if (Array.isArray(condition.conditions)) return (await this.block(condition)) ?? 'true';
    const parts: string[] = [];
    for (const leaf of leavesOf(condition)) {
      const sql = await this.leaf(leaf);
      if (sql) parts.push(sql);
    }
    return parts.length ? sqlAnd(parts) : 'true';
  }
}

/** Whether a condition holds for a change (the ticket as it is now, in the change's transaction). */
export async function conditionHolds(
  db: Db,
  actor: Actor,
  condition: Row,
  change: TicketChange,
): Promise<boolean> {
  const p = new Params();
  const ticketParam = p.add(change.ticket.id);
  const sql = await new TriggerCompiler(db, actor, p, change).compile(condition);
  const row = await one<{ ok: boolean }>(
    db,
    `SELECT EXISTS (SELECT 1 FROM tickets t WHERE t.id = ${ticketParam} AND ${sql}) AS ok`,
    p.list,
  );
  return row?.ok === true;
}

/** Checks a condition when a trigger is written: unknown attributes or operators are a 422. */
export async function checkCondition(db: Db, actor: Actor, condition: Row): Promise<void> {
  const probe = {
    type: 'create',
    actor,
    ticket: { id: 0 },
    before: null,
    article: { id: 0 },
    source: 'api',
  } as unknown as TicketChange;
  await conditionHolds(db, actor, condition, probe);
}

/**
 * Zammad's `execution_condition_mode: selective`: on update, a trigger runs only when the change
 * touched what its condition looks at (a `ticket.*` attribute that changed, or `article.*` with
 * an article). A condition on nothing that can change (only `ticket.action`, customers,
 * organizations) runs on every change, as `always` does.
 */
export function selectiveAllows(condition: Row, change: TicketChange): boolean {
  if (change.type === 'create') return true;
  let watched = false;
  for (const leaf of leavesOf(condition)) {
    if (leaf.name.startsWith('article.')) {
      watched = true;
      if (change.article) return true;
    } else if (
      leaf.name.startsWith('ticket.') &&
      leaf.name !== 'ticket.action' &&
      leaf.name !== 'ticket.tags'
    ) {
      watched = true;
      if (changedColumn(change, leaf.name)) return true;
    }
  }
  return !watched;
}
