import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type RunningDesk, SERVICE_TOKEN, startDesk } from './harness.ts';

let desk: RunningDesk;
let seq = 0;

async function newUser(extra: Record<string, unknown> = {}) {
  seq += 1;
  const email = `hard${seq}-${Date.now()}@example.org`;
  const res = await desk.api('/users', {
    as: 'admin',
    method: 'POST',
    body: JSON.stringify({
      email,
      firstname: 'Hard',
      password: 'Hard-pass-123',
      roles: ['Customer'],
      ...extra,
    }),
  });
  expect(res.status).toBe(201);
  const body = await json(res);
  return { id: body.id as number, login: body.login as string, email, password: 'Hard-pass-123' };
}

const service = (from?: string) => ({ token: SERVICE_TOKEN, ...(from !== undefined ? { from } : {}) });

beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

describe('From names a person who may act', () => {
  it('refuses a deactivated person (401), as Basic and tokens do', async () => {
    const u = await newUser();
    expect((await desk.api('/users/me', { as: service(String(u.id)) })).status).toBe(200);
    await desk.api(`/users/${u.id}`, { as: 'admin', method: 'PUT', body: JSON.stringify({ active: false }) });
    const res = await desk.api('/users/me', { as: service(String(u.id)) });
    expect(res.status).toBe(401);
    expect((await json(res)).error).toMatch(/Login failed/);
    expect((await desk.api('/users/me', { as: service(u.email) })).status).toBe(401);
  });

  it('an id names that user even when another login is that number; a login match wins over an e-mail match', async () => {
    const admin = await json(await desk.api('/users/me', { as: 'admin' }));
    const numeric = await newUser({ login: String(admin.id) });
    // All digits: the id first (Zammad's order), so the admin, not the person whose login is the number.
    expect((await json(await desk.api('/users/me', { as: service(String(admin.id)) }))).id).toBe(admin.id);
    // Named by id, the person with the numeric login is themself.
    expect((await json(await desk.api('/users/me', { as: service(String(numeric.id)) }))).id).toBe(
      numeric.id,
    );
    const a = await newUser({ login: `a-login-${Date.now()}` });
    const b = await newUser({ login: a.email });
    expect(b.login).toBe(a.email);
    expect((await json(await desk.api('/users/me', { as: service(` ${a.email.toUpperCase()} `) }))).id).toBe(
      b.id,
    );
  });
});

describe('session epochs (EOSC extension)', () => {
  const state = async (
    id: number,
    as: Parameters<RunningDesk['api']>[1] extends infer I
      ? I extends { as?: infer A }
        ? A
        : never
      : never = service(),
  ) => json(await desk.api(`/users/${id}/sessions`, { as }));

  it('move on password change, deactivation and "end all sessions"', async () => {
    const u = await newUser();
    expect(await state(u.id)).toMatchObject({
      user_id: u.id,
      active: true,
      session_epoch: 0,
      sessions_revoked_at: null,
    });
    await desk.api(`/users/${u.id}`, {
      as: 'admin',
      method: 'PUT',
      body: JSON.stringify({ firstname: 'Renamed' }),
    });
    expect((await state(u.id)).session_epoch).toBe(0);
    await desk.api(`/users/${u.id}`, {
      as: 'admin',
      method: 'PUT',
      body: JSON.stringify({ password: 'Other-pass-456' }),
    });
    expect((await state(u.id)).session_epoch).toBe(1);
    const ended = await desk.api(`/users/${u.id}/sessions`, {
      as: { basic: [u.email, 'Other-pass-456'] },
      method: 'DELETE',
    });
    expect(ended.status).toBe(200);
    expect((await json(ended)).session_epoch).toBe(2);
    await desk.api(`/users/${u.id}`, { as: 'admin', method: 'PUT', body: JSON.stringify({ active: false }) });
    expect(await state(u.id)).toMatchObject({ active: false, session_epoch: 3 });
  });

  it('are the person’s own or an admin’s business', async () => {
    const u = await newUser();
    const other = await newUser();
    expect(
      (await desk.api(`/users/${other.id}/sessions`, { as: { basic: [u.email, u.password] } })).status,
    ).toBe(403);
    expect(
      (
        await desk.api(`/users/${other.id}/sessions`, {
          as: { basic: [u.email, u.password] },
          method: 'DELETE',
        })
      ).status,
    ).toBe(403);
    expect((await desk.api(`/users/${other.id}/sessions`, { as: 'admin', method: 'DELETE' })).status).toBe(
      200,
    );
    expect((await desk.api('/users/999999/sessions', { as: 'admin' })).status).toBe(404);
  });
});

