/** Reports for managers and unit leads (an EOSC extension of Zammad's API; docs/reports.md). */
import type { Db } from '../../db/client.ts';
import { InvalidError } from '../errors.ts';
import { type Period, periodOf, type ReportQuery } from './filters.ts';
import { backlogReport, reopenReport, volumeReport } from './flow.ts';
import { servicesReport, slaReport, timesReport, workloadReport } from './quality.ts';
import { coveredGroups, type ReportScope } from './scope.ts';

export type { ReportQuery } from './filters.ts';
export { type ReportScope, reportScope } from './scope.ts';

type Panel = (db: Db, q: ReportQuery, period: Period, groups: number[] | undefined) => Promise<unknown>;

const PANELS: Record<string, Panel> = {
  volume: volumeReport,
  backlog: backlogReport,
  times: timesReport,
  sla: slaReport,
  reopen: reopenReport,
  services: servicesReport,
  workload: workloadReport,
};

export const PANEL_NAMES = Object.keys(PANELS);

/** One panel within the caller's scope (scope.ts: reportScope), the period and filters applied. */
export async function runReport(db: Db, scope: ReportScope, panel: string, q: ReportQuery): Promise<unknown> {
  const run = Object.hasOwn(PANELS, panel) ? PANELS[panel] : undefined;
  if (!run) throw new InvalidError(`Unknown report '${panel}'; one of ${PANEL_NAMES.join(', ')}`);
  const period = periodOf(q);
  return run(db, q, period, coveredGroups(scope, q.group_ids));
}
