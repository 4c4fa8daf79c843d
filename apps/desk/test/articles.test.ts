import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
let agentId: number;
beforeAll(async () => {
  desk = await startDesk();
  agentId = (await call(desk, 'agent', 'GET', '/users/me')).body.id;
});
afterAll(async () => {
  await desk?.close();
});

async function html(body: string): Promise<string> {
  const t = await createTicket(desk, 'customer', {});
  const res = await call(desk, 'customer', 'POST', '/ticket_articles', {
    ticket_id: t.id,
    body,
    content_type: 'text/html',
  });
  expect(res.status).toBe(201);
  return res.body.body;
}

describe('ticket articles', () => {
  it('creates (201) with names and attachments; defaults note/Agent for agents', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'agent', 'POST', '/ticket_articles?expand=true', {
      ticket_id: t.id,
      subject: 'Re:\tquota',
      body: 'Checking.',
      internal: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ticket_id: t.id,
      type: 'note',
      sender: 'Agent',
      internal: true,
      subject: 'Re: quota',
      created_by: 'agent@example.org',
      attachments: [],
      content_type: 'text/plain',
    });
    expect(res.body.from).toBe('Alex Agent');
  });

  it('forces sender Customer, no internal and note/web types for customers', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'customer', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'hi',
      type: 'email',
      sender: 'Agent',
      internal: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'note', sender: 'Customer', internal: false });
  });

  it('requires a body (422) and an existing ticket (404)', async () => {
    const t = await createTicket(desk, 'customer', {});
    const noBody = await call(desk, 'agent', 'POST', '/ticket_articles', { ticket_id: t.id });
    expect(noBody.status).toBe(422);
    expect(noBody.body.error).toBe("Need at least an 'article body' field.");
    const empty = await call(desk, 'agent', 'POST', '/ticket_articles', { ticket_id: t.id, body: '' });
    expect(empty.status).toBe(201);
    const missing = await call(desk, 'agent', 'POST', '/ticket_articles', { ticket_id: 987654, body: 'x' });
    expect(missing.status).toBe(404);
  });

  it('accepts form-encoded article creation (Android)', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await desk.api('/ticket_articles', {
      as: 'agent',
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ticket_id: String(t.id), body: 'form body', internal: 'false' }).toString(),
    });
    expect(res.status).toBe(201);
    expect((await json(res)).body).toBe('form body');
  });

  it('shows an article; internal ones are 403 for customers and missing from by_ticket', async () => {
    const t = await createTicket(desk, 'customer', {});
    const internal = await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'agents only',
      internal: true,
    });
    const asAgent = await call(desk, 'agent', 'GET', `/ticket_articles/${internal.body.id}`);
    expect(asAgent.status).toBe(200);
    expect(asAgent.body.sender).toBe('Agent');
    const asCustomer = await call(desk, 'customer', 'GET', `/ticket_articles/${internal.body.id}`);
    expect(asCustomer.status).toBe(403);
    expect(asCustomer.body.error).toBe('Not authorized');
    const list = await call(desk, 'customer', 'GET', `/ticket_articles/by_ticket/${t.id}`);
    expect(list.body.map((a: Json) => a.id)).not.toContain(internal.body.id);
    expect((await call(desk, 'agent', 'GET', '/ticket_articles/987654')).status).toBe(404);
  });

  it('updates only internal and preferences.highlight (agent change); customers get 403', async () => {
    const t = await createTicket(desk, 'customer', {});
    const a = await call(desk, 'agent', 'POST', '/ticket_articles', { ticket_id: t.id, body: 'orig' });
    const res = await call(desk, 'agent', 'PUT', `/ticket_articles/${a.body.id}`, {
      internal: true,
      body: 'changed',
      subject: 'changed',
      preferences: { highlight: 'yellow', other: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ internal: true, body: 'orig', subject: null });
    expect(res.body.preferences).toEqual({ highlight: 'yellow' });
    const byCustomer = await call(desk, 'customer', 'PUT', `/ticket_articles/${a.body.id}`, {
      internal: false,
    });
    expect(byCustomer.status).toBe(403);
  });

  it("deletes only the agent's own note or internal article within the timeframe", async () => {
    const t = await createTicket(desk, 'customer', {});
    const note = await call(desk, 'agent', 'POST', '/ticket_articles', { ticket_id: t.id, body: 'mine' });
    const phone = await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'public call',
      type: 'phone',
    });
    const byAdmin = await call(desk, 'admin', 'DELETE', `/ticket_articles/${note.body.id}`);
    expect(byAdmin.status).toBe(403); // admin rights do not help
    const communication = await call(desk, 'agent', 'DELETE', `/ticket_articles/${phone.body.id}`);
    expect(communication.status).toBe(403);
    const customerOwn = (await call(desk, 'customer', 'GET', `/ticket_articles/by_ticket/${t.id}`)).body[0];
    expect((await call(desk, 'customer', 'DELETE', `/ticket_articles/${customerOwn.id}`)).status).toBe(403);
    const ok = await call(desk, 'agent', 'DELETE', `/ticket_articles/${note.body.id}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
    expect((await call(desk, 'agent', 'GET', `/ticket_articles/${note.body.id}`)).status).toBe(404);
    const old = await call(desk, 'agent', 'POST', '/ticket_articles', { ticket_id: t.id, body: 'old' });
    await desk.db.query(
      `UPDATE ticket_articles SET created_at = now() - interval '11 minutes' WHERE id = $1`,
      [old.body.id],
    );
    expect((await call(desk, 'agent', 'DELETE', `/ticket_articles/${old.body.id}`)).status).toBe(403);
    expect(old.body.created_by_id).toBe(agentId);
  });

  it('lists every article for admins only (generic index)', async () => {
    const res = await call(desk, 'admin', 'GET', '/ticket_articles?per_page=2');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.body[0].id).toBeLessThan(res.body[1].id);
    expect((await call(desk, 'agent', 'GET', '/ticket_articles')).status).toBe(403);
  });
});

describe('HTML sanitising of article bodies', () => {
  it('escapes & as Zammad does and keeps safe markup', async () => {
    expect(await html('wire & cable')).toBe('wire &amp; cable');
    expect(await html('<p>Hello <strong>there</strong><br>line</p>')).toBe(
      '<p>Hello <strong>there</strong><br>line</p>',
    );
    expect(await html('<a href="https://eosc.eu/x?a=1&b=2">link</a>')).toBe(
      '<a href="https://eosc.eu/x?a=1&amp;b=2" rel="nofollow noreferrer noopener" target="_blank">link</a>',
    );
    expect(await html('<table><tr><td style="color: red; position: fixed">c</td></tr></table>')).toBe(
      '<table><tbody><tr><td style="color: red;">c</td></tr></tbody></table>',
    );
  });

  // An XSS corpus: none of these may leave anything executable behind.
  const corpus = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<svg onload=alert(1)><script>alert(1)</script></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<span style="color: expression(alert(1))">x</span>',
    '<style>body{background:red}</style>',
    '<body onload=alert(1)>',
    '<details open ontoggle=alert(1)>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<img src=x onerror=alert(1)>-->',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href=//evil.example/x.css>',
    '<template><script>alert(1)</script></template>',
    '<video><source onerror=alert(1)></video>',
    '<p onmouseover="alert(1)" ONCLICK="alert(2)">hover</p>',
    '"><script>alert(1)</script>',
    '<textarea><script>alert(1)</script></textarea>',
    '<xmp><script>alert(1)</script></xmp>',
  ];
  it.each(corpus)('neutralises %s', async (payload) => {
    const out = await html(payload);
    expect(out).not.toMatch(
      /<script|<iframe|<object|<embed|<svg|<math|<style|<meta|<base|<link|<form|<input/i,
    );
    expect(out).not.toMatch(/\son[a-z]+\s*=/i);
    expect(out).not.toMatch(/(href|src|action)="\s*(javascript|vbscript|data):/i);
    expect(out).not.toMatch(/expression\(|url\(/i);
  });

  it('turns data: URI images into inline attachments served from the attachment URL', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    const t = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      content_type: 'text/html',
      body: `<p>see <img src="data:image/png;base64,${png}" alt="shot"></p>`,
    });
    expect(res.status).toBe(201);
    const att = res.body.attachments[0];
    expect(att).toMatchObject({ filename: 'image1.png', size: '16' });
    expect(att.preferences['Content-Disposition']).toBe('inline');
    expect(att.preferences['Mime-Type']).toBe('image/png');
    expect(res.body.body).toBe(
      `<p>see <img src="/api/v1/ticket_attachment/${t.id}/${res.body.id}/${att.id}?view=inline" alt="shot"></p>`,
    );
    const img = await desk.api(`/ticket_attachment/${t.id}/${res.body.id}/${att.id}?view=inline`, {
      as: 'customer',
    });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).toString('base64')).toBe(png);
  });

  it('leaves text/plain bodies untouched', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'customer', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: '<b>not html</b> & more',
    });
    expect(res.body.body).toBe('<b>not html</b> & more');
  });
});
