import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isForbiddenAddress } from '../src/domain/webhooks/address.ts';
import { configureWebhooks } from '../src/domain/webhooks/config.ts';
import { deskJobKinds } from '../src/jobs/kinds.ts';
import { Worker } from '../src/jobs/worker.ts';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json } from './ticket-fixtures.ts';

/*
 * Webhooks (issue 14, point 5) against a real local HTTP receiver (node:http): a trigger's call is
 * signed as Zammad signs it (X-Hub-Signature, HMAC-SHA1), retried through the worker after a
 * failure with the same delivery id, and every attempt is in the delivery log; private targets
 * are refused unless allowed (WEBHOOK_ALLOW_HOSTS); secrets never come back in replies.
 */

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

const hits: Hit[] = [];
/** Statuses the receiver answers with, in turn; 200 once they run out. */
const answers: number[] = [];
let receiver: Server;
let base: string;
let desk: RunningDesk;
let worker: Worker;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'thanks' : 'broken');
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  desk = await startDesk({ webhookAllowHosts: ['127.0.0.1'] });
  worker = new Worker(desk.db, deskJobKinds());
});

afterAll(async () => {
  await desk?.close();
  await new Promise<void>((ok) => (receiver ? receiver.close(() => ok()) : ok()));
});

async function webhook(body: Json): Promise<Json> {
  const res = await call(desk, 'admin', 'POST', '/webhooks', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A trigger calling the webhook for new tickets whose title holds `mark`. */
async function hookTrigger(webhookId: number, mark: string): Promise<Json> {
  const res = await call(desk, 'admin', 'POST', '/triggers', {
    name: `hook ${mark}`,
    condition: {
      'ticket.action': { operator: 'is', value: 'create' },
      'ticket.title': { operator: 'contains', value: mark },
    },
    perform: { 'notification.webhook': { webhook_id: webhookId } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function webhookJob(ticketId: number): Promise<{ id: number; attempts: number }> {
  const rows = await desk.db.query<{ id: number; attempts: number }>(
    `SELECT id, attempts FROM jobs WHERE kind = 'webhook_send' AND (payload->>'ticket_id')::int = $1`,
    [ticketId],
  );
  expect(rows).toHaveLength(1);
  return rows[0] as { id: number; attempts: number };
}

describe('webhooks', () => {
  it('signs the call, retries after a 500 with the same delivery id, and logs every attempt', async () => {
    const mark = `sig-${Date.now()}`;
    const hook = await webhook({ name: mark, endpoint: `${base}/hook?x=1`, signature_token: 'top-secret' });
    expect(hook.signature_token).toBe('**********');
    const trig = await hookTrigger(hook.id, mark);
    const t = await createTicket(desk, 'agent', { title: `Quota ${mark}`, customer: 'customer@example.org' });

    answers.push(500);
    const before = hits.length;
    await worker.runDue();
    const job = await webhookJob(t.id);
    expect(job.attempts).toBe(1);
    const ran = await worker.runNow(job.id);
    expect(ran && ran !== 'busy' ? ran.ran.error : 'busy').toBeUndefined();
    const mine = hits.slice(before);
    expect(mine).toHaveLength(2);
    for (const hit of mine) {
      expect(hit.path).toBe('/hook?x=1');
      expect(hit.headers['x-hub-signature']).toBe(
        `sha1=${createHmac('sha1', 'top-secret').update(hit.body).digest('hex')}`,
      );
      expect(hit.headers['user-agent']).toBe('Zammad User Agent');
      expect(hit.headers['x-zammad-trigger']).toBe(trig.name);
      expect(hit.headers['content-type']).toContain('application/json');
    }
    expect(mine[0]?.headers['x-zammad-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(mine[1]?.headers['x-zammad-delivery']).toBe(mine[0]?.headers['x-zammad-delivery']);
    const payload = JSON.parse(mine[1]?.body ?? '{}');
    expect(payload.ticket).toMatchObject({
      id: t.id,
      number: t.number,
      title: `Quota ${mark}`,
      state: 'new',
    });
    expect(payload.ticket.group).toMatchObject({ name: 'Users' });
    expect(payload.ticket.customer).toMatchObject({ email: 'customer@example.org' });
    expect(payload.ticket.customer).not.toHaveProperty('password');
    expect(payload.article).toMatchObject({ ticket_id: t.id, sender: 'Agent', type: 'note' });
    // Delivered: the job is done.
    expect(await desk.db.query('SELECT 1 FROM jobs WHERE id = $1', [job.id])).toHaveLength(0);

    const log = await call(desk, 'admin', 'GET', `/webhooks/${hook.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.map((d: Json) => [d.attempt, d.status_code])).toEqual([
      [2, 200],
      [1, 500],
    ]);
    expect(log.body[1]).toMatchObject({ ticket_id: t.id, trigger_id: trig.id, error: 'HTTP 500' });
    expect(log.body[0].response_excerpt).toBe('thanks');
  });

  it('sends a custom payload with JSON-escaped values; a masked secret sent back stays as it was', async () => {
    const mark = `custom-${Date.now()}`;
    const hook = await webhook({
      name: mark,
      endpoint: `${base}/custom`,
      signature_token: 'keep-me',
      customized_payload: true,
      custom_payload: '{"text": "#{ticket.title} by #{ticket.customer.email}", "missing": "#{ticket.nope}"}',
    });
    const put = await call(desk, 'admin', 'PUT', `/webhooks/${hook.id}`, {
      signature_token: '**********',
      note: 'n',
    });
    expect(put.status).toBe(200);
    await hookTrigger(hook.id, mark);
    const title = `Say "hi" \\ ${mark}`;
    const t = await createTicket(desk, 'agent', { title, customer: 'customer@example.org' });
    const before = hits.length;
    await worker.runDue();
    const hit = hits.slice(before).find((h) => h.path === '/custom') as Hit;
    expect(JSON.parse(hit.body)).toEqual({ text: `${title} by customer@example.org`, missing: '-' });
    expect(hit.headers['x-hub-signature']).toBe(
      `sha1=${createHmac('sha1', 'keep-me').update(hit.body).digest('hex')}`,
    );

    const preview = await call(desk, 'admin', 'POST', '/webhooks/preview', {
      customized_payload: true,
      custom_payload: '{"n": "#{ticket.number}"}',
      ticket_id: t.id,
    });
    expect(preview.status).toBe(200);
    expect(JSON.parse(preview.body.payload)).toEqual({ n: t.number });
  });

  it('refuses private targets unless allowed, before and at delivery', async () => {
    configureWebhooks({ allowHosts: [] });
    try {
      const refused = await call(desk, 'admin', 'POST', '/webhooks', {
        name: 'private',
        endpoint: `${base}/x`,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toContain('127.0.0.1 is a private, loopback or reserved address');
      // A name is checked when it is called: `localhost` resolves to loopback.
      const mark = `ssrf-${Date.now()}`;
      const port = new URL(base).port;
      const hook = await webhook({ name: mark, endpoint: `http://localhost:${port}/ssrf` });
      await hookTrigger(hook.id, mark);
      const t = await createTicket(desk, 'agent', { title: mark, customer: 'customer@example.org' });
      const before = hits.length;
      await worker.runDue();
      expect(hits.slice(before).filter((h) => h.path === '/ssrf')).toHaveLength(0);
      const log = await call(desk, 'admin', 'GET', `/webhooks/${hook.id}/deliveries`);
      expect(log.body[0]).toMatchObject({ ticket_id: t.id, status_code: null });
      expect(log.body[0].error).toMatch(/refused: localhost resolves to (127\.0\.0\.1|::1)/);
    } finally {
      configureWebhooks({ allowHosts: ['127.0.0.1'] });
    }
  });

  it('knows which addresses are private', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::',
      '::1',
      '::ffff:10.0.0.1',
      '::ffff:a00:1',
      '::ffff:7f00:1',
      'fd00::1',
      'fe80::1',
      'ff02::1',
    ])
      expect(isForbiddenAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isForbiddenAddress(a), a).toBe(false);
  });

  it('checks endpoints and permissions', async () => {
    for (const endpoint of ['not a url', 'ftp://example.org/x', 'https://user:pw@example.org/'])
      expect(
        (await call(desk, 'admin', 'POST', '/webhooks', { name: `e ${endpoint}`, endpoint })).status,
      ).toBe(422);
    expect(
      (
        await call(desk, 'admin', 'POST', '/webhooks', {
          name: 'json',
          endpoint: `${base}/j`,
          custom_payload: '{x',
        })
      ).status,
    ).toBe(422);
    expect((await call(desk, 'agent', 'GET', '/webhooks')).status).toBe(403);
    expect(
      (await call(desk, 'agent', 'POST', '/webhooks', { name: 'a', endpoint: `${base}/a` })).status,
    ).toBe(403);
    expect((await call(desk, 'agent', 'GET', '/webhooks/1/deliveries')).status).toBe(403);
    expect((await call(desk, 'admin', 'GET', '/webhooks')).status).toBe(200);
    expect((await call(desk, 'admin', 'GET', '/webhooks/999999/deliveries')).status).toBe(404);
  });

  it('refuses to delete a webhook a trigger uses', async () => {
    const mark = `del-${Date.now()}`;
    const hook = await webhook({ name: mark, endpoint: `${base}/d` });
    const trig = await hookTrigger(hook.id, mark);
    const refused = await call(desk, 'admin', 'DELETE', `/webhooks/${hook.id}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toContain(trig.name);
    expect((await call(desk, 'admin', 'DELETE', `/triggers/${trig.id}`)).status).toBe(200);
    expect((await call(desk, 'admin', 'DELETE', `/webhooks/${hook.id}`)).status).toBe(200);
  });
});
