import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

/**
 * Sign-up and password reset through the BFF, against a real desk process that mails through
 * SMTP (a local smtp-server sink): the shared test desk runs without mail, so this file starts
 * its own. A second BFF in front of the shared desk covers the no-mail case.
 */

interface Mail {
  to: string;
  subject: string;
  text: string;
}

const inbox: Mail[] = [];
let smtp: SMTPServer;
let desk: ChildProcess;
let dataDir: string;
let bff: RunningBff;
let plainBff: RunningBff;

const TOKEN = 'bff-accounts-service-token-0123456789abcdef';
const PUBLIC_URL = 'http://portal.test';

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => ok(port));
    });
  });
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          const to = Array.isArray(m.to) ? m.to[0] : m.to;
          inbox.push({ to: to?.value[0]?.address ?? '', subject: m.subject ?? '', text: m.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const repo = resolve(import.meta.dirname, '../../..');
  dataDir = mkdtempSync(join(tmpdir(), 'bff-accounts-desk-'));
  const port = await freePort();
  desk = spawn(process.execPath, ['--import', 'tsx', 'apps/desk/src/server.ts'], {
    cwd: repo,
    env: {
      ...process.env,
      DESK_PORT: String(port),
      DATA_DIR: dataDir,
      SEED: 'demo',
      DESK_SERVICE_TOKEN: TOKEN,
      DATABASE_URL: '',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Helpdesk <helpdesk@test>',
      PUBLIC_URL,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 110_000;
  for (;;) {
    if (desk.exitCode !== null) throw new Error(`the desk exited with ${desk.exitCode}`);
    const up = await fetch(`${url}/api/v1/users/me`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error('the desk did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  bff = await startBff({ zammadUrl: url, zammadToken: TOKEN });
  plainBff = await startBff();
}, 120_000);

afterAll(async () => {
  await Promise.all([bff?.close(), plainBff?.close()]);
  if (desk && desk.exitCode === null) {
    desk.kill('SIGTERM');
    await new Promise((r) => desk.once('exit', r));
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await new Promise<void>((ok) => (smtp ? smtp.close(() => ok()) : ok()));
});

function tokenFrom(address: string, path: string): string {
  const mail = inbox.filter((m) => m.to === address).at(-1);
  if (!mail) throw new Error(`no mail to ${address}`);
  const m = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}${path}([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in ${mail.text}`);
  return m[1] as string;
}

const mailsTo = (address: string) => inbox.filter((m) => m.to === address).length;

describe('sign-up with mail', () => {
  it('confirming an address signs in its owner, never a person whose login is that address', async () => {
    const admin = (path: string, init: RequestInit = {}) =>
      fetch(`${bff.deps.zammadUrl}/api/v1${path}`, {
        ...init,
        headers: {
          Authorization: `Basic ${Buffer.from(`${DEMO.admin.login}:${DEMO.admin.password}`).toString('base64')}`,
          'Content-Type': 'application/json',
        },
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    // An agent whose login happens to be the address a stranger then signs up with.
    const agent = await admin('/users', {
      method: 'POST',
      body: JSON.stringify({
        login: 'mallory@example.org',
        email: 'real-agent@example.org',
        firstname: 'Real',
        password: 'Agent-pass-1234',
        roles: ['Agent'],
      }),
    });
    expect(agent.status).toBe(201);
    expect(agent.body.login).toBe('mallory@example.org');
    const b = new Browser(bff.url);
    const res = await b.request('/bff/signup', {
      method: 'POST',
      body: { firstname: 'Mallory', email: 'mallory@example.org', password: 'MallorysPass12' },
    });
    expect(res.status).toBe(201);
    const token = tokenFrom('mallory@example.org', '/signup/verify/');
    const ok = await b.request('/bff/signup/verify', { method: 'POST', body: { token } });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: 'mallory@example.org', is_agent: false });
    expect(ok.body.user.id).not.toBe(agent.body.id);
    expect((await b.request('/bff/agent/overviews')).status).toBe(403);
  });

  it('signs up, refuses sign-in until the mailed link is opened, then signs the person in', async () => {
    const b = new Browser(bff.url);
    const res = await b.request('/bff/signup', {
      method: 'POST',
      body: {
        firstname: 'Sam',
        lastname: 'Signup',
        email: 'Sam.Signup@Example.org',
        password: 'SamsPassword12',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ verify_email: true });
    expect(b.cookie).toBe('');

    const early = await b.request('/bff/session', {
      method: 'POST',
      body: { login: 'sam.signup@example.org', password: 'SamsPassword12' },
    });
    expect(early.status).toBe(401);

    const bad = await b.request('/bff/signup/verify', { method: 'POST', body: { token: 'forged' } });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('invalid_token');

    const token = tokenFrom('sam.signup@example.org', '/signup/verify/');
    const ok = await b.request('/bff/signup/verify', { method: 'POST', body: { token } });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({
      email: 'sam.signup@example.org',
      name: 'Sam Signup',
      roles: ['Customer'],
      is_agent: false,
    });
    expect(b.cookie).not.toBe('');
    const me = await b.request('/bff/session');
    expect(me.body.user.email).toBe('sam.signup@example.org');
    const tickets = await b.request('/bff/tickets');
    expect(tickets.status).toBe(200);

    const again = await new Browser(bff.url).request('/bff/signup/verify', {
      method: 'POST',
      body: { token },
    });
    expect(again.status).toBe(422);

    const signIn = await new Browser(bff.url).request('/bff/session', {
      method: 'POST',
      body: { login: 'sam.signup@example.org', password: 'SamsPassword12' },
    });
    expect(signIn.status).toBe(200);
  });

  it('mails in the interface language', async () => {
    await new Browser(bff.url).request('/bff/signup', {
      method: 'POST',
      body: { email: 'deutsch@example.org', password: 'DeutschPass12', language: 'de' },
    });
    expect(inbox.filter((m) => m.to === 'deutsch@example.org').at(-1)?.subject).toBe(
      'Bestätigen Sie Ihr Konto beim EOSC Helpdesk',
    );
    const resend = await new Browser(bff.url).request('/bff/signup/resend', {
      method: 'POST',
      body: { email: 'deutsch@example.org' },
    });
    expect(resend.body).toEqual({ message: 'ok' });
    expect(mailsTo('deutsch@example.org')).toBe(2);
  });

  it('answers a taken address like a new one (no enumeration)', async () => {
    const res = await new Browser(bff.url).request('/bff/signup', {
      method: 'POST',
      body: { email: DEMO.customer.login, password: 'Whatever1234AB' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ verify_email: true });
  });

  it('turns the password policy and bad input into clear errors', async () => {
    const weak = await new Browser(bff.url).request('/bff/signup', {
      method: 'POST',
      body: { email: 'weak@example.org', password: 'short' },
    });
    expect(weak.status).toBe(422);
    expect(weak.body).toMatchObject({
      code: 'weak_password',
      error: 'Invalid password, it must be at least 10 characters long!',
    });
    const bad = await new Browser(bff.url).request('/bff/signup', {
      method: 'POST',
      body: { email: 'not an address', password: 'GoodPassword12' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_input', error: 'email: Enter a valid e-mail address.' });
  });

  it('checks the Origin and the CSRF header', async () => {
    const foreign = await fetch(`${bff.url}/bff/password-reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example', 'X-EOSC-CSRF': '1' },
      body: JSON.stringify({ username: 'customer@example.org' }),
    });
    expect(foreign.status).toBe(403);
    const noHeader = await new Browser(bff.url).request('/bff/signup', {
      method: 'POST',
      body: { email: 'csrf@example.org', password: 'GoodPassword12' },
      csrf: false,
    });
    expect(noHeader.status).toBe(403);
  });
});

describe('password reset with mail', () => {
  it('mails a link, checks it, refuses a weak password, sets a strong one once', async () => {
    const b = new Browser(bff.url);
    const res = await b.request('/bff/password-reset', {
      method: 'POST',
      body: { username: 'agent@example.org' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'ok' });
    const token = tokenFrom('agent@example.org', '/password-reset/');

    const check = await b.request('/bff/password-reset/verify', { method: 'POST', body: { token } });
    expect(check.body).toEqual({ login: 'agent@example.org' });

    const weak = await b.request('/bff/password-reset/verify', {
      method: 'POST',
      body: { token, password: 'abc' },
    });
    expect(weak.status).toBe(422);
    expect(weak.body.code).toBe('weak_password');

    const set = await b.request('/bff/password-reset/verify', {
      method: 'POST',
      body: { token, password: 'AgentReset2024' },
    });
    expect(set.status).toBe(200);
    expect(b.cookie).toBe('');

    const reused = await b.request('/bff/password-reset/verify', {
      method: 'POST',
      body: { token, password: 'AgentReset2025' },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('invalid_token');

    const old = await b.request('/bff/session', { method: 'POST', body: DEMO.agent });
    expect(old.status).toBe(401);
    const fresh = await b.request('/bff/session', {
      method: 'POST',
      body: { login: 'agent@example.org', password: 'AgentReset2024' },
    });
    expect(fresh.status).toBe(200);
  });

  it('answers unknown accounts the same way and mails nothing', async () => {
    const before = inbox.length;
    const res = await new Browser(bff.url).request('/bff/password-reset', {
      method: 'POST',
      body: { username: 'nobody-here@example.org' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'ok' });
    expect(inbox.length).toBe(before);
  });

  it('limits requests per account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await new Browser(bff.url).request('/bff/password-reset', {
        method: 'POST',
        body: { username: i % 2 ? 'ADMIN@example.org' : 'admin@example.org' },
      });
      statuses.push(res.status);
    }
    // The desk allows 3 a minute per username; the BFF 5 in 15 minutes.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    const res = await new Browser(bff.url).request('/bff/password-reset', {
      method: 'POST',
      body: { username: 'admin@example.org' },
    });
    expect(res.body.code).toBe('rate_limited');
  });
});

describe('without mail', () => {
  it('makes the account usable at once and refuses a taken address', async () => {
    const b = new Browser(plainBff.url);
    const res = await b.request('/bff/signup', {
      method: 'POST',
      body: { firstname: 'Ivy', email: 'ivy.instant@example.org', password: 'IvysPassword12' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ verify_email: false });
    const signIn = await b.request('/bff/session', {
      method: 'POST',
      body: { login: 'ivy.instant@example.org', password: 'IvysPassword12' },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.roles).toEqual(['Customer']);

    const taken = await new Browser(plainBff.url).request('/bff/signup', {
      method: 'POST',
      body: { email: 'IVY.instant@example.org', password: 'IvysPassword12' },
    });
    expect(taken.status).toBe(422);
    expect(taken.body.code).toBe('email_taken');
  });
});
