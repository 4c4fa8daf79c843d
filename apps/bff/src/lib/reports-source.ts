import type { ZammadClient } from '@eosc/zammad-api';
import type { BffDeps } from '../context.ts';
import { BffError } from './errors.ts';
import { grants, rolePermissions } from './permissions.ts';
import type { ReferenceData } from './reference.ts';
import type { ReportCaches } from './report-caches.ts';
import {
  fetchPanel,
  fetchScope,
  type Panel,
  type PanelData,
  type ReportQuery,
  type ReportScope,
} from './reports.ts';
import { zammadPanel } from './reports-zammad/index.ts';

/*
 * Where report figures come from (docs/reports.md, "Against a real Zammad"): our desk computes
 * them in SQL (`/eosc_reports/*`, which also decides who sees which units); a helpdesk without
 * that extension (its `GET /eosc_reports/scope` answers 404: a real Zammad) gets them computed
 * here from Zammad's standard API (reports-zammad/). REPORTS_SOURCE forces one or the other.
 *
 * On the Zammad path the BFF checks access itself, before reading anything: a person whose roles
 * grant Zammad's `report` permission reports on every unit (scope `all`); anyone else is 403.
 * Unit leads (`report.eosc_unit_lead`, units in `eosc_unit_leads`) need our desk.
 */

export type ReportsSource = 'desk' | 'zammad' | 'auto';

const DETECT_TTL_MS = 5 * 60_000;

/** The source for this helpdesk: forced, or (auto) the desk unless `/eosc_reports/scope` is 404. */
export async function reportsSourceFor(
  deps: BffDeps,
  caches: ReportCaches,
  upstream: ZammadClient,
): Promise<'desk' | 'zammad'> {
  const setting = deps.reportsSource ?? 'auto';
  if (setting !== 'auto') return setting;
  const detected = caches.detected;
  const hit = detected.get(deps.zammadUrl);
  if (hit && Date.now() - hit.at < DETECT_TTL_MS) return hit.source;
  let source: 'desk' | 'zammad';
  try {
    await fetchScope(upstream);
    source = 'desk';
  } catch (err) {
    if (!(err instanceof BffError)) throw err;
    if (err.status === 404) source = 'zammad';
    else if (err.status === 403) source = 'desk';
    else throw err;
  }
  detected.set(deps.zammadUrl, { at: Date.now(), source });
  return source;
}

/** Zammad path: `all` for holders of the `report` permission, else null. */
export async function zammadReportAccess(
  upstream: ZammadClient,
  roles: readonly string[],
): Promise<'all' | null> {
  return grants(await rolePermissions(upstream, roles), 'report') ? 'all' : null;
}

async function requireZammadAccess(upstream: ZammadClient, roles: readonly string[]): Promise<void> {
  if ((await zammadReportAccess(upstream, roles)) === null)
    throw new BffError(
      403,
      'forbidden',
      'Reports need the report permission (reports for unit leads need the EOSC desk).',
    );
}

export interface ReportContext {
  deps: BffDeps;
  caches: ReportCaches;
  upstream: ZammadClient;
  /** The signed-in person's role names. */
  roles: readonly string[];
  reference: () => Promise<ReferenceData>;
  /** The helpdesk's clock (ms), from the latest upstream reply. */
  now: () => number;
}

export async function reportScope(ctx: ReportContext): Promise<ReportScope> {
  if ((await reportsSourceFor(ctx.deps, ctx.caches, ctx.upstream)) === 'desk')
    return fetchScope(ctx.upstream);
  await requireZammadAccess(ctx.upstream, ctx.roles);
  const ref = await ctx.reference();
  const group_ids = ref.groups.filter((g) => g.active).map((g) => g.id);
  return { scope: 'all', group_ids: group_ids.sort((a, b) => a - b) };
}

export async function reportPanel<P extends Panel>(
  ctx: ReportContext,
  panel: P,
  q: ReportQuery,
): Promise<PanelData<P>> {
  if ((await reportsSourceFor(ctx.deps, ctx.caches, ctx.upstream)) === 'desk')
    return fetchPanel(ctx.upstream, panel, q);
  await requireZammadAccess(ctx.upstream, ctx.roles);
  return zammadPanel(
    {
      upstream: ctx.upstream,
      reference: await ctx.reference(),
      reads: ctx.caches.reads,
      helpdesk: ctx.deps.zammadUrl,
      now: ctx.now,
    },
    panel,
    q,
  ) as Promise<PanelData<P>>;
}

/**
 * What the session says about reports: `all`/`units` (desk), `all` (Zammad path with the
 * `report` permission), null for none; undefined when the helpdesk could not say (asked later).
 */
export async function reportAccess(
  deps: BffDeps,
  caches: ReportCaches,
  upstream: ZammadClient,
  roles: readonly string[],
): Promise<'all' | 'units' | null | undefined> {
  try {
    if ((await reportsSourceFor(deps, caches, upstream)) === 'zammad')
      return await zammadReportAccess(upstream, roles);
    return (await fetchScope(upstream)).scope;
  } catch (err) {
    if (err instanceof BffError && [403, 404].includes(err.status)) return null;
    return undefined;
  }
}
