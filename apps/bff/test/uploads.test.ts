import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
const other = {
  login: `uploads.other.${Date.now()}@example.net`,
  password: 'other-customer-pass-1',
};

beforeAll(async () => {
  bff = await startBff();
  const created = await deskAs(DEMO.admin.login, DEMO.admin.password, '/users', {
    method: 'POST',
    body: JSON.stringify({
      firstname: 'Other',
      lastname: 'Customer',
      email: other.login,
      login: other.login,
      password: other.password,
      roles: ['Customer'],
    }),
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  expect((await b.signIn(who)).status).toBe(200);
  return b;
}

/** A multipart upload the way the browser sends it. */
async function upload(
  b: Browser,
  file: { name: string; type: string; data: Uint8Array<ArrayBuffer> },
  init: { csrf?: boolean } = {},
) {
  const form = new FormData();
  form.append('file', new Blob([file.data], { type: file.type }), file.name);
  const headers: Record<string, string> = { Origin: b.base, Cookie: b.cookie };
  if (init.csrf !== false) headers['X-EOSC-CSRF'] = '1';
  const res = await fetch(`${b.base}/bff/uploads`, { method: 'POST', headers, body: form });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON replies.
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}

async function download(b: Browser, path: string) {
  const res = await fetch(`${b.base}${path}`, { headers: { Cookie: b.cookie } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe('uploads and attachments', () => {
  it('needs a session and the CSRF header', async () => {
    const anon = new Browser(bff.url);
    expect((await upload(anon, { name: 'a.txt', type: 'text/plain', data: Buffer.from('x') })).status).toBe(
      401,
    );
    const b = await signedIn(DEMO.customer);
    const noCsrf = await upload(
      b,
      { name: 'a.txt', type: 'text/plain', data: Buffer.from('x') },
      { csrf: false },
    );
    expect(noCsrf.status).toBe(403);
  });

  it('opens a ticket with HTML and files; the agent downloads identical bytes', async () => {
    const customer = await signedIn(DEMO.customer);
    const log = randomBytes(300_000);
    const up1 = await upload(customer, {
      name: 'server log.bin',
      type: 'application/octet-stream',
      data: log,
    });
    expect(up1.status).toBe(201);
    expect(up1.body).toMatchObject({
      filename: 'server log.bin',
      size: 300_000,
      content_type: 'application/octet-stream',
    });
    const up2 = await upload(customer, { name: 'screen.png', type: 'image/png', data: PNG });
    expect(up2.status).toBe(201);
    expect((await customer.request('/bff/uploads')).body.items).toHaveLength(2);

    const created = await customer.request('/bff/tickets', {
      method: 'POST',
      body: {
        title: `With files ${Date.now()}`,
        body: '<p>It <strong>breaks</strong> <script>alert(1)</script></p>',
        content_type: 'text/html',
        attachments: [up1.body.id, up2.body.id],
      },
    });
    expect(created.status).toBe(201);
    // Sent files leave the waiting store.
    expect((await customer.request('/bff/uploads')).body.items).toHaveLength(0);

    const agent = await signedIn(DEMO.agent);
    const detail = await agent.request(`/bff/tickets/${created.body.id}`);
    const [article] = detail.body.articles;
    expect(article.content_type).toBe('text/html');
    expect(article.body).toContain('<strong>breaks</strong>');
    expect(article.body).not.toContain('<script');
    expect(article.attachments).toEqual([
      {
        id: expect.any(Number),
        filename: 'server log.bin',
        size: 300_000,
        content_type: 'application/octet-stream',
      },
      { id: expect.any(Number), filename: 'screen.png', size: PNG.length, content_type: 'image/png' },
    ]);

    const base = `/bff/tickets/${created.body.id}/attachments/${article.id}`;
    const bin = await download(agent, `${base}/${article.attachments[0].id}`);
    expect(bin.res.status).toBe(200);
    expect(Buffer.from(bin.bytes).equals(log)).toBe(true);
    expect(bin.res.headers.get('content-type')).toBe('application/octet-stream');
    expect(bin.res.headers.get('content-disposition')).toBe(
      `attachment; filename="server log.bin"; filename*=UTF-8''server%20log.bin`,
    );
    expect(bin.res.headers.get('x-content-type-options')).toBe('nosniff');
    // The download's own sandbox policy survives the app's security headers.
    expect(bin.res.headers.get('content-security-policy')).toBe(
      "sandbox; default-src 'none'; img-src 'self'",
    );

    const img = await download(agent, `${base}/${article.attachments[1].id}`);
    expect(Buffer.from(img.bytes).equals(PNG)).toBe(true);
    expect(img.res.headers.get('content-type')).toBe('image/png');
    expect(img.res.headers.get('content-disposition')).toMatch(/^inline; filename="screen.png"/);
    const forced = await download(agent, `${base}/${article.attachments[1].id}?download=1`);
    expect(forced.res.headers.get('content-disposition')).toMatch(/^attachment;/);

    // The customer downloads their own file too; another customer gets nothing.
    expect((await download(customer, `${base}/${article.attachments[0].id}`)).res.status).toBe(200);
    const stranger = await signedIn(other);
    const refused = await download(stranger, `${base}/${article.attachments[0].id}`);
    expect([403, 404]).toContain(refused.res.status);
    expect(refused.res.headers.get('content-type')).toMatch(/application\/json/);
  });

  it("does not let anyone use or remove another person's upload", async () => {
    const mine = await signedIn(DEMO.customer);
    const up = await upload(mine, { name: 'mine.txt', type: 'text/plain', data: Buffer.from('mine') });
    const stranger = await signedIn(other);
    expect((await stranger.request(`/bff/uploads/${up.body.id}`, { method: 'DELETE' })).status).toBe(404);
    const used = await stranger.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'Borrowed file', body: 'see attached', attachments: [up.body.id] },
    });
    expect(used.status).toBe(422);
    expect(used.body.code).toBe('upload_gone');
    expect((await mine.request(`/bff/uploads/${up.body.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await mine.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'Removed file', body: 'see attached', attachments: [up.body.id] },
    });
    expect(gone.status).toBe(422);
  });

  it("hides an internal note's attachments from the customer", async () => {
    const customer = await signedIn(DEMO.customer);
    const created = await customer.request('/bff/tickets', {
      method: 'POST',
      body: { title: `Internal files ${Date.now()}`, body: 'Hello' },
    });
    const agent = await signedIn(DEMO.agent);
    const secret = await upload(agent, {
      name: 'secret.txt',
      type: 'text/plain',
      data: Buffer.from('agents only'),
    });
    const note = await agent.request(`/bff/tickets/${created.body.id}/articles`, {
      method: 'POST',
      body: {
        body: '<p>see file</p>',
        content_type: 'text/html',
        internal: true,
        attachments: [secret.body.id],
      },
    });
    expect(note.status).toBe(201);
    expect(note.body.attachments).toEqual([
      { id: expect.any(Number), filename: 'secret.txt', size: 11, content_type: 'text/plain' },
    ]);
    const pub = await upload(agent, { name: 'answer.txt', type: 'text/plain', data: Buffer.from('for you') });
    const answer = await agent.request(`/bff/tickets/${created.body.id}/articles`, {
      method: 'POST',
      body: { body: 'Here you go', attachments: [pub.body.id] },
    });
    expect(answer.status).toBe(201);

    const seen = await customer.request(`/bff/tickets/${created.body.id}`);
    const ids = seen.body.articles.map((a: { id: number }) => a.id);
    expect(ids).not.toContain(note.body.id);
    const path = `/bff/tickets/${created.body.id}/attachments/${note.body.id}/${note.body.attachments[0].id}`;
    const refused = await download(customer, path);
    expect(refused.res.status).toBe(404);
    expect(Buffer.from(refused.bytes).toString()).not.toContain('agents only');
    expect((await download(agent, path)).res.status).toBe(200);

    const publicPath = `/bff/tickets/${created.body.id}/attachments/${answer.body.id}/${answer.body.attachments[0].id}`;
    const got = await download(customer, publicPath);
    expect(got.res.status).toBe(200);
    expect(Buffer.from(got.bytes).toString()).toBe('for you');
    // An attachment id from another article of the same ticket does not pass.
    const mixed = await download(
      customer,
      `/bff/tickets/${created.body.id}/attachments/${answer.body.id}/${note.body.attachments[0].id}`,
    );
    expect([403, 404]).toContain(mixed.res.status);
  });

  it('refuses a non-file upload and a malformed upload id', async () => {
    const b = await signedIn(DEMO.customer);
    const form = new FormData();
    form.append('file', 'just text');
    const res = await fetch(`${b.base}/bff/uploads`, {
      method: 'POST',
      headers: { Origin: b.base, Cookie: b.cookie, 'X-EOSC-CSRF': '1' },
      body: form,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('invalid_input');
    const bad = await b.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'x', body: 'y', attachments: ['not-an-id'] },
    });
    expect(bad.status).toBe(400);
  });
  // Last: the server answers 413 before reading the body and drops the connection.
  it('refuses a file over 10 MB with a JSON 413, and keeps the 1 MB limit elsewhere', async () => {
    const b = await signedIn(DEMO.customer);
    const big = await upload(b, {
      name: 'big.bin',
      type: 'application/octet-stream',
      data: new Uint8Array(10 * 1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'too_large', error: expect.stringContaining('10 MB') });
    const justFits = await upload(b, { name: 'ok.bin', type: '', data: new Uint8Array(10 * 1024 * 1024) });
    expect(justFits.status).toBe(201);
    expect(justFits.body.content_type).toBe('application/octet-stream');
    expect((await b.request(`/bff/uploads/${justFits.body.id}`, { method: 'DELETE' })).status).toBe(204);
    const json = await b.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'x', body: 'y'.repeat(1_100_000) },
    });
    expect(json.status).toBe(413);
  });
});
