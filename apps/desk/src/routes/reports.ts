import { Hono } from 'hono';
import { z } from 'zod';
import { invalidParam } from '../domain/errors.ts';
import { reportScope, runReport } from '../domain/reports/index.ts';
import type { DeskEnv } from '../http/env.ts';
import { intList, parse } from '../http/input.ts';
import { params } from '../http/params.ts';
import { reply } from '../http/reply.ts';

/** An optional text filter: absent or blank is no filter. */
const filterText = (name: string) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === '') return undefined;
      // PostgreSQL text cannot hold NUL: refused here rather than failing in the query.
      if (typeof v === 'string' && !v.includes('\u0000')) return v;
      ctx.addIssue({ code: 'custom', message: `Invalid value for param '${name}': ${JSON.stringify(v)}` });
      return z.NEVER;
    });

const requiredDay = (name: string) =>
  z.unknown().transform((v, ctx) => {
    if (typeof v === 'string' && v !== '') return v;
    ctx.addIssue({ code: 'custom', message: `Missing param '${name}' (YYYY-MM-DD)` });
    return z.NEVER;
  });

const MAX_ID = 2_147_483_647;

/** A comma list of record ids (PostgreSQL integers). */
function ids(raw: Record<string, unknown>, key: string): number[] | undefined {
  const list = intList(raw, key);
  if (list?.some((n) => n > MAX_ID)) throw invalidParam(key, raw[key] ?? raw[`${key}[]`]);
  return list;
}

const ReportParams = z.looseObject({
  from: requiredDay('from'),
  to: requiredDay('to'),
  type: filterText('type'),
  service: filterText('service'),
  provider: filterText('provider'),
  channel: filterText('channel'),
  interval: z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '' || v === 'day' || v === 'week') return v === 'week' ? 'week' : 'day';
      ctx.addIssue({ code: 'custom', message: `Invalid value for param 'interval': ${JSON.stringify(v)}` });
      return z.NEVER;
    }),
});

/**
 * Reports for managers (`report`) and unit leads (`report.eosc_unit_lead`): an EOSC extension,
 * not a Zammad route. Figures are defined in docs/reports.md.
 */
export function reportsRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/eosc_reports/scope', async (c) => reply(c, await reportScope(c.get('db'), c.get('actor'))));

  app.get('/eosc_reports/:panel', async (c) => {
    // Permission first: someone who may see no report learns nothing from input errors.
    const scope = await reportScope(c.get('db'), c.get('actor'));
    const raw = await params(c);
    const q = parse(ReportParams, raw);
    const query = {
      ...q,
      group_ids: ids(raw, 'group_ids'),
      priority_ids: ids(raw, 'priority_ids'),
    };
    return reply(c, await runReport(c.get('db'), scope, c.req.param('panel'), query));
  });

  return app;
}
