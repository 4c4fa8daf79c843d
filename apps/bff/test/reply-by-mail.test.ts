import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

/*
 * An agent's reply by e-mail (issue 14): the BFF writes Zammad's `email` article, and the ticket
 * view tells the agent what became of the mail. The test desk has no SMTP server, so its worker
 * records the mail as not delivered, with the reason, which is what the agent must see.
 */

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  expect((await b.signIn(who)).status).toBe(200);
  return b;
}

type Art = {
  id: number;
  type: string;
  cc: string | null;
  delivery: { status: string; message: string | null } | null;
};

describe('a reply by e-mail', () => {
  it('is an e-mail article, and a mail that cannot leave shows as not delivered with the reason', async () => {
    const customer = await signedIn(DEMO.customer);
    const t = await customer.request('/bff/tickets', {
      method: 'POST',
      body: { title: `by mail ${Date.now()}`, body: 'Please mail me.' },
    });
    expect(t.status).toBe(201);
    const agent = await signedIn(DEMO.admin);
    const res = await agent.request(`/bff/tickets/${t.body.id}/articles`, {
      method: 'POST',
      body: { body: 'Answer by mail', internal: false, channel: 'email', cc: 'colleague@example.org' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'email', cc: 'colleague@example.org', internal: false });
    expect(['sending', 'failed']).toContain(res.body.delivery.status);

    let mailed: Art | undefined;
    for (let i = 0; i < 60; i++) {
      const view = await agent.request(`/bff/tickets/${t.body.id}`);
      mailed = (view.body.articles as Art[]).find((a) => a.id === res.body.id);
      if (mailed?.delivery?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(mailed?.delivery).toMatchObject({ status: 'failed' });
    expect(mailed?.delivery?.message).toContain('SMTP_URL');
    // Web replies and notes are not mailed: no delivery to show.
    const note = await agent.request(`/bff/tickets/${t.body.id}/articles`, {
      method: 'POST',
      body: { body: 'Just a note', internal: true, channel: 'email' },
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ type: 'note', delivery: null });
  });

  it('is for agents only, and names bad addresses', async () => {
    const customer = await signedIn(DEMO.customer);
    const t = await customer.request('/bff/tickets', {
      method: 'POST',
      body: { title: `mail refused ${Date.now()}`, body: 'x' },
    });
    const own = await customer.request(`/bff/tickets/${t.body.id}/articles`, {
      method: 'POST',
      body: { body: 'as mail?', channel: 'email' },
    });
    expect(own.status).toBe(403);
    const agent = await signedIn(DEMO.admin);
    const bad = await agent.request(`/bff/tickets/${t.body.id}/articles`, {
      method: 'POST',
      body: { body: 'x', channel: 'email', cc: 'not an address' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('e-mail addresses');
  });
});
