import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import {
  call,
  createTicket,
  type Json,
  makeGroup,
  makeOrganization,
  makeUser,
  type TestUser,
} from './ticket-fixtures.ts';

let desk: RunningDesk;
let groupG: number;
let agentG: TestUser; // full on G only
let overviewOnly: TestUser; // `overview` on G only
let readOnly: TestUser; // `read` on G only: overviews need `overview` (TicketPolicy::OverviewScope)
let noGroups: TestUser;
let customerA: TestUser;
let customerB: TestUser;
let colleague: TestUser; // same shared organization as customerA
let loner: TestUser; // customer in a non-shared organization

const get = (as: Json, path: string) => call(desk, as, 'GET', path);

async function counts(as: Json): Promise<Record<string, number>> {
  const r = await get(as, '/ticket_overviews');
  expect(r.status).toBe(200);
  return Object.fromEntries((r.body as Json[]).map((o) => [o.link, o.count]));
}

async function stateId(name: string): Promise<number> {
  const rows = await desk.db.query<{ id: number }>('SELECT id FROM ticket_states WHERE name = $1', [name]);
  return rows[0]?.id as number;
}

beforeAll(async () => {
  desk = await startDesk();
  groupG = await makeGroup(desk);
  agentG = await makeUser(desk, { roles: ['Agent'], groups: { [groupG]: ['full'] } });
  overviewOnly = await makeUser(desk, { roles: ['Agent'], groups: { [groupG]: ['overview'] } });
  readOnly = await makeUser(desk, { roles: ['Agent'], groups: { [groupG]: ['read'] } });
  noGroups = await makeUser(desk, { roles: ['Agent'] });
  const shared = await makeOrganization(desk, true);
  const closed = await makeOrganization(desk, false);
  customerA = await makeUser(desk, { roles: ['Customer'], organizationId: shared });
  customerB = await makeUser(desk, { roles: ['Customer'] });
  colleague = await makeUser(desk, { roles: ['Customer'], organizationId: shared });
  loner = await makeUser(desk, { roles: ['Customer'], organizationId: closed });
});
afterAll(async () => {
  await desk?.close();
});

