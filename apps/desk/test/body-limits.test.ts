import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk({ maxBodyBytes: 2 * 1024 * 1024 });
});
afterAll(async () => {
  await desk?.close();
});

const big = (bytes: number) => 'x'.repeat(bytes);

describe('request bodies are bounded before they are read', () => {
  it.each([
    ['/users/password_reset', { username: big(200_000) }],
    ['/users', { signup: true, email: 'a@b.example', password: big(200_000) }],
    ['/users/email_verify', { token: big(200_000) }],
  ])('anonymous %s over 64 KB: 413', async (path, body) => {
    const res = await desk.api(path, { method: 'POST', body: JSON.stringify(body), contract: false });
    expect(res.status).toBe(413);
    expect((await json(res)).error).toBe('Request Entity Too Large');
  });

  it('with credentials: up to the configured size, then 413 ', async () => {
    const ok = await desk.api('/tickets', {
      as: 'customer',
      method: 'POST',
      body: JSON.stringify({ title: 'big', group: 'Users', article: { body: big(1024 * 1024) } }),
    });
    expect(ok.status).toBe(201);
    // The desk answers 413 and may close the connection before the client has sent everything.
    const refused = (p: Promise<Response>) =>
      p.then(
        (r) => r.status,
        () => 'closed',
      );
    const tooBig = await refused(
      desk.api('/tickets', {
        as: 'customer',
        method: 'POST',
        body: JSON.stringify({ title: 'bigger', group: 'Users', article: { body: big(3 * 1024 * 1024) } }),
        contract: false,
      }),
    );
    expect([413, 'closed']).toContain(tooBig);
    const [row] = await desk.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM tickets WHERE title = 'bigger'",
    );
    expect(row?.n).toBe(0);
    expect((await desk.api('/users/me', { as: 'customer' })).status).toBe(200);
  });

  it('refuses JSON nested deeper than 32 levels (422), without a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const res = await desk.api('/tickets', { as: 'customer', method: 'POST', body: deep, contract: false });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toMatch(/deeper than 32/);
  });
});
