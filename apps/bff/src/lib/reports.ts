import type { ZammadClient } from '@eosc/zammad-api';
import { z } from '@hono/zod-openapi';
import { BffError } from './errors.ts';

/*
 * Reporting for managers (issue 12): the desk's EOSC extension `GET /eosc_reports/scope` and
 * `GET /eosc_reports/{panel}`, asked for the signed-in person (service token + From), so the desk
 * decides who sees which units (403 for agents and customers, and for a unit lead asking outside
 * their units). The panels' shapes are declared here with zod because the desk's openapi.yaml
 * does not document the extension yet (it lands with the desk side of issue 12); the BFF's
 * replies use the same schemas, and a reply off them is a 502 `upstream_malformed`.
 */

export const PANELS = ['volume', 'backlog', 'times', 'sla', 'reopen', 'services', 'workload'] as const;
export const PanelSchema = z.enum(PANELS).openapi('ReportPanel');
export type Panel = z.infer<typeof PanelSchema>;

const Count = z.number().int().min(0);
/** Business minutes; null when there is nothing to measure. */
const Minutes = z.number().min(0).nullable();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ReportScopeSchema = z
  .object({
    scope: z.enum(['all', 'units']).openapi({
      description: '`all`: every support unit (Zammad’s `report` permission); `units`: the units they lead.',
    }),
    group_ids: z.array(z.number().int()).openapi({ description: 'The units (groups) they may report on.' }),
  })
  .openapi('ReportScope');
export type ReportScope = z.infer<typeof ReportScopeSchema>;

export const PANEL_SCHEMAS = {
  volume: z
    .object({ buckets: z.array(z.object({ date: IsoDate, created: Count, closed: Count })) })
    .openapi('ReportVolume', { description: 'Tickets created and closed per day or week.' }),
  backlog: z
    .object({
      buckets: z.array(z.object({ date: IsoDate, open: Count })),
      age: z.object({ lt_1d: Count, d1_7: Count, d7_30: Count, gt_30d: Count }),
    })
    .openapi('ReportBacklog', {
      description: 'Open tickets at the end of each day or week, and the age of those open at the end.',
    }),
  times: z
    .object({
      first_response: z.object({ count: Count, median: Minutes, p90: Minutes }),
      resolution: z.object({ count: Count, median: Minutes, p90: Minutes }),
      trend: z.array(z.object({ date: IsoDate, first_response_median: Minutes, resolution_median: Minutes })),
    })
    .openapi('ReportTimes', { description: 'First-response and resolution times in business minutes.' }),
  sla: z
    .object({
      units: z.array(
        z.object({
          group_id: z.number().int(),
          name: z.string(),
          qos_level: z.string().nullable(),
          met: Count,
          breached: Count,
          running: Count,
        }),
      ),
      priorities: z.array(
        z.object({
          priority_id: z.number().int(),
          name: z.string(),
          met: Count,
          breached: Count,
          running: Count,
        }),
      ),
    })
    .openapi('ReportSla', {
      description: 'SLA compliance per support unit (with its QoS level) and priority.',
    }),
  reopen: z
    .object({ closed: Count, reopened: Count, rate: z.number().min(0).max(1).nullable() })
    .openapi('ReportReopen', { description: 'Closed tickets, how many were reopened, and the share (0–1).' }),
  services: z
    .object({ services: z.array(z.object({ service: z.string(), created: Count })) })
    .openapi('ReportServices', { description: 'Tickets created per EOSC service, most first.' }),
  workload: z
    .object({
      agents: z.array(
        z.object({
          user_id: z.number().int(),
          name: z.string(),
          assigned: Count,
          answered: Count,
          closed: Count,
        }),
      ),
    })
    .openapi('ReportWorkload', { description: 'Per agent: tickets assigned, answered and closed.' }),
} as const;
export type PanelData<P extends Panel> = z.infer<(typeof PANEL_SCHEMAS)[P]>;
export type AnyPanelData = { [P in Panel]: PanelData<P> };

