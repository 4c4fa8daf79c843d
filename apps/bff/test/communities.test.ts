import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

/*
 * Issue 16, path 3 through the BFF, against the real test desk: admins create a community, its
 * branding, units and services; its public portal shows them; a ticket through the portal must
 * be about one of its services (422 otherwise) and reaches its unit.
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

const stamp = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const admin = (path: string, body: unknown) =>
  deskAs(DEMO.admin.login, DEMO.admin.password, path, { method: 'POST', body: JSON.stringify(body) });

describe('a community portal through the BFF', () => {
  it('is created by admins, shows its branding and services, and takes tickets for them only', async () => {
    const id = stamp();
    const unit = await admin('/groups', { name: `Unit ${id}` });
    expect(unit.status).toBe(201);
    const own = await admin('/eosc_services', {
      key: `own-${id}`,
      name: `Own ${id}`,
      group_id: unit.body.id,
    });
    const other = await admin('/eosc_services', { key: `other-${id}`, name: `Other ${id}` });
    expect([own.status, other.status]).toEqual([201, 201]);

    const adminB = await signedIn(DEMO.admin);
    const bad = await adminB.request('/bff/agent/admin/communities', {
      method: 'POST',
      body: { name: `Bad ${id}`, slug: `bad-${id}`, primary_color: 'blue' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain("'primary_color'");
    const made = await adminB.request('/bff/agent/admin/communities', {
      method: 'POST',
      body: {
        name: `Comm ${id}`,
        slug: `comm-${id}`,
        display_name: `Community ${id}`,
        primary_color: '#003366',
        accent_color: '#ffd700',
        group_ids: [unit.body.id],
        service_ids: [own.body.id],
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ group_ids: [unit.body.id], service_ids: [own.body.id], active: true });
    const listed = await adminB.request('/bff/agent/admin/communities');
    expect(listed.body.items.some((c: { id: number }) => c.id === made.body.id)).toBe(true);
    expect(listed.body.units.find((u: { id: number }) => u.id === unit.body.id)?.community_id).toBe(
      made.body.id,
    );
    const changed = await adminB.request(`/bff/agent/admin/communities/${made.body.id}`, {
      method: 'PUT',
      body: { accent_color: '#ffcc00' },
    });
    expect(changed.body.accent_color).toBe('#ffcc00');

    // Public: no session needed.
    const portal = await new Browser(bff.url).request(`/bff/communities/comm-${id}`);
    expect(portal.status).toBe(200);
    expect(portal.body).toMatchObject({
      slug: `comm-${id}`,
      name: `Community ${id}`,
      primary_color: '#003366',
      accent_color: '#ffcc00',
    });
    expect(portal.body.services.map((s: { key: string }) => s.key)).toEqual([`own-${id}`]);
    expect((await new Browser(bff.url).request('/bff/communities/no-such-portal')).status).toBe(404);

    const customer = await signedIn(DEMO.customer);
    const foreign = await customer.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'Wrong', body: 'Not theirs.', eosc_service: `other-${id}`, community: `comm-${id}` },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error).toContain('eosc_service');
    const none = await customer.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'None', body: 'No service.', community: `comm-${id}` },
    });
    expect(none.status).toBe(422);
    const created = await customer.request('/bff/tickets', {
      method: 'POST',
      body: {
        title: `Portal ${id}`,
        body: 'Help please.',
        eosc_service: `own-${id}`,
        community: `comm-${id}`,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.group_id).toBe(unit.body.id);

    const agent = await signedIn(DEMO.agent);
    expect((await agent.request('/bff/agent/admin/communities')).status).toBe(403);
    expect(
      (
        await customer.request(`/bff/agent/admin/communities/${made.body.id}`, {
          method: 'PUT',
          body: { active: false },
        })
      ).status,
    ).toBe(403);
  });
});