describe('GET /ticket_overviews (list with counts)', () => {
  it('agents get the standard agent overviews, ordered by prio, each with id, name, prio, link, count', async () => {
    const r = await get(agentG.as, '/ticket_overviews');
    expect(r.status).toBe(200);
    const list = r.body as Json[];
    const links = list.map((o) => o.link);
    for (const l of [
      'my_assigned',
      'all_unassigned',
      'my_pending_reached',
      'my_subscribed_tickets',
      'all_open',
      'all_pending_reached',
      'all_escalated',
    ])
      expect(links).toContain(l);
    expect(links).not.toContain('my_tickets');
    // out_of_office overviews appear only while standing in for someone.
    expect(links).not.toContain('my_replacement_tickets');
    for (const o of list) {
      expect(Object.keys(o).sort()).toEqual(['count', 'id', 'link', 'name', 'prio']);
      expect(typeof o.id).toBe('number');
      expect(typeof o.count).toBe('number');
    }
    const prios = list.map((o) => o.prio);
    expect(prios).toEqual([...prios].sort((a, b) => a - b));
    expect(list.find((o) => o.link === 'my_assigned').name).toBe('My Assigned Tickets');
  });

  it('customers get My Tickets, and My Organization Tickets only with a shared organization', async () => {
    const a = (await get(customerA.as, '/ticket_overviews')).body.map((o: Json) => o.link);
    expect(a).toEqual(['my_tickets', 'my_organization_tickets']);
    const l = (await get(loner.as, '/ticket_overviews')).body.map((o: Json) => o.link);
    expect(l).toEqual(['my_tickets']);
  });

  it('needs authentication', async () => {
    const r = await get('none', '/ticket_overviews');
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('Authentication required');
  });

  it('counts follow creating, assigning and closing tickets; foreign groups never count', async () => {
    const before = await counts(agentG.as);
    expect(before.my_assigned).toBe(0);
    expect(before.all_open).toBe(0);
    const t1 = await createTicket(desk, agentG.as, { group_id: groupG, customer_id: customerA.id });
    const t2 = await createTicket(desk, agentG.as, { group_id: groupG, customer_id: customerA.id });
    const t3 = await createTicket(desk, agentG.as, {
      group_id: groupG,
      customer_id: customerB.id,
      owner_id: agentG.id,
    });
    expect(t3.owner_id).toBe(agentG.id);
    let c = await counts(agentG.as);
    expect(c.my_assigned).toBe(1);
    expect(c.all_unassigned).toBe(2);
    expect(c.all_open).toBe(3);

    // assign t1 to the agent, close t2
    expect((await call(desk, agentG.as, 'PUT', `/tickets/${t1.id}`, { owner_id: agentG.id })).status).toBe(
      200,
    );
    expect((await call(desk, agentG.as, 'PUT', `/tickets/${t2.id}`, { state: 'closed' })).status).toBe(200);
    c = await counts(agentG.as);
    expect(c.my_assigned).toBe(2);
    expect(c.all_unassigned).toBe(0);
    expect(c.all_open).toBe(2);

    // `overview` access counts the group's tickets; `read` alone and no groups do not.
    const o = await counts(overviewOnly.as);
    expect(o.all_open).toBe(2);
    expect(o.my_assigned).toBe(0);
    for (const u of [readOnly, noGroups]) {
      const n = await counts(u.as);
      expect(Object.values(n).every((v) => v === 0)).toBe(true);
    }
    // The demo agent (groups 1 and 2 plus G) counts what the database holds for those groups.
    const rows = await desk.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets t JOIN ticket_states s ON s.id = t.state_id
         JOIN ticket_state_types st ON st.id = s.state_type_id
        WHERE st.name IN ('new', 'open', 'pending reminder')
          AND t.group_id IN (SELECT group_id FROM groups_users gu JOIN users u ON u.id = gu.user_id WHERE u.login = 'agent@example.org')`,
    );
    expect((await counts('agent')).all_open).toBe(rows[0]?.n);
  });

  it('pending reached and subscribed overviews', async () => {
    const t = await createTicket(desk, agentG.as, {
      group_id: groupG,
      customer_id: customerB.id,
      owner_id: agentG.id,
    });
    const past = new Date(Date.now() - 3600_000).toISOString();
    const future = new Date(Date.now() + 3600_000).toISOString();
    await call(desk, agentG.as, 'PUT', `/tickets/${t.id}`, {
      state: 'pending reminder',
      pending_time: future,
    });
    let c = await counts(agentG.as);
    expect(c.my_pending_reached).toBe(0);
    await call(desk, agentG.as, 'PUT', `/tickets/${t.id}`, { pending_time: past });
    c = await counts(agentG.as);
    expect(c.my_pending_reached).toBe(1);
    expect(c.all_pending_reached).toBe(1);

    expect(c.my_subscribed_tickets).toBe(0);
    await desk.db.query(
      `INSERT INTO mentions (mentionable_type, mentionable_id, user_id) VALUES ('Ticket', $1, $2)`,
      [t.id, agentG.id],
    );
    expect((await counts(agentG.as)).my_subscribed_tickets).toBe(1);
    expect((await counts(overviewOnly.as)).my_subscribed_tickets).toBe(0);
    // back to open for the other tests
    await call(desk, agentG.as, 'PUT', `/tickets/${t.id}`, { state: 'open' });
  });
});

describe('GET /ticket_overviews?view=<link>', () => {
  it('replies {assets, index:{overview, tickets, count}} with the tickets in the overview order', async () => {
    const r = await get(agentG.as, '/ticket_overviews?view=my_assigned');
    expect(r.status).toBe(200);
    const { index, assets } = r.body;
    expect(Object.keys(index.overview).sort()).toEqual(['id', 'name', 'updated_at', 'view']);
    expect(index.overview.view).toBe('my_assigned');
    expect(index.count).toBe(index.tickets.length);
    expect(index.count).toBeGreaterThan(0);
    const ids = index.tickets.map((t: Json) => t.id);
    for (const t of index.tickets) {
      expect(Object.keys(t).sort()).toEqual(['id', 'updated_at']);
      const asset = assets.Ticket[String(t.id)];
      expect(asset.owner_id).toBe(agentG.id);
      expect(asset.updated_at).toBe(t.updated_at);
    }
    // created_at ASC, as the seeded overview orders
    const created = ids.map((id: number) => assets.Ticket[String(id)].created_at);
    expect(created).toEqual([...created].sort());
    expect(assets.Overview[String(index.overview.id)].link).toBe('my_assigned');
    expect(assets.User[String(agentG.id)]).toBeDefined();
  });

  it('all_open is grouped by group, with per-group counts (EOSC extension)', async () => {
    const r = await get('agent', '/ticket_overviews?view=all_open');
    const { index, assets } = r.body;
    expect(index.group_by).toBe('group');
    const sum = index.groups.reduce((s: number, g: Json) => s + g.count, 0);
    expect(sum).toBe(index.count);
    expect(index.groups.map((g: Json) => g.value)).toContain(groupG);
    // tickets come group by group
    const groups = index.tickets.map((t: Json) => assets.Ticket[String(t.id)].group_id);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
  });

  it('customers see their own tickets in my_tickets, their shared organization in my_organization_tickets', async () => {
    const mine = (await get(customerA.as, '/ticket_overviews?view=my_tickets')).body.index;
    const dbMine = await desk.db.query<{ id: number }>('SELECT id FROM tickets WHERE customer_id = $1', [
      customerA.id,
    ]);
    expect(mine.count).toBe(dbMine.length);
    expect(mine.tickets.map((t: Json) => t.id).sort()).toEqual(dbMine.map((r) => r.id).sort());
    // the colleague sees customerA's tickets through the shared organization, never customerB's
    const org = (await get(colleague.as, '/ticket_overviews?view=my_organization_tickets')).body;
    expect(org.index.count).toBe(dbMine.length);
    const b = await desk.db.query<{ id: number }>('SELECT id FROM tickets WHERE customer_id = $1', [
      customerB.id,
    ]);
    for (const t of b) expect(org.assets.Ticket?.[String(t.id)]).toBeUndefined();
    const colleagueOwn = (await get(colleague.as, '/ticket_overviews?view=my_tickets')).body.index;
    expect(colleagueOwn.count).toBe(0);
    // customers cannot open agent overviews
    const agentView = (await get(customerA.as, '/ticket_overviews?view=all_open')).body;
    expect(agentView).toEqual({ assets: {}, index: {} });
  });

  it('an agent without group access lists nothing', async () => {
    const r = (await get(noGroups.as, '/ticket_overviews?view=all_open')).body;
    expect(r.index.count).toBe(0);
    expect(r.index.tickets).toEqual([]);
    expect(r.assets.Ticket).toBeUndefined();
  });
});

describe('paging an overview with thousands of tickets', () => {
  const TOTAL = 3000;
  let bulk: TestUser;
  let groupH: number;

  beforeAll(async () => {
    groupH = await makeGroup(desk);
    bulk = await makeUser(desk, { roles: ['Agent'], groups: { [groupH]: ['full'] } });
    const newState = await stateId('new');
    // Same created_at for many rows: only the id tie-breaker keeps pages stable.
    await desk.db.query(
      `INSERT INTO tickets (group_id, priority_id, state_id, number, title, owner_id, customer_id, created_at, updated_at)
       SELECT $1::int, 2, $2::int, 'bulk-' || $1::int || '-' || g, 'bulk ticket ' || g, 1, $3,
              timestamptz '2024-01-01' + (g / 10) * interval '1 minute', now()
         FROM generate_series(1, ${TOTAL}) AS g`,
      [groupH, newState, customerB.id],
    );
  });

  it('counts all and pages with page/per_page, in a stable order without overlaps', async () => {
    expect((await counts(bulk.as)).all_open).toBe(TOTAL);
    const seen = new Set<number>();
    let previous = '';
    for (let page = 1; page <= TOTAL / 500; page++) {
      const r = await get(bulk.as, `/ticket_overviews?view=all_open&per_page=500&page=${page}`);
      expect(r.status).toBe(200);
      expect(r.body.index.count).toBe(TOTAL);
      expect(r.body.index.tickets).toHaveLength(500);
      for (const t of r.body.index.tickets) {
        expect(seen.has(t.id)).toBe(false);
        seen.add(t.id);
        const created = r.body.assets.Ticket[String(t.id)].created_at;
        expect(created >= previous).toBe(true);
        previous = created;
      }
    }
    expect(seen.size).toBe(TOTAL);
    const after = await get(bulk.as, `/ticket_overviews?view=all_open&per_page=500&page=${TOTAL / 500 + 1}`);
    expect(after.body.index.tickets).toEqual([]);
  });

  it('defaults to Zammad’s 2000 tickets and honours order overrides', async () => {
    const all = await get(bulk.as, '/ticket_overviews?view=all_open');
    expect(all.body.index.tickets).toHaveLength(2000);
    const desc = await get(
      bulk.as,
      '/ticket_overviews?view=all_open&per_page=5&order_by=id&order_direction=DESC',
    );
    const ids = desc.body.index.tickets.map((t: Json) => t.id);
    const max = await desk.db.query<{ m: number }>('SELECT max(id) AS m FROM tickets WHERE group_id = $1', [
      groupH,
    ]);
    expect(ids[0]).toBe(max[0]?.m);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // REST style: sort_by + order_by=desc
    const rest = await get(bulk.as, '/ticket_overviews?view=all_open&per_page=5&sort_by=id&order_by=desc');
    expect(rest.body.index.tickets.map((t: Json) => t.id)).toEqual(ids);
    const bad = await get(bulk.as, '/ticket_overviews?view=all_open&order_direction=sideways');
    expect(bad.status).toBe(422);
  });

  it('the bulk tickets stay invisible to agents of other groups', async () => {
    expect((await counts(agentG.as)).all_open).toBeLessThan(10);
  });
});

describe('admin CRUD /overviews', () => {
  let created: Json;

  it('lists the standard overviews for admin.overview, refuses agents and customers', async () => {
    const r = await get('admin', '/overviews');
    expect(r.status).toBe(200);
    const mine = r.body.find((o: Json) => o.link === 'my_tickets');
    expect(mine.role_ids).toEqual([3]);
    expect(mine.user_ids).toEqual([]);
    expect(mine.order).toEqual({ by: 'created_at', direction: 'DESC' });
    expect(mine.view.view_mode_default).toBe('s');
    for (const as of ['agent', 'customer'] as const) {
      const denied = await get(as, '/overviews');
      expect(denied.status).toBe(403);
      expect(denied.body.error).toBe('User authorization failed.');
    }
    expect((await call(desk, 'agent', 'POST', '/overviews', { name: 'x', role_ids: [2] })).status).toBe(403);
  });

  it('creates an overview (link from the name, prio appended) restricted to one agent', async () => {
    const r = await call(desk, 'admin', 'POST', '/overviews', {
      name: 'Escalations: First Line!',
      role_ids: [2],
      user_ids: [agentG.id],
      condition: {
        operator: 'AND',
        conditions: [
          { name: 'ticket.state_id', operator: 'is', value: [String(await stateId('open'))] },
          { name: 'ticket.group_id', operator: 'is', value: [String(groupG)] },
        ],
      },
      order: { by: 'updated_at', direction: 'desc' },
      view: { s: ['number', 'title'] },
    });
    expect(r.status).toBe(201);
    created = r.body;
    expect(created.link).toBe('escalations_first_line');
    expect(created.user_ids).toEqual([agentG.id]);
    expect(created.role_ids).toEqual([2]);
    expect(created.order).toEqual({ by: 'updated_at', direction: 'DESC' });
    const maxPrio = await desk.db.query<{ m: number }>('SELECT max(prio) AS m FROM overviews');
    expect(created.prio).toBe(maxPrio[0]?.m);

    const forG = (await get(agentG.as, '/ticket_overviews')).body.find((o: Json) => o.id === created.id);
    const open = await desk.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets WHERE group_id = $1 AND state_id = $2`,
      [groupG, await stateId('open')],
    );
    expect(forG.count).toBe(open[0]?.n);
    const forAgent = (await get('agent', '/ticket_overviews')).body.map((o: Json) => o.id);
    expect(forAgent).not.toContain(created.id);

    // a second overview with the same name gets a unique link
    const dup = await call(desk, 'admin', 'POST', '/overviews', {
      name: 'Escalations: First Line!',
      role_ids: [2],
    });
    expect(dup.body.link).toBe('escalations_first_line_1');
    expect((await call(desk, 'admin', 'DELETE', `/overviews/${dup.body.id}`)).status).toBe(200);
  });

  it('validates name, roles and condition', async () => {
    const noName = await call(desk, 'admin', 'POST', '/overviews', { role_ids: [2] });
    expect(noName.status).toBe(422);
    const noRoles = await call(desk, 'admin', 'POST', '/overviews', { name: 'No roles' });
    expect(noRoles.status).toBe(422);
    const badCondition = await call(desk, 'admin', 'POST', '/overviews', {
      name: 'Bad',
      role_ids: [2],
      condition: { 'ticket.nonexistent': { operator: 'is', value: '1' } },
    });
    expect(badCondition.status).toBe(422);
    expect(badCondition.body.error).toMatch(/Invalid condition/);
    const badRole = await call(desk, 'admin', 'POST', '/overviews', { name: 'Bad', role_ids: [999] });
    expect(badRole.status).toBe(422);
  });

  it('shows, updates (name → link) and deletes', async () => {
    const shown = await get('admin', `/overviews/${created.id}?expand=true`);
    expect(shown.body.roles).toEqual(['Agent']);
    expect(shown.body.users).toEqual([agentG.login]);
    const up = await call(desk, 'admin', 'PUT', `/overviews/${created.id}`, {
      name: 'Renamed',
      user_ids: [],
    });
    expect(up.status).toBe(200);
    expect(up.body.link).toBe('renamed');
    expect(up.body.user_ids).toEqual([]);
    expect(up.body.role_ids).toEqual([2]);
    // no user restriction any more: the demo agent sees it
    expect((await get('agent', '/ticket_overviews')).body.map((o: Json) => o.id)).toContain(created.id);
    const inactive = await call(desk, 'admin', 'PUT', `/overviews/${created.id}`, { active: false });
    expect(inactive.body.active).toBe(false);
    expect((await get('agent', '/ticket_overviews')).body.map((o: Json) => o.id)).not.toContain(created.id);
    expect((await get('admin', '/overviews/999999')).status).toBe(404);
    const del = await call(desk, 'admin', 'DELETE', `/overviews/${created.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({});
    expect((await get('admin', `/overviews/${created.id}`)).status).toBe(404);
  });

  it('POST /overviews_prio reorders', async () => {
    const list = (await get('admin', '/overviews')).body as Json[];
    const a = list.find((o) => o.link === 'my_assigned');
    const b = list.find((o) => o.link === 'all_open');
    const r = await call(desk, 'admin', 'POST', '/overviews_prio', {
      prios: [
        [a.id, 5],
        [b.id, 1],
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ success: true });
    const links = (await get(agentG.as, '/ticket_overviews')).body.map((o: Json) => o.link);
    expect(links.slice(0, 2)).toEqual(['all_open', 'my_assigned']);
    expect((await call(desk, 'agent', 'POST', '/overviews_prio', { prios: [] })).status).toBe(403);
  });
});
