import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, json, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;

const send = (method: string, path: string, as: Credentials, body: unknown) =>
  desk.api(path, { as, method, body: JSON.stringify(body) });

async function newToken(as: Credentials, body: Record<string, unknown>): Promise<string> {
  const res = await send('POST', '/user_access_token', as, body);
  expect(res.status).toBe(200);
  const out = await json(res);
  expect(Object.keys(out)).toEqual(['token']);
  expect(typeof out.token).toBe('string');
  return out.token;
}

beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

describe('personal access tokens', () => {
  it('lists own tokens and the grantable permissions (parents disabled)', async () => {
    const res = await desk.api('/user_access_token', { as: 'agent' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.tokens).toEqual([]);
    const names = body.permissions.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['ticket.agent', 'user_preferences', 'user_preferences.access_token']),
    );
    expect(names).not.toContain('admin');
    expect(names).not.toContain('admin.user');
    expect(body.permissions.find((p: { name: string }) => p.name === 'ticket.agent').preferences).toEqual({});
  });

  it('lists the parent of a held permission as disabled', async () => {
    const role = await send('POST', '/roles', 'admin', {
      name: 'Token Customer',
      permissions: ['ticket.customer', 'user_preferences.access_token'],
    });
    expect(role.status).toBe(201);
    const user = await send('POST', '/users', 'admin', {
      email: 'tc@example.org',
      firstname: 'TC',
      password: 'tc-secret-pass',
      roles: ['Token Customer'],
    });
    expect(user.status).toBe(201);
    const body = await json(
      await desk.api('/user_access_token', { as: { basic: ['tc@example.org', 'tc-secret-pass'] } }),
    );
    const byName = Object.fromEntries(body.permissions.map((p: { name: string }) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual([
      'ticket.customer',
      'user_preferences',
      'user_preferences.access_token',
    ]);
    expect(byName.user_preferences.preferences).toEqual({ disabled: true });
    expect(byName['user_preferences.access_token'].preferences).toEqual({});
  });

  it('creates a token shown once (200), stored hashed, and authenticates with it', async () => {
    const token = await newToken('agent', { name: 'ci', permission: ['ticket.agent'], expires_at: null });
    const stored = await desk.db.query<{ token_hash: string }>(
      "SELECT token_hash FROM user_access_tokens WHERE name = 'ci'",
    );
    expect(stored[0]?.token_hash).not.toBe(token);
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await desk.api('/users/me', { as: { token } });
    expect(me.status).toBe(200);
    expect((await json(me)).login).toBe('agent@example.org');
    expect((await desk.api('/tickets', { as: { token } })).status).toBe(200);

    const list = await json(await desk.api('/user_access_token', { as: 'agent' }));
    expect(list.tokens).toHaveLength(1);
    const t = list.tokens[0];
    expect(t).toMatchObject({ name: 'ci', preferences: { permission: ['ticket.agent'] }, expires_at: null });
    expect(t.last_used_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(t.token_hash).toBeUndefined();
    expect(t.token).toBeUndefined();
  });

  it('narrows permissions: a permission the user has but the token lacks gives 403 Token authorization failed.', async () => {
    const token = await newToken('admin', { name: 'narrow', permission: ['ticket.agent'] });
    const denied = await desk.api('/user_access_token', { as: { token } });
    expect(denied.status).toBe(403);
    expect(await json(denied)).toEqual({
      error: 'Token authorization failed.',
      error_human: 'Token authorization failed.',
    });
    expect(denied.headers.get('x-failure')).toBe('Token authorization failed.');
    const adminOnly = await send('POST', '/groups', { token }, { name: 'via token' });
    expect(adminOnly.status).toBe(403);
    expect((await json(adminOnly)).error).toBe('Token authorization failed.');
    // a permission the user does not hold at all is still a user failure
    const agentToken = await newToken('agent', { name: 'agent-wide', permission: ['ticket.agent', 'admin'] });
    const notUser = await send('POST', '/groups', { token: agentToken }, { name: 'via token' });
    expect(notUser.status).toBe(403);
    expect((await json(notUser)).error).toBe('User authorization failed.');
  });

  it('needs user_preferences.access_token (customers lack it)', async () => {
    const res = await desk.api('/user_access_token', { as: 'customer' });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toBe('User authorization failed.');
    const post = await send('POST', '/user_access_token', 'customer', {
      name: 'x',
      permission: ['ticket.customer'],
    });
    expect(post.status).toBe(403);
  });

  it('rejects a missing name and a malformed expiry (422)', async () => {
    const noName = await send('POST', '/user_access_token', 'agent', { permission: ['ticket.agent'] });
    expect(noName.status).toBe(422);
    const badDate = await send('POST', '/user_access_token', 'agent', { name: 'x', expires_at: 'tomorrow' });
    expect(badDate.status).toBe(422);
  });

  it('refuses expired tokens (401 Not authorized (token expired)!)', async () => {
    const token = await newToken('agent', {
      name: 'old',
      permission: ['ticket.agent'],
      expires_at: '2000-01-01',
    });
    const res = await desk.api('/users/me', { as: { token } });
    expect(res.status).toBe(401);
    expect((await json(res)).error).toBe('Not authorized (token expired)!');
  });

  it('deletes own tokens only; a deleted token no longer authenticates', async () => {
    const token = await newToken('agent', { name: 'short-lived', permission: ['ticket.agent'] });
    const mine = (await json(await desk.api('/user_access_token', { as: 'agent' }))).tokens.find(
      (t: { name: string }) => t.name === 'short-lived',
    );
    const foreign = await desk.api(`/user_access_token/${mine.id}`, { as: 'admin', method: 'DELETE' });
    expect(foreign.status).toBe(422);
    expect((await desk.api('/users/me', { as: { token } })).status).toBe(200);

    const del = await desk.api(`/user_access_token/${mine.id}`, { as: 'agent', method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await json(del)).toEqual({});
    const gone = await desk.api('/users/me', { as: { token } });
    expect(gone.status).toBe(401);
    expect((await json(gone)).error).toBe("Can't find User for Token");
  });

  it('refuses tokens of an inactive user with the login-failed message (401)', async () => {
    const user = await json(
      await send('POST', '/users', 'admin', {
        email: 'leaver@example.org',
        firstname: 'Leaver',
        password: 'leaver-secret-pass',
        roles: ['Agent'],
      }),
    );
    const creds: Credentials = { basic: ['leaver@example.org', 'leaver-secret-pass'] };
    const token = await newToken(creds, { name: 'leaver', permission: ['ticket.agent'] });
    expect((await desk.api('/users/me', { as: { token } })).status).toBe(200);
    expect((await send('PUT', `/users/${user.id}`, 'admin', { active: false })).status).toBe(200);
    for (const as of [{ token }, creds] as Credentials[]) {
      const res = await desk.api('/users/me', { as });
      expect(res.status).toBe(401);
      expect((await json(res)).error).toBe(
        'Login failed. Have you double-checked your credentials and completed the email verification step?',
      );
    }
  });
});
