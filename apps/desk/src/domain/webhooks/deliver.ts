/**
 * The `webhook_send` job: builds the body (Zammad's default payload, or the webhook's custom
 * template with JSON-escaped values) from the records as they are when it runs, calls the
 * endpoint, and logs the attempt in `webhook_deliveries`. A non-2xx answer or a failed call
 * throws, so the worker retries with back-off; a refused target (SSRF guard) is logged and
 * retried too, since an admin may allow the host meanwhile.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import type { JobRow } from '../jobs.ts';
import type { Row } from '../shapes.ts';
import { configValues } from '../triggers/config.ts';
import { loadRecords, templateContext, webhookPayload } from '../triggers/records.ts';
import { renderJson } from '../triggers/template.ts';
import { webhookConfig } from './config.ts';
import { callWebhook } from './request.ts';

export interface WebhookRow {
  id: number;
  name: string;
  endpoint: string;
  signature_token: string | null;
  ssl_verify: boolean;
  basic_auth_username: string | null;
  basic_auth_password: string | null;
  bearer_token: string | null;
  customized_payload: boolean;
  custom_payload: string | null;
  active: boolean;
}

const excerpt = (s: string | null | undefined, n: number) => (s ? s.slice(0, n) : null);

/** The API base URL for attachment links in payloads (the desk's API behind the web app). */
function apiBase(): string {
  const c = configValues();
  return `${c.http_type}://${c.fqdn}/api/v1`;
}

/** The body a webhook sends for a ticket (and article); also what `POST /webhooks/preview` shows. */
export async function webhookBody(
  db: Db,
  hook: Pick<WebhookRow, 'customized_payload' | 'custom_payload'>,
  ticketId: number,
  articleId: number | null,
): Promise<string | undefined> {
  const records = await loadRecords(db, ticketId, articleId);
  if (!records) return undefined;
  if (hook.customized_payload && hook.custom_payload)
    return renderJson(hook.custom_payload, templateContext(records));
  return JSON.stringify(webhookPayload(records, apiBase()));
}

async function log(db: Db, job: JobRow, entry: Row): Promise<void> {
  const p = job.payload;
  await db.query(
    `INSERT INTO webhook_deliveries (webhook_id, ticket_id, trigger_id, delivery_id, attempt, status_code, error,
        response_excerpt, request_excerpt, duration_ms, created_at, updated_at)
     VALUES ($1, (SELECT id FROM tickets WHERE id = $2), (SELECT id FROM triggers WHERE id = $3), $4, $5, $6, $7,
             $8, $9, $10, $11, $11)`,
    [
      p.webhook_id,
      p.ticket_id,
      p.trigger_id,
      p.delivery_id,
      job.attempts + 1,
      entry.status_code ?? null,
      entry.error ?? null,
      entry.response_excerpt ?? null,
      entry.request_excerpt ?? null,
      entry.duration_ms ?? null,
      now(),
    ],
  );
}

export async function sendWebhook(db: Db, job: JobRow): Promise<Row> {
  const p = job.payload;
  const hook = await one<WebhookRow>(db, 'SELECT * FROM webhooks WHERE id = $1 AND active', [p.webhook_id]);
  if (!hook) return { skipped: 'the webhook is gone or inactive' };
  const trigger = await one<{ name: string }>(db, 'SELECT name FROM triggers WHERE id = $1', [p.trigger_id]);
  const articleId = p.article_id === null || p.article_id === undefined ? null : Number(p.article_id);
  const body = await webhookBody(db, hook, Number(p.ticket_id), articleId);
  if (body === undefined) return { skipped: 'the ticket is gone' };
  const cfg = webhookConfig();
  const started = performance.now();
  let status: number | undefined;
  let answer: string | undefined;
  try {
    const res = await callWebhook({
      endpoint: hook.endpoint,
      body,
      triggerName: trigger?.name ?? '',
      deliveryId: String(p.delivery_id),
      signatureToken: hook.signature_token || null,
      sslVerify: hook.ssl_verify,
      basicAuth: hook.basic_auth_username
        ? { username: hook.basic_auth_username, password: hook.basic_auth_password ?? '' }
        : null,
      bearerToken: hook.bearer_token || null,
      allowHosts: cfg.allowHosts,
      timeoutMs: cfg.timeoutMs,
    });
    status = res.status;
    answer = res.body;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await log(db, job, {
      error: message.slice(0, 500),
      request_excerpt: excerpt(body, 2000),
      duration_ms: Math.round(performance.now() - started),
    });
    throw err;
  }
  const ok = status >= 200 && status < 300;
  await log(db, job, {
    status_code: status,
    error: ok ? null : `HTTP ${status}`,
    response_excerpt: excerpt(answer, 1000),
    request_excerpt: excerpt(body, 2000),
    duration_ms: Math.round(performance.now() - started),
  });
  if (!ok) throw new Error(`${hook.endpoint} answered ${status}`);
  return { delivered: 1, status };
}
