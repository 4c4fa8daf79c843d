/**
 * Zammad's selector `condition` (REFERENCE §3.1.3) as SQL over tickets (alias `t`): the flat form
 * `{"ticket.state_id": {operator, value, pre_condition}}` and the expert form
 * `{operator: "AND"|"OR"|"NOT", conditions: [{name, operator, value}, ...]}`.
 * Attributes: `ticket.*` (plus `ticket.tags`), `customer.*`, `owner.*`, `organization.*`,
 * `article.*`; column names are checked against the tables, values travel as parameters.
 */
import type { Db } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { type Actor, groupsWith, isAgent, isCustomer } from '../actor.ts';
import { InvalidError } from '../errors.ts';
import { FIRST_RESPONSE_STATUSES, firstResponseStatusSql } from '../reports/sla-status.ts';
import { OTHERS_VISIBLE } from '../user-shapes.ts';
import { columnTypes } from './common.ts';
import { type Params, sqlAnd, sqlOr } from './sql.ts';
import { escapeLike } from './text.ts';

type Row = Record<string, unknown>;

interface Leaf {
  name: string;
  operator: string;
  value?: unknown;
  pre_condition?: string;
  range?: string;
}

const invalid = (msg: string) => new InvalidError(`Invalid condition: ${msg}`);

/**
 * What a caller without `ticket.agent` may filter on beyond the ticket's and public articles'
 * own columns: the fields they may read of other people and organizations. A condition on
 * anything else would be an oracle (`owner.email starts with a…`) for what they cannot see.
 */
const CUSTOMER_VISIBLE: Record<string, readonly string[]> = {
  customer: OTHERS_VISIBLE,
  owner: OTHERS_VISIBLE,
  organization: ['id', 'name', 'active'],
};

const TYPE_CAST: Record<string, string> = {
  integer: 'int',
  bigint: 'bigint',
  smallint: 'int',
  boolean: 'boolean',
  numeric: 'numeric',
  date: 'date',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
};

const RANGE_UNITS: Record<string, string> = {
  minute: 'mins',
  hour: 'hours',
  day: 'days',
  week: 'weeks',
  month: 'months',
  year: 'years',
};

interface Target {
  /** Column expression inside the target. */
  column: string;
  type: string;
  /** Wraps the column condition into a condition over `t`. */
  wrap(cond: string): string;
}

export interface CompileOptions {
  /**
   * Triggers: `article.*` means this one article (the change's), not any article of the ticket.
   * Null: the change has no article, so no `article.*` condition holds.
   */
  articleId?: number | null;
}

