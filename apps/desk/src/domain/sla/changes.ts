import type { Db } from '../../db/client.ts';
import { enqueue } from '../jobs.ts';
import { syncQosSlas } from './qos.ts';

/** The worker's kind that recomputes every open ticket's due times (src/jobs/kinds.ts). */
export const RECOMPUTE_KIND = 'recompute_escalations';

/**
 * After a calendar, an SLA or a unit changed: the QoS SLAs follow the units, and the worker
 * recomputes the open tickets' due times in batches, soon (requests asking twice before it
 * starts share one run).
 */
export async function afterServiceLevelChange(db: Db, actorId: number, reason: string): Promise<void> {
  await syncQosSlas(db, actorId);
  await enqueue(db, RECOMPUTE_KIND, { reason }, { coalesce: true });
}