/** A calendar date (YYYY-MM-DD) that exists. */
function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const DateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD.')
  .refine(isRealDate, 'No such date.');
const IdList = z
  .string()
  .regex(/^[1-9]\d{0,9}(,[1-9]\d{0,9}){0,99}$/, 'Use ids separated by commas.')
  .openapi({ example: '1,2' });

/** The longest period one request may cover (a year and a bit: a quarter compared with the last). */
export const MAX_DAYS = 400;
const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** The filters every panel takes (and the desk's names for them). */
export const ReportFilterShape = {
  group_ids: IdList.optional().openapi({ description: 'Support units (group ids).' }),
  priority_ids: IdList.optional().openapi({ description: 'Priority ids.' }),
  type: z.enum(['incident', 'service_request']).optional(),
  service: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'Not a service id.')
    .optional()
    .openapi({ description: 'An EOSC service (its catalogue id).' }),
  provider: z.string().trim().min(1).max(100).optional().openapi({ description: 'A service provider.' }),
  channel: z
    .string()
    .regex(/^[a-z][a-z_]{0,31}$/, 'Not a channel.')
    .optional()
    .openapi({ description: 'How tickets came in (email, web, phone…).' }),
  interval: z
    .enum(['day', 'week'])
    .optional()
    .openapi({ description: 'Bucket size of series (default day).' }),
};

export const ReportQuerySchema = z
  .object({
    from: DateParam.openapi({ description: 'First day (inclusive), YYYY-MM-DD.', example: '2026-11-01' }),
    to: DateParam.openapi({ description: 'Last day (inclusive), YYYY-MM-DD.', example: '2026-11-30' }),
    ...ReportFilterShape,
  })
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`.', path: ['to'] })
  .refine((q) => daysBetween(q.from, q.to) <= MAX_DAYS, {
    message: `A report covers at most ${MAX_DAYS} days.`,
    path: ['to'],
  });
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

export const MonthQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month as YYYY-MM.')
    .openapi({ example: '2026-11' }),
  ...ReportFilterShape,
});

/** The first and last day of a month (YYYY-MM). */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

type UntypedGet = (
  path: string,
  init: { params: { query?: Record<string, string> } },
) => Promise<{ data?: unknown; response: Response }>;

/**
 * One GET of the reports extension. The typed client cannot name these paths until openapi.yaml
 * documents them, so the call goes through its `raw` client (same auth, timeout and error
 * mapping: a non-2xx arrives here as a BffError) and the reply is checked with `schema`.
 */
async function getReport<S extends z.ZodType>(
  upstream: ZammadClient,
  path: string,
  query: Record<string, string>,
  schema: S,
): Promise<z.infer<S>> {
  let data: unknown;
  try {
    ({ data } = await (upstream.raw.GET as unknown as UntypedGet)(path, { params: { query } }));
  } catch (err) {
    if (err instanceof SyntaxError)
      throw new BffError(502, 'upstream_malformed', 'The helpdesk sent a report that is not JSON.');
    throw err;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new BffError(
      502,
      'upstream_malformed',
      `The helpdesk sent a report the web app cannot read (${parsed.error.issues[0]?.path.join('.') || 'body'}).`,
    );
  return parsed.data;
}

export function fetchScope(upstream: ZammadClient): Promise<ReportScope> {
  return getReport(upstream, '/eosc_reports/scope', {}, ReportScopeSchema);
}

/** The query as the desk takes it: only what is set. */
function upstreamQuery(q: Partial<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function fetchPanel<P extends Panel>(
  upstream: ZammadClient,
  panel: P,
  query: Partial<Record<string, string | undefined>>,
): Promise<PanelData<P>> {
  return getReport(upstream, `/eosc_reports/${panel}`, upstreamQuery(query), PANEL_SCHEMAS[panel]) as Promise<
    PanelData<P>
  >;
}
