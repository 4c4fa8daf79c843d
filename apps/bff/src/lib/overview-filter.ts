import type { Schemas, ZammadClient } from '@eosc/zammad-api';
import { z } from '@hono/zod-openapi';
import { BffError } from './errors.ts';

/**
 * Filters on an overview (the inbox's filter bar). Zammad lets agents page through an overview
 * but not read its condition, and `/ticket_overviews` takes no extra condition. So the BFF reads
 * the overview's condition with its service token (Admin; cached a minute), ANDs the filters to
 * it and runs one `POST /tickets/search` acting as the person, with paging, order and total.
 */

const list = (item: RegExp, what: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .refine((s) => s.split(',').every((v) => item.test(v.trim())), `a comma-separated list of ${what}`)
    .transform((s) => [...new Set(s.split(',').map((v) => v.trim()))])
    .refine((a) => a.length <= 50, 'at most 50 values')
    .optional();

const IDS = /^[1-9]\d{0,9}$/;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const isDay = (s: string) => {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/**
 * A range of calendar days (UTC, both ends inclusive) as `YYYY-MM-DD..YYYY-MM-DD`: what the
 * reports count as "in the period" (docs/reports.md), so a report figure opens its tickets.
 */
const dayRange = (what: string) =>
  z
    .string()
    .trim()
    .max(22)
    .transform((s, ctx) => {
      const [from, to, extra] = s.split('..');
      if (extra !== undefined || !from || !to || !isDay(from) || !isDay(to) || from > to) {
        ctx.addIssue({ code: 'custom', message: `a range of days ${what}, as YYYY-MM-DD..YYYY-MM-DD` });
        return z.NEVER;
      }
      return { from, to };
    })
    .optional()
    .openapi({
      type: 'string',
      description: `Tickets ${what} on these days (UTC, both inclusive): \`YYYY-MM-DD..YYYY-MM-DD\`.`,
      example: '2026-11-01..2026-11-30',
    });

/** The filter query parameters of `GET /bff/agent/overviews/{link}` (each a comma-separated list). */
export const OverviewFilterQuery = z.object({
  state_id: list(IDS, 'state ids').openapi({ description: 'State ids, e.g. `1,2`.' }),
  priority_id: list(IDS, 'priority ids').openapi({ description: 'Priority ids.' }),
  group_id: list(IDS, 'group ids').openapi({ description: 'Group ids.' }),
  owner: list(/^(me|none|[1-9]\d{0,9})$/, '`me`, `none` or user ids').openapi({
    description: '`me` (the signed-in agent), `none` (unassigned) or agent ids; any of them matches.',
  }),
  service: list(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'service keys').openapi({
    description: 'EOSC service keys (`eosc_service`).',
  }),
  type: list(/^(incident|service_request)$/, '`incident` or `service_request`').openapi({
    description: 'EOSC ticket types (`eosc_ticket_type`).',
  }),
  created: dayRange('created'),
  closed: dayRange('first closed'),
  first_response: list(/^(met|breached|running)$/, '`met`, `breached` or `running`').openapi({
    description:
      'The first-response SLA status the reports count (`ticket.eosc_first_response`, an EOSC extension of the condition syntax; docs/reports.md). A Zammad without it refuses the filter (422).',
  }),
  sla: list(/^(breached|warning|running|none)$/, '`breached`, `warning`, `running` or `none`').openapi({
    description:
      "Where the SLA clock stands, by the helpdesk's own clock: `breached` (`escalation_at` passed), `warning` (`escalation_warning_at` passed, `escalation_at` not yet), `running` (neither yet), `none` (no due time). `warning` and `running` need the desk's `escalation_warning_at`: a Zammad without it refuses them (422).",
  }),
});
export type OverviewFilters = z.infer<typeof OverviewFilterQuery>;

type Leaf = { name: string; operator: string; value: string[] | string; pre_condition?: string };
type Block = { operator: 'AND' | 'OR'; conditions: (Leaf | Block | Record<string, unknown>)[] };

/** The filters as Zammad selector conditions (expert form), or [] when none is set. */
export function filterConditions(f: OverviewFilters): (Leaf | Block)[] {
  const out: (Leaf | Block)[] = [];
  const anyOf = (name: string, values: string[] | undefined) => {
    if (values?.length) out.push({ name, operator: 'is', value: values });
  };
  anyOf('ticket.state_id', f.state_id);
  anyOf('ticket.priority_id', f.priority_id);
  anyOf('ticket.group_id', f.group_id);
  anyOf('ticket.eosc_service', f.service);
  anyOf('ticket.eosc_ticket_type', f.type);
  const during = (name: string, r: { from: string; to: string } | undefined) => {
    if (!r) return;
    out.push({ name, operator: 'after (absolute)', value: `${r.from}T00:00:00.000Z` });
    out.push({ name, operator: 'before (absolute)', value: `${r.to}T23:59:59.999Z` });
  };
  during('ticket.created_at', f.created);
  during('ticket.close_at', f.closed);
  anyOf('ticket.eosc_first_response', f.first_response);
  if (f.sla?.length) {
    const states = f.sla.map(slaCondition);
    out.push(states.length === 1 ? (states[0] as Block) : { operator: 'OR', conditions: states });
  }
  if (f.owner?.length) {
    const owners: Leaf[] = [];
    const ids = f.owner.filter((o) => o !== 'me' && o !== 'none');
    if (f.owner.includes('me'))
      owners.push({ name: 'ticket.owner_id', operator: 'is', pre_condition: 'current_user.id', value: [] });
    if (f.owner.includes('none'))
      owners.push({ name: 'ticket.owner_id', operator: 'is', pre_condition: 'not_set', value: [] });
    if (ids.length)
      owners.push({ name: 'ticket.owner_id', operator: 'is', pre_condition: 'specific', value: ids });
    out.push(owners.length === 1 ? (owners[0] as Leaf) : { operator: 'OR', conditions: owners });
  }
  return out;
}

export type SlaState = 'breached' | 'warning' | 'running' | 'none';

/**
 * One SLA state as a selector block. "Now" is the upstream's (relative operators with 0
 * minutes), so the helpdesk's clock decides, not the BFF's.
 */
function slaCondition(state: string): Block {
  const now = { value: '0', range: 'minute' };
  const passed = (name: string) => ({ name, operator: 'before (relative)', ...now });
  const ahead = (name: string) => ({ name, operator: 'after (relative)', ...now });
  const at = 'ticket.escalation_at';
  const warning = 'ticket.escalation_warning_at';
  switch (state as SlaState) {
    case 'breached':
      return { operator: 'AND', conditions: [passed(at)] };
    case 'warning':
      return { operator: 'AND', conditions: [passed(warning), ahead(at)] };
    case 'running':
      return { operator: 'AND', conditions: [ahead(at), ahead(warning)] };
    default:
      return { operator: 'AND', conditions: [{ name: at, operator: 'not set', value: [] }] };
  }
}

/** Whether the filters ask for the desk's `escalation_warning_at` (unknown to a plain Zammad). */
export function needsWarningField(f: OverviewFilters): boolean {
  return f.sla?.some((s) => s === 'warning' || s === 'running') ?? false;
}

/**
 * The inbox's list of every ticket the person may read, in any state: no overview of Zammad's,
 * a search with the filters alone. Report figures open their tickets here (closed ones too).
 */
export const ALL_TICKETS = {
  link: 'all',
  name: 'All tickets',
  order: { by: 'created_at', direction: 'DESC' },
};

/** An overview's condition (flat or expert form) as one expert block. */
function asBlock(condition: Record<string, unknown>): Block | Record<string, unknown> {
  if (Array.isArray(condition.conditions)) return condition;
  return {
    operator: 'AND',
    conditions: Object.entries(condition).map(([name, spec]) => ({
      ...(spec && typeof spec === 'object' ? spec : {}),
      name,
    })),
  };
}

/** The overview's condition AND the filters, for `/tickets/search`. */
export function combinedCondition(overview: Record<string, unknown>, filters: (Leaf | Block)[]): Block {
  const base = asBlock(overview);
  const baseEmpty = Array.isArray(base.conditions) && base.conditions.length === 0;
  return { operator: 'AND', conditions: [...(baseEmpty ? [] : [base]), ...filters] };
}

export type OverviewDef = Schemas['Overview'];

/**
 * Overview definitions by link, read with the service token (`GET /overviews`, admin only) and
 * kept `ttlMs`: an edited overview reaches filtered lists within a minute.
 */
export class OverviewDefinitions {
  private entry: { at: number; value: Promise<Map<string, OverviewDef>> } | undefined;
  constructor(private readonly ttlMs = 60_000) {}

  async get(service: ZammadClient, link: string): Promise<OverviewDef> {
    const now = Date.now();
    if (!this.entry || now - this.entry.at >= this.ttlMs) {
      const value = service
        .GET('/overviews', { params: { query: { per_page: 500 } }, expect: 'list' })
        .then((list) => new Map(list.map((o) => [o.link, o])));
      this.entry = { at: now, value };
      value.catch(() => {
        if (this.entry?.value === value) this.entry = undefined;
      });
    }
    const def = (await this.entry.value).get(link);
    if (!def) throw new BffError(404, 'not_found', 'No such overview.');
    return def;
  }
}

const TICKET_COLUMN = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * `sort_by` / `order_by` for the search: the requested column, else the overview's own order,
 * after its grouping column (as the overview page sorts).
 */
export function searchOrder(
  def: Pick<OverviewDef, 'group_by' | 'group_direction' | 'order'>,
  sortBy: string | undefined,
  order: 'asc' | 'desc' | undefined,
): { sort_by: string; order_by: string } {
  const column = (name: string | null | undefined) => {
    if (!name || !TICKET_COLUMN.test(name)) return undefined;
    return ['customer', 'owner', 'group', 'state', 'priority', 'organization'].includes(name)
      ? `${name}_id`
      : name;
  };
  const dir = (d: string | null | undefined) => (String(d ?? '').toLowerCase() === 'desc' ? 'desc' : 'asc');
  const sorts: string[] = [];
  const orders: string[] = [];
  const group = column(def.group_by);
  if (group) {
    sorts.push(group);
    orders.push(dir(def.group_direction));
  }
  const main = sortBy ?? column(def.order?.by) ?? 'created_at';
  const mainDir = order ?? dir(def.order?.direction);
  if (main !== group) {
    sorts.push(main);
    orders.push(mainDir);
  }
  // The helpdesk adds the id as the last key itself, so pages stay stable.
  return { sort_by: sorts.join(','), order_by: orders.join(',') };
}
