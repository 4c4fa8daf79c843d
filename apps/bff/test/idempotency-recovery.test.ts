import { bypass, delay, HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

/*
 * The ambiguous failure: the desk writes, but its reply comes after the BFF's timeout (504).
 * MSW lets the real call through to the real desk and holds the reply back.
 */
const desk = inject('desk');
const server = setupServer();
let bff: RunningBff;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  bff = await startBff({ upstreamTimeoutMs: 1000 });
});
afterAll(async () => {
  server.close();
  await bff?.close();
});

afterEach(() => server.resetHandlers());

/** The first matching call reaches the desk, but its reply is held past the BFF's timeout. */
const writesThenStalls = (path: string) => {
  let used = false;
  return http.post(`${desk.url}/api/v1${path}`, async ({ request }) => {
    if (used) return passthrough();
    used = true;
    const res = await fetch(bypass(request));
    const body = await res.arrayBuffer();
    await delay(1500);
    return new HttpResponse(body, { status: res.status, headers: res.headers });
  });
};

describe('a retry after a timeout that wrote upstream after all', () => {
  it('finds the ticket instead of opening a second one', async () => {
    const c = new Browser(bff.url);
    await c.signIn(DEMO.customer);
    const title = `stalled create ${Date.now()}`;
    const headers = { 'Idempotency-Key': `stall-create-${Date.now()}` };
    server.use(writesThenStalls('/tickets'));
    const first = await c.request('/bff/tickets', { method: 'POST', body: { title, body: 'x' }, headers });
    expect(first.status).toBe(504);
    const retry = await c.request('/bff/tickets', { method: 'POST', body: { title, body: 'x' }, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.title).toBe(title);
    const list = await c.request(`/bff/tickets?q=${encodeURIComponent(title)}`);
    expect(list.body.total_count).toBe(1);
    expect(list.body.items[0].id).toBe(retry.body.id);
  });

  it('finds the reply instead of writing it twice', async () => {
    const c = new Browser(bff.url);
    await c.signIn(DEMO.customer);
    const t = await c.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'stalled reply', body: 'x' },
    });
    const headers = { 'Idempotency-Key': `stall-reply-${Date.now()}` };
    server.use(writesThenStalls('/ticket_articles'));
    const path = `/bff/tickets/${t.body.id}/articles`;
    const first = await c.request(path, { method: 'POST', body: { body: 'only once please' }, headers });
    expect(first.status).toBe(504);
    const retry = await c.request(path, { method: 'POST', body: { body: 'only once please' }, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const detail = await c.request(`/bff/tickets/${t.body.id}`);
    expect(detail.body.articles.filter((a: { body: string }) => a.body === 'only once please')).toHaveLength(
      1,
    );
  });

  it('writes on the retry when the timed-out attempt wrote nothing', async () => {
    const c = new Browser(bff.url);
    await c.signIn(DEMO.customer);
    const title = `never arrived ${Date.now()}`;
    const headers = { 'Idempotency-Key': `lost-${Date.now()}` };
    let used = false;
    server.use(
      http.post(`${desk.url}/api/v1/tickets`, async () => {
        if (used) return passthrough();
        used = true;
        await delay(1500);
        return HttpResponse.json({ error: 'too late' }, { status: 500 });
      }),
    );
    expect(
      (await c.request('/bff/tickets', { method: 'POST', body: { title, body: 'x' }, headers })).status,
    ).toBe(504);
    const retry = await c.request('/bff/tickets', { method: 'POST', body: { title, body: 'x' }, headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });
});
