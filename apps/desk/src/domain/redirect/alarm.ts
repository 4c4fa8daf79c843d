/**
 * The acknowledgement alarm (the worker's recurring `redirect_ack` job): a redirected ticket the
 * provider has not answered by its due time (the ticket's first-response due time when it was
 * forwarded: the unit's response time under its SLA) is handed back to the first line's
 * attention, once per forward: the claim sets `alerted_at` in the same statement that selects
 * the ticket, so two runs never alert twice; a re-send starts a new wait and a new alarm.
 */
import type { Db } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { alertFirstLine } from './model.ts';

export async function runAckAlarms(db: Db): Promise<{ alerted: number; notified: number }> {
  const at = now();
  return db.tx(async (tx) => {
    const due = await tx.query<{ ticket_id: number; mailing_list: string; forwarded_at: Date | null }>(
      `UPDATE ticket_redirects SET alerted_at = $1, updated_at = $1
        WHERE ticket_id IN (SELECT ticket_id FROM ticket_redirects
                             WHERE status IN ('forwarding', 'forwarded') AND alerted_at IS NULL AND ack_due_at <= $1
                             ORDER BY ack_due_at LIMIT 200 FOR UPDATE SKIP LOCKED)
        RETURNING ticket_id, mailing_list, forwarded_at`,
      [at],
    );
    let notified = 0;
    for (const r of due) {
      const since = r.forwarded_at ? ` since ${new Date(r.forwarded_at).toISOString()}` : '';
      notified += await alertFirstLine(
        tx,
        r.ticket_id,
        `No acknowledgement from ${r.mailing_list}${since} within the response time. Re-send the forward or take the ticket over.`,
        'no_acknowledgement',
      );
    }
    return { alerted: due.length, notified };
  });
}
