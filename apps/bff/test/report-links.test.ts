import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

/*
 * Every report figure that is a set of tickets opens exactly that set in the inbox: the
 * inbox's `all` list with the report's filters and the figure's own (`created`, `closed`,
 * `first_response`, `owner`, and the non-merged states where the figure leaves merged tickets
 * out). Built on a service of its own so other test files' tickets cannot change the counts.
 */

const MANAGER = { login: 'manager@example.org', password: 'demo-manager-pass' };
type Named = { id: number; name: string; state_type?: string };
type Row = { id: number };

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  const res = await b.signIn(who);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { b, me: res.body.user as { id: number } };
}

/** Every ticket id of an inbox list (page by page). */
async function inbox(b: Browser, query: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; page < 50; page++) {
    const res = await b.request(`/bff/agent/overviews/all?${query}&page=${page}&per_page=200`);
    expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
    expect(res.body.overview).toMatchObject({ link: 'all' });
    ids.push(...(res.body.items as Row[]).map((r) => r.id));
    if (page * res.body.per_page >= res.body.total_count) {
      expect(ids).toHaveLength(res.body.total_count);
      break;
    }
  }
  return ids.sort((x, y) => x - y);
}

describe('report figures open their tickets', () => {
  it('created, closed, SLA status, services and workload counts equal the inbox lists they link to', async () => {
    const desk = inject('desk');
    const key = `links-${Date.now().toString(36)}`;
    const deskApi = (path: string, init: RequestInit = {}) =>
      fetch(`${desk.url}/api/v1${path}`, {
        ...init,
        headers: { Authorization: `Token token=${desk.token}`, 'Content-Type': 'application/json' },
      });
    // The new service goes to the unit of an existing one the demo agent works in.
    const services = (await (await deskApi('/eosc_services')).json()) as { key: string; group_id: number }[];
    const groupId = services.find((s) => s.key === 'egi-datahub')?.group_id as number;
    expect(groupId).toBeGreaterThan(0);
    const made = await deskApi('/eosc_services', {
      method: 'POST',
      body: JSON.stringify({ key, name: `Links ${key}`, provider: `Provider ${key}`, group_id: groupId }),
    });
    expect(made.status, await made.clone().text()).toBe(201);

    const { b: customer } = await signedIn(DEMO.customer);
    const { b: agent, me } = await signedIn(DEMO.agent);
    const ref = (await agent.request('/bff/reference')).body as { states: Named[]; priorities: Named[] };
    const closedState = ref.states.find((s) => s.name === 'closed') as Named;
    const high = ref.priorities.find((p) => p.name === '3 high') as Named;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await customer.request('/bff/tickets', {
        method: 'POST',
        body: {
          title: `report link ${i} ${key}`,
          body: 'Please help.',
          eosc_service: key,
          eosc_ticket_type: i % 2 ? 'incident' : 'service_request',
          ...(i < 2 ? { priority_id: high.id } : {}),
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id);
    }
    // Answered (first response met): 0, 1, 2; 0 and 1 closed by the agent, who takes 0, 1, 3.
    for (const [i, id] of ids.entries()) {
      if (i > 2) continue;
      const res = await agent.request(`/bff/tickets/${id}/articles`, {
        method: 'POST',
        body: {
          body: 'Looking into it.',
          internal: false,
          ...(i < 2 ? { state_id: closedState.id } : {}),
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const bulk = await agent.request('/bff/agent/tickets/bulk', {
      method: 'POST',
      body: { ticket_ids: [ids[0], ids[1], ids[3]], owner_id: me.id },
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);

    const { b: manager } = await signedIn(MANAGER);
    // The desk's day (UTC), as the reports count it.
    const today = new Date(Date.parse((await manager.request('/bff/session')).headers.get('date') ?? ''))
      .toISOString()
      .slice(0, 10);
    const period = `from=${today}&to=${today}&service=${key}`;
    const day = `${today}..${today}`;
    const live = ref.states
      .filter((s) => s.state_type !== 'merged')
      .map((s) => s.id)
      .join(',');
    const panel = async (name: string) => {
      const res = await manager.request(`/bff/reports/${name}?${period}`);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body;
    };
    const mine = [...ids].sort((x, y) => x - y);

    const volume = await panel('volume');
    const created = volume.buckets.reduce((n: number, b: { created: number }) => n + b.created, 0);
    const closed = volume.buckets.reduce((n: number, b: { closed: number }) => n + b.closed, 0);
    expect([created, closed]).toEqual([5, 2]);
    expect(await inbox(manager, `created=${day}&service=${key}`)).toEqual(mine);
    expect(await inbox(manager, `closed=${day}&service=${key}`)).toEqual(
      mine.filter((id) => [ids[0], ids[1]].includes(id)),
    );

    const sla = await panel('sla');
    expect(sla.units).toHaveLength(1);
    const unit = sla.units[0];
    expect(unit.group_id).toBe(groupId);
    expect(unit.met + unit.running).toBeGreaterThan(0);
    for (const status of ['met', 'breached', 'running'] as const) {
      const list = await inbox(
        manager,
        `created=${day}&service=${key}&group_id=${groupId}&first_response=${status}&state_id=${live}`,
      );
      expect(list.length, status).toBe(unit[status]);
      for (const p of sla.priorities) {
        const byPriority = await inbox(
          manager,
          `created=${day}&service=${key}&priority_id=${p.priority_id}&first_response=${status}&state_id=${live}`,
        );
        expect(byPriority.length, `${p.name} ${status}`).toBe(p[status]);
      }
    }
    expect(unit.met).toBe(3);

    const top = (await panel('services')).services;
    expect(top).toEqual([{ service: key, created: 5 }]);
    expect(await inbox(manager, `created=${day}&service=${key}&state_id=${live}`)).toHaveLength(5);

    const workload = (await panel('workload')).agents as {
      user_id: number;
      assigned: number;
      closed: number;
    }[];
    const row = workload.find((a) => a.user_id === me.id);
    expect(row).toMatchObject({ assigned: 3, closed: 2 });
    expect(await inbox(manager, `created=${day}&service=${key}&owner=${me.id}&state_id=${live}`)).toEqual(
      [ids[0], ids[1], ids[3]].sort((x, y) => (x as number) - (y as number)),
    );
    expect(await inbox(manager, `closed=${day}&service=${key}&owner=${me.id}&state_id=${live}`)).toHaveLength(
      row?.closed ?? -1,
    );

    const reopen = await panel('reopen');
    expect(await inbox(manager, `closed=${day}&service=${key}&state_id=${live}`)).toHaveLength(reopen.closed);
  });

  it('refuses bad ranges and statuses (400 JSON) and keeps `all` for agents', async () => {
    const { b: agent } = await signedIn(DEMO.agent);
    for (const bad of [
      'created=2026-11-31..2026-12-01',
      'created=2026-12-02..2026-12-01',
      'closed=2026-12-01',
      'created=2026-12-01..2026-12-02..2026-12-03',
      'first_response=late',
    ]) {
      const res = await agent.request(`/bff/agent/overviews/all?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ code: expect.any(String), request_id: expect.any(String) });
    }
    const everything = await agent.request('/bff/agent/overviews/all?per_page=1');
    expect(everything.status).toBe(200);
    expect(everything.body.total_count).toBeGreaterThan(0);
    const { b: customer } = await signedIn(DEMO.customer);
    expect((await customer.request('/bff/agent/overviews/all')).status).toBe(403);
  });
});
