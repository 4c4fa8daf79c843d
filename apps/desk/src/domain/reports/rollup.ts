/**
 * The daily report rollup (migration 0015, docs/reports.md "How the figures stay fast"). Writes
 * append to `report_daily` through triggers; folding merges the appended rows into one row per
 * day and key. Sums are exact folded or not: folding only keeps the table small. The agents'
 * answers per ticket and day (`report_answers`, migration 0016) are kept by triggers too.
 */
import type { Db } from '../../db/client.ts';

/** Folds the rows appended since the last fold; returns how many rows were folded. */
export async function foldReportRollup(db: Db): Promise<number> {
  const rows = await db.query<{ folded: number }>('SELECT report_daily_compact() AS folded');
  return rows[0]?.folded ?? 0;
}

/** Everything again from tickets, their state history and articles (after a bulk load without triggers). */
export async function rebuildReportRollup(db: Db): Promise<void> {
  await db.query('SELECT report_daily_rebuild()');
  await db.query('SELECT report_answers_rebuild()');
}

const TRIGGERS: [table: string, trigger: string][] = [
  ['tickets', 'report_daily_ticket_insert'],
  ['tickets', 'report_daily_ticket_update'],
  ['tickets', 'report_daily_ticket_delete'],
  ['histories', 'report_daily_history_insert'],
  ['histories', 'report_daily_history_update'],
  ['histories', 'report_daily_history_delete'],
  ['ticket_articles', 'report_answers_article_insert'],
  ['ticket_articles', 'report_answers_article_update'],
  ['ticket_articles', 'report_answers_article_delete'],
  ['tickets', 'report_answers_ticket_update'],
];

/**
 * Runs a bulk load (thousands of tickets in a few statements) with the rollup's triggers off,
 * then rebuilds the rollup in one pass: the triggers work a ticket at a time. Inside a
 * transaction (`db` bound to one), everything is one unit: nobody sees the triggers off.
 */
export async function withoutRollupTriggers<T>(db: Db, load: () => Promise<T>): Promise<T> {
  const set = (verb: 'ENABLE' | 'DISABLE') =>
    db.exec(
      TRIGGERS.map(([table, trigger]) => `ALTER TABLE ${table} ${verb} TRIGGER ${trigger};`).join('\n'),
    );
  await set('DISABLE');
  try {
    return await load();
  } finally {
    await set('ENABLE');
    await rebuildReportRollup(db);
  }
}