export class ConditionCompiler {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly p: Params,
    private readonly opts: CompileOptions = {},
  ) {}

  async compile(condition: unknown): Promise<string | null> {
    if (condition === undefined || condition === null || condition === '') return null;
    if (typeof condition !== 'object' || Array.isArray(condition)) throw invalid('must be an object');
    const c = condition as Row;
    if (Array.isArray(c.conditions)) return this.block(c);
    const leaves: string[] = [];
    for (const [name, spec] of Object.entries(c)) {
      if (!spec || typeof spec !== 'object') throw invalid(`'${name}' needs {operator, value}`);
      const sql = await this.leaf({ ...(spec as Row), name } as Leaf);
      if (sql) leaves.push(sql);
    }
    return leaves.length ? sqlAnd(leaves) : null;
  }

  private async block(block: Row): Promise<string | null> {
    const op = String(block.operator ?? 'AND').toUpperCase();
    if (!['AND', 'OR', 'NOT'].includes(op))
      throw invalid(`block operator '${String(block.operator)}' is invalid`);
    const parts: string[] = [];
    for (const item of block.conditions as unknown[]) {
      if (!item || typeof item !== 'object') throw invalid('each condition must be an object');
      const row = item as Row;
      const sql = Array.isArray(row.conditions)
        ? await this.block(row)
        : await this.leaf(row as unknown as Leaf);
      if (sql) parts.push(sql);
    }
    if (parts.length === 0) return null;
    if (op === 'NOT') return `NOT COALESCE(${sqlAnd(parts)}, false)`;
    return op === 'AND' ? sqlAnd(parts) : sqlOr(parts);
  }

  private async target(name: string): Promise<Target | 'tags'> {
    const [table, column, ...rest] = name.split('.');
    if (!table || !column || rest.length) throw invalid(`unknown attribute '${name}'`);
    if (table === 'ticket' && column === 'tags') return 'tags';
    const tables: Record<string, [string, string, (c: string) => string]> = {
      ticket: ['tickets', 't', (c) => c],
      customer: ['users', 'cu', (c) => `t.customer_id IN (SELECT cu.id FROM users cu WHERE ${c})`],
      owner: ['users', 'ou', (c) => `t.owner_id IN (SELECT ou.id FROM users ou WHERE ${c})`],
      organization: [
        'organizations',
        'org',
        (c) => `t.organization_id IN (SELECT org.id FROM organizations org WHERE ${c})`,
      ],
      article: [
        'ticket_articles',
        'a',
        (c) => `t.id IN (SELECT a.ticket_id FROM ticket_articles a WHERE ${this.articleFilter()}${c})`,
      ],
    };
    const spec = tables[table];
    if (!spec) throw invalid(`unknown attribute '${name}'`);
    const visible = CUSTOMER_VISIBLE[table];
    if (visible && !isAgent(this.actor) && !visible.includes(column))
      throw invalid(`unknown attribute '${name}'`);
    const [tbl, alias, wrap] = spec;
    const types = await columnTypes(this.db, tbl);
    const type = types.get(column);
    if (!type || column === 'password') throw invalid(`unknown attribute '${name}'`);
    return { column: `${alias}."${column}"`, type, wrap };
  }

  /** Customers never match through internal articles; agents only in groups they may read. */
  private articleFilter(): string {
    if (this.opts.articleId !== undefined)
      return this.opts.articleId === null ? 'false AND ' : `a.id = ${this.p.add(this.opts.articleId)} AND `;
    if (isAgent(this.actor) && !isCustomer(this.actor)) return '';
    if (!isAgent(this.actor)) return 'NOT a.internal AND ';
    return `(NOT a.internal OR t.group_id = ANY(${this.p.add(groupsWith(this.actor, 'read'))}::int[])) AND `;
  }

  private values(leaf: Leaf, type: string): unknown[] {
    const raw = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    return raw
      .filter((v) => v !== null && v !== undefined)
      .map((v) => {
        const s = typeof v === 'object' && v && 'value' in v ? String((v as Row).value) : String(v);
        if ((type === 'integer' || type === 'bigint') && s !== '' && !/^-?\d+$/.test(s))
          throw invalid(`'${leaf.name}' needs integer values, got ${JSON.stringify(s)}`);
        return s;
      });
  }

  private async leaf(leaf: Leaf): Promise<string | null> {
    if (typeof leaf.name !== 'string' || leaf.name === '') throw invalid('a condition needs a name');
    const operator = String(leaf.operator ?? '').toLowerCase();
    if (!operator) throw invalid(`operator missing for '${leaf.name}'`);
    if (leaf.name === 'ticket.mention_user_ids') {
      // Subscriptions are agents' own business.
      if (!isAgent(this.actor)) throw invalid(`unknown attribute '${leaf.name}'`);
      return this.mentions(leaf, operator);
    }
    if (leaf.name === 'ticket.eosc_first_response') {
      // An agents' figure (docs/reports.md), like the SLA fields it is computed from.
      if (!isAgent(this.actor)) throw invalid(`unknown attribute '${leaf.name}'`);
      return this.firstResponse(leaf, operator);
    }
    const target = await this.target(leaf.name);
    if (target === 'tags') return this.tags(leaf, operator);
    const { column, type } = target;
    const cast = TYPE_CAST[type] ?? 'text';
    const p = this.p;
    const userColumn =
      /_id$/.test(leaf.name) && /(created_by|updated_by|owner|customer|user)_id$/.test(leaf.name);
    const pre = leaf.pre_condition;
    const me = this.actor.user.id;
    const like = (pattern: string) => `${column}::text ILIKE ${p.add(pattern)}`;
    const text = () => String(Array.isArray(leaf.value) ? (leaf.value[0] ?? '') : (leaf.value ?? ''));
    const time = (v: unknown) => {
      const d = new Date(String(v));
      if (Number.isNaN(d.getTime())) throw invalid(`'${leaf.name}' needs a date, got ${JSON.stringify(v)}`);
      return `${p.add(d.toISOString())}::timestamptz`;
    };
    // "Now" is the desk's clock (tests move it), not the database's.
    const nowSql = () => `${p.add(now().toISOString())}::timestamptz`;
    const interval = () => {
      const unit = RANGE_UNITS[String(leaf.range ?? '').toLowerCase()];
      const n = Number(leaf.value);
      if (!unit || !Number.isFinite(n)) throw invalid(`'${leaf.name}' needs a numeric value and a range`);
      return `make_interval(${unit} => ${p.add(Math.trunc(n))}::int)`;
    };
    let sql: string;
    switch (operator) {
      case 'is':
      case 'is any of': {
        if (pre === 'not_set')
          sql = userColumn ? `(${column} IS NULL OR ${column} = 1)` : `${column} IS NULL`;
        else if (pre === 'current_user.id') sql = `${column} = ${p.add(me)}`;
        else if (pre === 'current_user.organization_id')
          sql = `${column} = ANY(${p.add(this.actor.organizationIds)}::int[])`;
        else if (leaf.value === null || leaf.value === undefined) sql = `${column} IS NULL`;
        else {
          const vals = this.values(leaf, type);
          const nonBlank = vals.filter((v) => v !== '');
          const parts = [`${column} = ANY(${p.add(nonBlank)}::${cast}[])`];
          if (vals.includes('')) parts.push(`${column} IS NULL`);
          sql = sqlOr(parts);
        }
        break;
      }
      case 'is not':
      case 'is none of': {
        if (pre === 'not_set')
          sql = userColumn ? `(${column} IS NOT NULL AND ${column} <> 1)` : `${column} IS NOT NULL`;
        else if (pre === 'current_user.id') sql = `(${column} IS NULL OR ${column} <> ${p.add(me)})`;
        else if (pre === 'current_user.organization_id')
          sql = `(${column} IS NULL OR ${column} <> ALL(${p.add(this.actor.organizationIds)}::int[]))`;
        else if (leaf.value === null || leaf.value === undefined) sql = `${column} IS NOT NULL`;
        else {
          const vals = this.values(leaf, type);
          const list = `${p.add(vals.filter((v) => v !== ''))}::${cast}[]`;
          sql = vals.includes('')
            ? `(${column} IS NOT NULL AND ${column} <> ALL(${list}))`
            : `(${column} IS NULL OR ${column} <> ALL(${list}))`;
        }
        break;
      }
      case 'is set':
        sql = `${column} IS NOT NULL`;
        break;
      case 'not set':
        sql = `${column} IS NULL`;
        break;
      case 'contains':
        sql = like(`%${escapeLike(text())}%`);
        break;
      case 'contains not':
        sql = `(NOT ${like(`%${escapeLike(text())}%`)} OR ${column} IS NULL)`;
        break;
      case 'starts with':
        sql = like(`${escapeLike(text())}%`);
        break;
      case 'ends with':
        sql = like(`%${escapeLike(text())}`);
        break;
      case 'starts with one of':
      case 'ends with one of': {
        const vals = this.values(leaf, 'text');
        if (vals.length === 0) return null;
        const starts = operator.startsWith('starts');
        sql = sqlOr(
          vals.map((v) => String(v)).map((v) => like(starts ? `${escapeLike(v)}%` : `%${escapeLike(v)}`)),
        );
        break;
      }
      case 'before (absolute)':
        sql = `${column} <= ${time(text())}`;
        break;
      case 'after (absolute)':
        sql = `${column} >= ${time(text())}`;
        break;
      case 'before (relative)':
        sql = `${column} <= ${nowSql()} - ${interval()}`;
        break;
      case 'after (relative)':
        sql = `${column} >= ${nowSql()} + ${interval()}`;
        break;
      case 'within last (relative)':
        sql = `${column} BETWEEN ${nowSql()} - ${interval()} AND ${nowSql()}`;
        break;
      case 'within next (relative)':
        sql = `${column} BETWEEN ${nowSql()} AND ${nowSql()} + ${interval()}`;
        break;
      case 'till (relative)':
        sql = `${column} <= ${nowSql()} + ${interval()}`;
        break;
      case 'from (relative)':
        sql = `${column} >= ${nowSql()} - ${interval()}`;
        break;
      case 'today': {
        const today = `date_trunc('day', ${nowSql()} AT TIME ZONE 'UTC')`;
        sql = `(${column} >= ${today} AT TIME ZONE 'UTC' AND ${column} < (${today} + interval '1 day') AT TIME ZONE 'UTC')`;
        break;
      }
      default:
        throw invalid(`operator '${String(leaf.operator)}' is invalid for '${leaf.name}'`);
    }
    return target.wrap(sql);
  }

  /**
   * `ticket.mention_user_ids` (who subscribed to the ticket with an @mention) is no ticket
   * column; Zammad's selector has it, so an overview using it can be combined with filters.
   */
  private mentions(leaf: Leaf, operator: string): string {
    const negate = operator === 'is not' || operator === 'is none of';
    if (!negate && operator !== 'is' && operator !== 'is any of')
      throw invalid(`operator '${String(leaf.operator)}' is invalid for '${leaf.name}'`);
    let ids: number[];
    if (leaf.pre_condition === 'current_user.id') ids = [this.actor.user.id];
    else {
      const raw = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
      ids = raw.filter((v) => v !== '' && v !== null && v !== undefined).map((v) => Number(v));
      if (ids.some((n) => !Number.isSafeInteger(n))) throw invalid(`'${leaf.name}' needs user ids`);
    }
    const sql = `t.id IN (SELECT m.mentionable_id FROM mentions m
                   WHERE m.mentionable_type = 'Ticket' AND m.user_id = ANY(${this.p.add(ids)}::int[]))`;
    return negate ? `NOT (${sql})` : sql;
  }

  /**
   * `ticket.eosc_first_response` (an EOSC extension): the first-response SLA status the reports
   * count, `met`, `breached` or `running` (docs/reports.md), at the desk's clock.
   */
  private firstResponse(leaf: Leaf, operator: string): string {
    const negate = operator === 'is not' || operator === 'is none of';
    if (!negate && operator !== 'is' && operator !== 'is any of')
      throw invalid(`operator '${String(leaf.operator)}' is invalid for '${leaf.name}'`);
    const raw = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    const values = raw.filter((v) => v !== '' && v !== null && v !== undefined).map(String);
    if (
      values.length === 0 ||
      values.some((v) => !(FIRST_RESPONSE_STATUSES as readonly string[]).includes(v))
    )
      throw invalid(`'${leaf.name}' takes ${FIRST_RESPONSE_STATUSES.join(', ')}`);
    const status = firstResponseStatusSql('t', `${this.p.add(now().toISOString())}`);
    const sql = `COALESCE((${status}) = ANY(${this.p.add(values)}::text[]), false)`;
    return negate ? `NOT ${sql}` : sql;
  }

  private tags(leaf: Leaf, operator: string): string | null {
    const raw = Array.isArray(leaf.value) ? leaf.value.map(String) : String(leaf.value ?? '').split(',');
    const names = raw.map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (names.length === 0) return null;
    const p = this.p;
    const list = p.add(names);
    const tagged = `SELECT tg.o_id FROM tags tg JOIN tag_items ti ON ti.id = tg.tag_item_id
                     WHERE tg.object = 'Ticket' AND ti.name_downcase = ANY(${list}::text[])`;
    switch (operator) {
      case 'contains one':
      case 'is':
        return `t.id IN (${tagged})`;
      case 'contains all':
        return `t.id IN (${tagged} GROUP BY tg.o_id HAVING count(DISTINCT ti.id) = ${p.add(names.length)})`;
      case 'contains one not':
      case 'is not':
        return `t.id NOT IN (${tagged})`;
      case 'contains all not':
        return `t.id NOT IN (${tagged} GROUP BY tg.o_id HAVING count(DISTINCT ti.id) = ${p.add(names.length)})`;
      default:
        throw invalid(`operator '${String(leaf.operator)}' is invalid for '${leaf.name}'`);
    }
  }
}
