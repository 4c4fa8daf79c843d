import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, type RunningDesk, startDesk } from './harness.ts';
import {
  call as callAs,
  createTicket,
  type Json,
  makeGroup,
  makeUser,
  type TestUser,
} from './ticket-fixtures.ts';

/**
 * Issue 16, path 3: communities with their own units, services and knowledge-base categories.
 * The permission matrix: admin, the community admin of A acting on A and on B, agents of A and
 * B on each other's tickets, a customer.
 */

let desk: RunningDesk;
const call = (as: Credentials, method: string, path: string, body?: unknown) =>
  callAs(desk, as, method, path, body);

interface Side {
  community: Json;
  group: number;
  service: Json;
  category: number;
  agent: TestUser;
  ticket: number;
}
let a: Side;
let b: Side;
let communityAdmin: TestUser;

async function side(tag: string): Promise<Side> {
  const group = await makeGroup(desk);
  const service = (
    await call('admin', 'POST', '/eosc_services', {
      key: `svc-${tag}`,
      name: `Service ${tag}`,
      group_id: group,
    })
  ).body;
  const category = (
    await call('admin', 'POST', '/knowledge_bases/1/categories', {
      translations_attributes: [{ title: `Guides ${tag}`, kb_locale_id: 1 }],
    })
  ).body.id as number;
  const created = await call('admin', 'POST', '/communities', {
    name: `Community ${tag}`,
    slug: `community-${tag}`,
    display_name: `The ${tag} community`,
    primary_color: '#004466',
    accent_color: '#ffcc00',
    logo_url: 'https://example.org/logo.png',
    group_ids: [group],
    service_ids: [service.id],
    kb_category_ids: [category],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const agent = await makeUser(desk, {
    roles: ['Agent'],
    groups: { [group]: ['full'] },
    prefix: `agent-${tag}`,
  });
  const ticket = await createTicket(desk, 'customer', {
    title: `printer ${tag}`,
    group_id: group,
    article: { body: `zebra ${tag}` },
  });
  return { community: created.body, group, service, category, agent, ticket: ticket.id };
}

beforeAll(async () => {
  desk = await startDesk();
  a = await side('a');
  b = await side('b');
  communityAdmin = await makeUser(desk, { roles: ['Agent', 'Community Admin'], prefix: 'cadmin' });
  const put = await call('admin', 'PUT', `/communities/${a.community.id}`, {
    admin_user_ids: [communityAdmin.id],
  });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  await desk?.close();
});

describe('communities as a resource', () => {
  it('gives admins the community with its branding and what it owns', async () => {
    expect(a.community).toMatchObject({
      name: 'Community a',
      slug: 'community-a',
      primary_color: '#004466',
      group_ids: [a.group],
      service_ids: [a.service.id],
      kb_category_ids: [a.category],
      admin_user_ids: [],
      active: true,
    });
    const one = await call('admin', 'GET', `/communities/${a.community.id}`);
    expect(one.body.admin_user_ids).toEqual([communityAdmin.id]);
    expect((await call('customer', 'GET', '/communities/by_slug/community-b')).body.service_ids).toEqual([
      b.service.id,
    ]);
    expect((await call('customer', 'GET', '/communities/by_slug/nope')).status).toBe(404);
    expect((await call('admin', 'GET', `/eosc_services/${a.service.id}`)).body.community_id).toBe(
      a.community.id,
    );
  });

  it('seeds one demo community: EUDAT with its unit and services', async () => {
    const eudat = await call('customer', 'GET', '/communities/by_slug/eudat');
    expect(eudat.status).toBe(200);
    const unit = (
      await desk.db.query<{ id: number }>("SELECT id FROM groups WHERE name = 'EUDAT Support'")
    )[0];
    const services = await desk.db.query<{ id: number }>(
      "SELECT id FROM eosc_services WHERE key IN ('b2share', 'b2drop') ORDER BY id",
    );
    expect(eudat.body).toMatchObject({
      name: 'EUDAT',
      group_ids: [unit?.id],
      service_ids: services.map((s) => s.id),
      primary_color: '#0b3d91',
    });
  });

  it('answers bad input with 422 naming the field', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ slug: 'x-1' }, "'name'"],
      [{ name: 'X', slug: 'Bad Slug' }, "'slug'"],
      [{ name: 'X', slug: 'x-2', primary_color: 'red' }, "'primary_color'"],
      [{ name: 'X', slug: 'x-3', accent_color: '#12345' }, "'accent_color'"],
      [{ name: 'X', slug: 'x-4', logo_url: 'javascript:alert(1)' }, "'logo_url'"],
      [{ name: 'X', slug: 'community-a' }, "'slug'"],
      [{ name: 'X', slug: 'x-5', group_ids: [999999] }, "'group_ids'"],
    ];
    for (const [body, field] of bad) {
      const res = await call('admin', 'POST', '/communities', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toContain(field);
    }
    const logo = `data:image/png;base64,${Buffer.from('png').toString('base64')}`;
    const ok = await call('admin', 'POST', '/communities', {
      name: 'Uploaded',
      slug: 'uploaded',
      logo_url: logo,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.logo_url).toBe(logo);
    expect((await call('admin', 'DELETE', `/communities/${ok.body.id}`)).status).toBe(200);
  });

  it('lets only admins create, change and remove communities', async () => {
    for (const as of ['agent', 'customer', communityAdmin.as, a.agent.as] as Credentials[]) {
      expect((await call(as, 'POST', '/communities', { name: 'Z', slug: 'z' })).status).toBe(403);
      expect(
        (await call(as, 'PUT', `/communities/${a.community.id}`, { primary_color: '#000000' })).status,
      ).toBe(403);
      expect((await call(as, 'DELETE', `/communities/${b.community.id}`)).status).toBe(403);
    }
    expect((await call('none', 'GET', '/communities')).status).toBe(403);
    const list = await call('customer', 'GET', '/communities');
    expect(list.body.map((c: Json) => c.slug)).toEqual(
      expect.arrayContaining(['community-a', 'community-b']),
    );
  });
});

