import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

/*
 * Issue 16 through the BFF, against the real test desk: admins set a service's integration mode
 * and contacts (the helpdesk's 422 passed on with its reason); the new-ticket form's catalogue
 * says what will happen; a redirected ticket shows where it went, to its customer too; only the
 * first line and admins re-send or take over.
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

const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

describe('service catalogue administration', () => {
  it('lets admins set integration and contacts, refuses a redirect without a list (422)', async () => {
    const admin = await signedIn(DEMO.admin);
    const id = stamp();
    const bad = await admin.request('/bff/agent/admin/services', {
      method: 'POST',
      body: { key: `bff-bad-${id}`, name: `BFF bad ${id}`, integration: 'redirect' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain('mailing_list');
    const made = await admin.request('/bff/agent/admin/services', {
      method: 'POST',
      body: {
        key: `bff-svc-${id}`,
        name: `BFF service ${id}`,
        provider: 'Lists Inc',
        community: 'Demo',
        integration: 'redirect',
        mailing_list: `list-${id}@provider.example`,
      },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ integration: 'redirect', community: 'Demo', active: true });
    const wrong = await admin.request(`/bff/agent/admin/services/${made.body.id}`, {
      method: 'PUT',
      body: { mailing_list: 'nobody' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toContain("'mailing_list'");
    const direct = await admin.request(`/bff/agent/admin/services/${made.body.id}`, {
      method: 'PUT',
      body: { integration: 'direct' },
    });
    expect(direct.status).toBe(200);
    expect(direct.body.integration).toBe('direct');
    const listed = await admin.request('/bff/agent/admin/services');
    expect(listed.body.items.find((s: { id: number }) => s.id === made.body.id)?.integration).toBe('direct');

    const agent = await signedIn(DEMO.agent);
    expect((await agent.request('/bff/agent/admin/services')).status).toBe(403);
    const customer = await signedIn(DEMO.customer);
    expect(
      (
        await customer.request(`/bff/agent/admin/services/${made.body.id}`, {
          method: 'PUT',
          body: { active: false },
        })
      ).status,
    ).toBe(403);
  });
});

describe('a redirected ticket through the BFF', () => {
  it('shows where it went, to the customer too; only the first line re-sends or takes over', async () => {
    const admin = await signedIn(DEMO.admin);
    const id = stamp();
    const list = `users-${id}@lists.provider.example`;
    const made = await admin.request('/bff/agent/admin/services', {
      method: 'POST',
      body: {
        key: `bff-redir-${id}`,
        name: `Redirected ${id}`,
        provider: 'Lists Inc',
        integration: 'redirect',
        mailing_list: list,
      },
    });
    expect(made.status).toBe(201);

    const customer = await signedIn(DEMO.customer);
    const catalogue = await customer.request('/bff/services');
    expect(catalogue.body.find((s: { key: string }) => s.key === made.body.key)).toMatchObject({
      integration: 'redirect',
      mailing_list: list,
      provider: 'Lists Inc',
    });
    const created = await customer.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'Forward me', body: 'Please forward this.', eosc_service: made.body.key },
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.id;
    const seen = await customer.request(`/bff/tickets/${ticketId}/redirect`);
    expect(seen.status).toBe(200);
    expect(seen.body.redirect).toMatchObject({
      mailing_list: list,
      provider: 'Lists Inc',
      service_name: `Redirected ${id}`,
    });

    for (const path of ['resend', 'take-over'])
      expect(
        (await customer.request(`/bff/agent/tickets/${ticketId}/redirect/${path}`, { method: 'POST' }))
          .status,
      ).toBe(403);
    const agent = await signedIn(DEMO.agent);
    const again = await agent.request(`/bff/agent/tickets/${ticketId}/redirect/resend`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(again.body.redirect.forwards).toBe(2);
    const taken = await agent.request(`/bff/agent/tickets/${ticketId}/redirect/take-over`, {
      method: 'POST',
    });
    expect(taken.status).toBe(200);
    expect(taken.body.redirect.status).toBe('taken_over');
    const twice = await agent.request(`/bff/agent/tickets/${ticketId}/redirect/take-over`, {
      method: 'POST',
    });
    expect(twice.status).toBe(422);

    // A ticket without redirection: null, not an error.
    const plain = await customer.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'Plain one', body: 'Nothing to forward.' },
    });
    expect(plain.status).toBe(201);
    const none = await customer.request(`/bff/tickets/${plain.body.id}/redirect`);
    expect(none.body).toEqual({ redirect: null });
  });
});