describe('Basic sign-in', () => {
  const basic = (login: string, password: string) =>
    desk.api('/users/me', { as: { basic: [login, password] }, contract: false });

  it('counts failures per login in the database and answers 429 once the limit is reached, even to the right password', async () => {
    const u = await newUser();
    for (let i = 0; i < 10; i++) expect((await basic(u.email, 'wrong')).status).toBe(401);
    const locked = await basic(u.email, u.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const [row] = await desk.db.query<{ count: number }>('SELECT count FROM auth_throttles WHERE key = $1', [
      `basic:${u.email}`,
    ]);
    expect(row?.count).toBe(10);
    // Another login is not affected.
    const v = await newUser();
    expect((await basic(v.email, v.password)).status).toBe(200);
  });

  it('a burst of parallel guesses is checked one at a time: no more than the limit is ever tried', async () => {
    const u = await newUser();
    const replies = await Promise.all(Array.from({ length: 25 }, () => basic(u.email, 'wrong')));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('a success clears the count', async () => {
    const u = await newUser();
    for (let i = 0; i < 5; i++) await basic(u.email, 'wrong');
    expect((await basic(u.email, u.password)).status).toBe(200);
    expect(
      await desk.db.query('SELECT 1 FROM auth_throttles WHERE key = $1', [`basic:${u.email}`]),
    ).toHaveLength(0);
  });

  it('an unknown login takes as long as a wrong password', async () => {
    const u = await newUser();
    const time = async (login: string) => {
      const t = performance.now();
      await basic(login, 'wrong-password');
      return performance.now() - t;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await time(`nobody-${i}-${Date.now()}@example.org`));
      wrong.push(await time(u.email));
    }
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });
});

describe('Basic credentials remembered for a minute (http/basic-cache.ts)', () => {
  const basic = (login: string, password: string) =>
    desk.api('/users/me', { as: { basic: [login, password] }, contract: false });

  it('a password change ends the remembered sign-in at once; the new password works', async () => {
    const u = await newUser();
    expect((await basic(u.email, u.password)).status).toBe(200);
    expect((await basic(u.email, u.password)).status).toBe(200); // from the cache
    await desk.api(`/users/${u.id}`, {
      as: 'admin',
      method: 'PUT',
      body: JSON.stringify({ password: 'Changed-pass-789' }),
    });
    expect((await basic(u.email, u.password)).status).toBe(401);
    expect((await basic(u.email, 'Changed-pass-789')).status).toBe(200);
  });

  it('a change written by another desk process (straight to the database) is seen too', async () => {
    const u = await newUser();
    expect((await basic(u.email, u.password)).status).toBe(200);
    await desk.db.query('UPDATE users SET active = false WHERE id = $1', [u.id]);
    expect((await basic(u.email, u.password)).status).toBe(401);
  });

  it('deactivation and a lost role end it at once', async () => {
    const u = await newUser({ roles: ['Agent'] });
    expect((await desk.api('/tickets', { as: { basic: [u.email, u.password] } })).status).toBe(200);
    await desk.api(`/users/${u.id}`, {
      as: 'admin',
      method: 'PUT',
      body: JSON.stringify({ roles: ['Customer'] }),
    });
    const me = await json(await basic(u.email, u.password));
    expect(me.role_ids).not.toContain(2);
    await desk.api(`/users/${u.id}`, { as: 'admin', method: 'PUT', body: JSON.stringify({ active: false }) });
    expect((await basic(u.email, u.password)).status).toBe(401);
  });

  it('a failure since sends the right password through the full check, which clears the count', async () => {
    const u = await newUser();
    expect((await basic(u.email, u.password)).status).toBe(200);
    expect((await basic(u.email, 'wrong')).status).toBe(401);
    expect((await basic(u.email, u.password)).status).toBe(200);
    expect(
      await desk.db.query('SELECT 1 FROM auth_throttles WHERE key = $1', [`basic:${u.email}`]),
    ).toHaveLength(0);
  });

  it('a locked login stays locked for the remembered password', async () => {
    const u = await newUser();
    expect((await basic(u.email, u.password)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await basic(u.email, 'wrong')).status).toBe(401);
    expect((await basic(u.email, u.password)).status).toBe(429);
  });

  it('turning API password access off refuses remembered sign-ins too', async () => {
    const u = await newUser();
    expect((await basic(u.email, u.password)).status).toBe(200);
    await desk.db.query(`UPDATE settings SET value = 'false'::jsonb WHERE name = 'api_password_access'`);
    try {
      const res = await basic(u.email, u.password);
      expect(res.status).toBe(403);
      expect((await json(res)).error).toBe('API password access disabled!');
    } finally {
      await desk.db.query(`UPDATE settings SET value = 'true'::jsonb WHERE name = 'api_password_access'`);
    }
  });
});