describe('a community admin', () => {
  it("manages their units' members, not another community's, and not groups at large", async () => {
    const path = (c: Side, g: number) => `/communities/${c.community.id}/groups/${g}/members`;
    const set = await call(communityAdmin.as, 'PUT', path(a, a.group), {
      user_ids: [a.agent.id, communityAdmin.id],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.user_ids).toEqual([a.agent.id, communityAdmin.id].sort((x, y) => x - y));
    expect((await call(communityAdmin.as, 'PUT', path(b, b.group), { user_ids: [] })).status).toBe(403);
    expect((await call(communityAdmin.as, 'PUT', path(a, b.group), { user_ids: [] })).status).toBe(404);
    const customer = await makeUser(desk, { roles: ['Customer'] });
    const notAgent = await call(communityAdmin.as, 'PUT', path(a, a.group), { user_ids: [customer.id] });
    expect(notAgent.status).toBe(422);
    expect(notAgent.body.error).toContain("'user_ids'");
    expect((await call(communityAdmin.as, 'PUT', `/groups/${a.group}`, { note: 'x' })).status).toBe(403);
    expect((await call(a.agent.as, 'PUT', path(a, a.group), { user_ids: [] })).status).toBe(403);
    // The admin changes any community's units.
    expect((await call('admin', 'PUT', path(b, b.group), { user_ids: [b.agent.id] })).status).toBe(200);
  });

  it('manages their services, not another community nor EOSC-wide ones', async () => {
    const mine = await call(communityAdmin.as, 'PUT', `/eosc_services/${a.service.id}`, {
      description: 'ours',
    });
    expect(mine.status).toBe(200);
    expect(mine.body.description).toBe('ours');
    expect(
      (await call(communityAdmin.as, 'PUT', `/eosc_services/${b.service.id}`, { description: 'x' })).status,
    ).toBe(403);
    const eoscWide = (await call('admin', 'GET', '/eosc_services')).body.find(
      (s: Json) => s.key === 'zenodo',
    );
    expect(
      (await call(communityAdmin.as, 'PUT', `/eosc_services/${eoscWide.id}`, { description: 'x' })).status,
    ).toBe(403);
    const move = await call(communityAdmin.as, 'PUT', `/eosc_services/${a.service.id}`, {
      community_id: b.community.id,
    });
    expect(move.status).toBe(403);
    const foreignUnit = await call(communityAdmin.as, 'PUT', `/eosc_services/${a.service.id}`, {
      group_id: b.group,
    });
    expect(foreignUnit.status).toBe(422);
    expect(foreignUnit.body.error).toContain("'group_id'");
    const created = await call(communityAdmin.as, 'POST', '/eosc_services', {
      key: 'svc-a2',
      name: 'Second A service',
      community_id: a.community.id,
      group_id: a.group,
    });
    expect(created.status).toBe(201);
    expect(
      (
        await call(communityAdmin.as, 'POST', '/eosc_services', {
          key: 'svc-b2',
          name: 'X',
          community_id: b.community.id,
        })
      ).status,
    ).toBe(403);
    expect((await call(communityAdmin.as, 'DELETE', `/eosc_services/${b.service.id}`)).status).toBe(403);
    expect((await call(communityAdmin.as, 'DELETE', `/eosc_services/${created.body.id}`)).status).toBe(200);
  });

  it("manages their knowledge-base categories, not another community's", async () => {
    const cat = (id: number) => `/knowledge_bases/1/categories/${id}`;
    expect((await call(communityAdmin.as, 'PATCH', cat(a.category), { category_icon: 'f123' })).status).toBe(
      200,
    );
    expect((await call(communityAdmin.as, 'PATCH', cat(b.category), { category_icon: 'f123' })).status).toBe(
      403,
    );
    expect((await call(communityAdmin.as, 'DELETE', cat(b.category))).status).toBe(403);
    const child = await call(communityAdmin.as, 'POST', '/knowledge_bases/1/categories', {
      parent_id: a.category,
      translations_attributes: [{ title: 'FAQ a', kb_locale_id: 1 }],
    });
    expect(child.status).toBe(201);
    expect(child.body.community_id).toBe(a.community.id);
    const elsewhere = await call(communityAdmin.as, 'POST', '/knowledge_bases/1/categories', {
      translations_attributes: [{ title: 'Top level', kb_locale_id: 1 }],
    });
    expect(elsewhere.status).toBe(403);
    expect((await call(a.agent.as, 'PATCH', cat(a.category), { category_icon: 'f1' })).status).toBe(403);
  });

  it("writes and publishes answers in their community's categories only", async () => {
    const answer = (categoryId: number, title: string) => ({
      category_id: categoryId,
      translations_attributes: [{ title, kb_locale_id: 1, content_attributes: { body: `<p>${title}</p>` } }],
    });
    const made = await call(
      communityAdmin.as,
      'POST',
      '/knowledge_bases/1/answers',
      answer(a.category, 'A howto'),
    );
    expect(made.status).toBe(201);
    const path = `/knowledge_bases/1/answers/${made.body.id}`;
    expect((await call(communityAdmin.as, 'POST', `${path}/publish`)).status).toBe(200);
    expect((await call(communityAdmin.as, 'PATCH', path, { category_id: b.category })).status).toBe(403);
    expect(
      (await call(communityAdmin.as, 'POST', '/knowledge_bases/1/answers', answer(b.category, 'B howto')))
        .status,
    ).toBe(403);
    const theirs = await call('admin', 'POST', '/knowledge_bases/1/answers', answer(b.category, 'B own'));
    expect(theirs.status).toBe(201);
    const other = `/knowledge_bases/1/answers/${theirs.body.id}`;
    expect((await call(communityAdmin.as, 'PATCH', other, { category_id: a.category })).status).toBe(403);
    expect((await call(communityAdmin.as, 'POST', `${other}/publish`)).status).toBe(403);
    expect((await call(communityAdmin.as, 'DELETE', other)).status).toBe(403);
    expect((await call(a.agent.as, 'POST', `${path}/archive`)).status).toBe(403);
    expect((await call(communityAdmin.as, 'DELETE', path)).status).toBe(200);
  });
});

describe("a community's agents", () => {
  it("see their unit's tickets and not another community's", async () => {
    expect((await call(a.agent.as, 'GET', `/tickets/${a.ticket}`)).status).toBe(200);
    expect((await call(a.agent.as, 'GET', `/tickets/${b.ticket}`)).status).toBe(403);
    expect((await call(b.agent.as, 'GET', `/tickets/${a.ticket}`)).status).toBe(403);
    expect((await call(a.agent.as, 'PUT', `/tickets/${b.ticket}`, { title: 'mine now' })).status).toBe(403);
    const list = (await call(a.agent.as, 'GET', '/tickets?per_page=100')).body.map((t: Json) => t.id);
    expect(list).toContain(a.ticket);
    expect(list).not.toContain(b.ticket);
    const search = (await call(a.agent.as, 'GET', '/tickets/search?query=zebra')).body.map((t: Json) => t.id);
    expect(search).toEqual([a.ticket]);
    const bSearch = (await call(b.agent.as, 'GET', '/tickets/search?query=zebra')).body.map(
      (t: Json) => t.id,
    );
    expect(bSearch).toEqual([b.ticket]);
    // The community admin made themself a member of A's unit: A's tickets, not B's.
    const cadmin = (await call(communityAdmin.as, 'GET', '/tickets/search?query=zebra')).body.map(
      (t: Json) => t.id,
    );
    expect(cadmin).toEqual([a.ticket]);
    // The demo agent works in every unit that kept them (none of these after the member changes).
    const demo = (await call('agent', 'GET', '/tickets/search?query=zebra')).body;
    expect(demo).toEqual([]);
  });
});
