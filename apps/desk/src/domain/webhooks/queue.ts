/** Queuing a webhook call from a trigger (in the change's transaction: an outbox). */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { enqueue } from '../jobs.ts';

export const WEBHOOK_SEND_KIND = 'webhook_send';
/** Attempts before a delivery is given up (back-off 30 s, 1, 2, 4 min: about 8 minutes). */
export const WEBHOOK_MAX_ATTEMPTS = 5;

export async function queueWebhook(
  db: Db,
  d: { webhookId: number; triggerId: number; ticketId: number; articleId: number | null },
): Promise<void> {
  await enqueue(
    db,
    WEBHOOK_SEND_KIND,
    {
      webhook_id: d.webhookId,
      trigger_id: d.triggerId,
      ticket_id: d.ticketId,
      article_id: d.articleId,
      // The `X-Zammad-Delivery` id: one per delivery, the same on every retry.
      delivery_id: randomUUID(),
    },
    { maxAttempts: WEBHOOK_MAX_ATTEMPTS },
  );
}
