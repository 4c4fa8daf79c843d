/** The kinds of background work the desk runs (docs/service-levels.md, "The worker"). */
import { foldReportRollup } from '../domain/reports/rollup.ts';
import { RECOMPUTE_KIND } from '../domain/sla/changes.ts';
import { runEscalations, runPendingClose, runPendingReminders, runReviews } from '../domain/sla/due.ts';
import { recomputeOpenTickets } from '../domain/sla/recompute.ts';
import type { JobKind } from './worker.ts';

export const SERVICE_LEVEL_JOBS: JobKind[] = [
  { kind: 'escalation', every: 60, run: async (db) => ({ ...(await runEscalations(db)) }) },
  { kind: 'pending_reminder', every: 60, run: async (db) => ({ ...(await runPendingReminders(db)) }) },
  { kind: 'pending_close', every: 60, run: async (db) => ({ ...(await runPendingClose(db)) }) },
  { kind: 'review', every: 3600, run: async (db) => ({ ...(await runReviews(db)) }) },
  {
    // After a calendar, SLA or unit change; a retry goes on after the last batch it finished.
    kind: RECOMPUTE_KIND,
    run: async (db, job, ctx) => {
      const afterId = Number(job.payload.after_id ?? 0);
      const result = await recomputeOpenTickets(db, {
        afterId,
        onBatch: (lastId) => ctx.heartbeat({ ...job.payload, after_id: lastId }),
      });
      return { ...result, ...(afterId ? { resumed_after_id: afterId } : {}) };
    },
  },
];

/** Upkeep of the reports' daily rollup (docs/reports.md, "How the figures stay fast"). */
export const REPORT_JOBS: JobKind[] = [
  { kind: 'rollup_reports', every: 300, run: async (db) => ({ folded: await foldReportRollup(db) }) },
];

/** Every kind this desk version runs. */
export function deskJobKinds(): JobKind[] {
  return [...SERVICE_LEVEL_JOBS, ...REPORT_JOBS];
}
