import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { BffEnv, BffServices } from '../context.ts';
import { reportCsv } from '../lib/report-csv.ts';
import {
  type AnyPanelData,
  MonthQuerySchema,
  monthRange,
  PANEL_SCHEMAS,
  PANELS,
  type Panel,
  ReportQuerySchema,
  ReportScopeSchema,
} from '../lib/reports.ts';
import { type ReportContext, reportPanel, reportScope } from '../lib/reports-source.ts';
import { referenceFor, sessionOf } from '../lib/request.ts';
import { signedIn } from '../middleware/session.ts';
import { ErrorSchema, endpoint, reply } from '../openapi.ts';

/*
 * Reporting dashboards (issue 12): each panel's figures for a period and filters, as JSON and as
 * CSV, and a monthly CSV of every panel. Our desk computes the figures and decides who sees them
 * (lib/reports.ts); against a real Zammad the BFF computes them and checks access itself
 * (lib/reports-source.ts, reports-zammad/). The BFF checks the input and acts for the person.
 */

const errors = {
  401: reply(
    'Not signed in (`unauthenticated`), or the helpdesk refused the service token (`upstream_unauthorized`)',
    ErrorSchema,
  ),
  403: reply(
    "No reports for this person (agents, customers), or units outside a unit lead's own (the helpdesk's `forbidden`)",
    ErrorSchema,
  ),
  404: reply(
    'The helpdesk has no reports extension and REPORTS_SOURCE=desk forbids computing them',
    ErrorSchema,
  ),
  422: reply(
    'Invalid period or filter (`invalid_input`), or refused by the helpdesk (`invalid`)',
    ErrorSchema,
  ),
  502: reply('The helpdesk failed, or sent figures off the documented shape', ErrorSchema),
  503: reply('The helpdesk is unreachable', ErrorSchema),
  504: reply('The helpdesk is too slow', ErrorSchema),
} as const;

const CSV_DESCRIPTION =
  'UTF-8 with a BOM, CRLF, a header row `panel,item,metric,value`; `item` is an ISO date (YYYY-MM-DD), a name or a bucket; times are business minutes.';
const csvReply = (description: string) => ({
  description: `${description}. ${CSV_DESCRIPTION}`,
  content: { 'text/csv': { schema: z.string() } },
});

const scope = createRoute({
  ...endpoint('get', '/bff/reports/scope', 'Which support units the person may report on', signedIn),
  responses: { 200: reply('Their scope', ReportScopeSchema), ...errors },
});

const monthly = createRoute({
  ...endpoint(
    'get',
    '/bff/reports/monthly.csv',
    'The monthly report: every panel for one month, as CSV',
    signedIn,
  ),
  request: { query: MonthQuerySchema },
  responses: { 200: csvReply('Every panel, one after the other'), ...errors },
});

const PANEL_SUMMARY: Record<Panel, string> = {
  volume: 'Tickets created and closed per day or week',
  backlog: 'Open tickets over time, and the age of those open at the end',
  times: 'First-response and resolution times: median, 90th percentile and trend',
  sla: 'SLA compliance per support unit (with its QoS level) and per priority',
  reopen: 'Reopen rate of the tickets closed in the period',
  services: 'Tickets created per EOSC service',
  workload: 'Agent workload: assigned, answered and closed',
};

/** The 422 every input error of these routes gets (the rest of the BFF says 400). */
function invalid(
  result: { success: true } | { success: false; error: z.ZodError },
  c: Context<BffEnv>,
): Response | undefined {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return c.json(
    {
      error: `${where}${issue?.message ?? 'Invalid input'}`,
      code: 'invalid_input',
      request_id: c.get('requestId'),
    },
    422,
  );
}

function csvResponse(c: Context<BffEnv>, name: string, body: string): Response {
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}.csv"`,
  });
}

/** What the report sources need of the request: the person, their upstream, reference data and the helpdesk's clock. */
function reportContext(c: Context<BffEnv>, services: BffServices): ReportContext {
  return {
    deps: c.get('deps'),
    caches: services.reports,
    upstream: c.get('upstream'),
    roles: sessionOf(c).roles,
    reference: () => referenceFor(c, services),
    now: () => {
      const date = Date.parse(c.get('upstreamDate') ?? '');
      return Number.isNaN(date) ? Date.now() : date;
    },
  };
}

export function reportRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>({ defaultHook: invalid });

  app.openapi(scope, async (c) => c.json(await reportScope(reportContext(c, services)), 200));

  app.openapi(monthly, async (c) => {
    const { month, ...filters } = c.req.valid('query');
    const range = monthRange(month);
    const query = { ...filters, ...range, interval: filters.interval ?? 'day' };
    const ctx = reportContext(c, services);
    const all = await Promise.all(PANELS.map((p) => reportPanel(ctx, p, query)));
    const panels = Object.fromEntries(PANELS.map((p, i) => [p, all[i]])) as AnyPanelData;
    return csvResponse(c, `eosc-helpdesk-report-${month}`, reportCsv(panels));
  });

  for (const panel of PANELS) {
    const json = createRoute({
      ...endpoint('get', `/bff/reports/${panel}`, PANEL_SUMMARY[panel], signedIn),
      request: { query: ReportQuerySchema },
      responses: { 200: reply('The figures', PANEL_SCHEMAS[panel]), ...errors },
    });
    const csv = createRoute({
      ...endpoint('get', `/bff/reports/${panel}.csv`, `${PANEL_SUMMARY[panel]}, as CSV`, signedIn),
      request: { query: ReportQuerySchema },
      responses: { 200: csvReply('The figures'), ...errors },
    });
    app.openapi(json, async (c) =>
      c.json(await reportPanel(reportContext(c, services), panel, c.req.valid('query')), 200),
    );
    app.openapi(csv, async (c) => {
      const q = c.req.valid('query');
      const data = await reportPanel(reportContext(c, services), panel, q);
      return csvResponse(c, `eosc-helpdesk-${panel}-${q.from}-to-${q.to}`, reportCsv({ [panel]: data }));
    });
  }

  return app;
}
