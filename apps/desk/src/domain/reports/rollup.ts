/**
 * The daily report rollup (migration 0015, docs/reports.md "How the figures stay fast"). Writes
 * append to `report_daily` through triggers; folding merges the appended rows into one row per
 * day and key. Sums are exact folded or not: folding only keeps the table small.
 */
import type { Db } from '../../db/client.ts';

/** Folds the rows appended since the last fold; returns how many rows were folded. */
export async function foldReportRollup(db: Db): Promise<number> {
  const rows = await db.query<{ folded: number }>('SELECT report_daily_compact() AS folded');
  return rows[0]?.folded ?? 0;
}

/** Everything again from tickets and their state history (after a bulk load without triggers). */
export async function rebuildReportRollup(db: Db): Promise<void> {
  await db.query('SELECT report_daily_rebuild()');
}
