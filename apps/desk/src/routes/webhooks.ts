import { z } from 'zod';
import { one } from '../db/client.ts';
import { NotFoundError } from '../domain/errors.ts';
import { webhookBody } from '../domain/webhooks/deliver.ts';
import { checkCustomPayload, WEBHOOKS } from '../domain/webhooks/model.ts';
import { requirePermission } from '../http/auth.ts';
import { bool, input, limitOf, nullableText, optionalInt, pathId, text } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { resourceRoutes } from '../http/resource.ts';

const ADMIN = 'admin.webhook';

const WebhookInput = z.looseObject({
  name: text,
  endpoint: text,
  signature_token: nullableText,
  ssl_verify: bool,
  basic_auth_username: nullableText,
  basic_auth_password: nullableText,
  bearer_token: nullableText,
  customized_payload: bool,
  custom_payload: nullableText,
  note: nullableText,
  active: bool,
});

const PreviewInput = z.looseObject({
  customized_payload: bool,
  custom_payload: nullableText,
  ticket_id: optionalInt('ticket_id'),
});

/**
 * Zammad's `/webhooks` (`admin.webhook`), `POST /webhooks/preview` (the body a webhook would
 * send for a ticket: the given one or the newest), and ours: `GET /webhooks/:id/deliveries`, the
 * delivery log (newest first, `limit` up to 200).
 */
export function webhooksRoutes() {
  const admin = requirePermission(ADMIN);
  const app = resourceRoutes({
    ...WEBHOOKS,
    path: 'webhooks',
    permissions: { read: ADMIN, write: ADMIN },
    input: WebhookInput,
  });

  app.post('/webhooks/preview', admin, async (c) => {
    const db = c.get('db');
    const q = await input(c, PreviewInput);
    checkCustomPayload(q.custom_payload);
    const ticket =
      q.ticket_id ?? (await one<{ id: number }>(db, 'SELECT id FROM tickets ORDER BY id DESC LIMIT 1'))?.id;
    if (ticket === undefined) throw new NotFoundError('Ticket');
    const article = await one<{ id: number }>(
      db,
      'SELECT id FROM ticket_articles WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1',
      [ticket],
    );
    const body = await webhookBody(
      db,
      { customized_payload: q.customized_payload === true, custom_payload: q.custom_payload ?? null },
      ticket,
      article?.id ?? null,
    );
    if (body === undefined) throw new NotFoundError('Ticket', ticket);
    return reply(c, { ticket_id: ticket, payload: body });
  });

  app.get('/webhooks/:id{[0-9]+}/deliveries', admin, async (c) => {
    const db = c.get('db');
    const id = pathId(c.req.param('id'), 'Webhook');
    if (!(await one(db, 'SELECT 1 FROM webhooks WHERE id = $1', [id])))
      throw new NotFoundError('Webhook', id);
    const q = await input(c, z.looseObject({ limit: z.unknown().optional() }));
    const rows = await db.query(
      `SELECT id, webhook_id, ticket_id, trigger_id, delivery_id, attempt, status_code, error, response_excerpt,
              request_excerpt, duration_ms, created_at
         FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2`,
      [id, limitOf(q.limit, 50, 200)],
    );
    return reply(
      c,
      rows.map((r) => ({ ...r, id: Number(r.id) })),
    );
  });

  return app;
}
