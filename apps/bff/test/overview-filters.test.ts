import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

type Row = {
  id: number;
  state: string;
  state_id: number;
  priority_id: number;
  group: string;
  owner: { id: number } | null;
};

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  const res = await b.signIn(who);
  expect(res.status).toBe(200);
  return { b, me: res.body.user as { id: number } };
}

async function ticket(b: Browser, body: Record<string, unknown>) {
  const res = await b.request('/bff/tickets', { method: 'POST', body: { body: 'Help, please.', ...body } });
  expect(res.status).toBe(201);
  return res.body as { id: number };
}

/** Every row of a (filtered) overview, page by page. */
async function allRows(b: Browser, path: string, perPage: number) {
  const rows: Row[] = [];
  let total = -1;
  for (let page = 1; page < 100; page++) {
    const res = await b.request(`${path}&page=${page}&per_page=${perPage}`);
    expect(res.status).toBe(200);
    total = res.body.total_count;
    rows.push(...res.body.items);
    if (page * res.body.per_page >= total) break;
  }
  return { rows, total };
}

describe('filtered overviews', () => {
  it('filters by service, type, priority, state and owner, with a right count and stable pages', async () => {
    const { b: customer } = await signedIn(DEMO.customer);
    const { b, me } = await signedIn(DEMO.agent);
    const ref = (await b.request('/bff/reference')).body as {
      states: { id: number; name: string }[];
      priorities: { id: number; name: string }[];
    };
    const high = ref.priorities.find((p) => p.name === '3 high')?.id as number;
    const open = ref.states.find((s) => s.name === 'open')?.id as number;
    const base = `/bff/agent/overviews/all_open?service=egi-datahub&type=service_request&priority_id=${high}`;
    const before = await b.request(`${base}&per_page=1`);
    expect(before.status).toBe(200);
    expect(before.body.overview).toMatchObject({ link: 'all_open', name: 'Open Tickets' });

    const made: number[] = [];
    for (let i = 0; i < 5; i++)
      made.push(
        (
          await ticket(customer, {
            title: `filter ${i} ${Date.now()}`,
            eosc_service: 'egi-datahub',
            eosc_ticket_type: 'service_request',
            priority_id: high,
          })
        ).id,
      );
    // Not matching: another service, another type.
    const other = await ticket(customer, {
      title: `other ${Date.now()}`,
      eosc_service: 'egi-check-in',
      priority_id: high,
    });
    const otherType = await ticket(customer, {
      title: `other type ${Date.now()}`,
      eosc_service: 'egi-datahub',
      eosc_ticket_type: 'incident',
      priority_id: high,
    });

    const { rows, total } = await allRows(b, base, 2);
    expect(total).toBe(before.body.total_count + 5);
    expect(rows).toHaveLength(total);
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of made) expect(ids).toContain(id);
    expect(ids).not.toContain(other.id);
    expect(ids).not.toContain(otherType.id);
    for (const r of rows) expect(r).toMatchObject({ priority_id: high, group: 'EGI Support' });

    // Sorting holds under filters; 500 per page is capped to the search's 200.
    const desc = await b.request(`${base}&sort_by=created_at&order=desc&per_page=500`);
    expect(desc.body.per_page).toBe(200);
    const created = (desc.body.items as { created_at: string }[]).map((r) => r.created_at);
    expect([...created].sort().reverse()).toEqual(created);

    // Owner and state: take two, open one.
    const bulk = await b.request('/bff/agent/tickets/bulk', {
      method: 'POST',
      body: { ticket_ids: [made[0], made[1]], owner_id: me.id },
    });
    expect(bulk.status).toBe(200);
    expect(
      (
        await b.request('/bff/agent/tickets/bulk', {
          method: 'POST',
          body: { ticket_ids: [made[1]], state_id: open },
        })
      ).status,
    ).toBe(200);
    const mine = await allRows(b, `${base}&owner=me`, 50);
    expect(mine.rows.map((r) => r.id)).toEqual(expect.arrayContaining([made[0], made[1]]));
    for (const r of mine.rows) expect(r.owner?.id).toBe(me.id);
    const unassigned = await allRows(b, `${base}&owner=none`, 50);
    expect(unassigned.rows.map((r) => r.id)).toEqual(expect.arrayContaining([made[2], made[3], made[4]]));
    for (const r of unassigned.rows) expect(r.owner).toBeNull();
    const either = await b.request(`${base}&owner=me,none&per_page=1`);
    expect(either.body.total_count).toBe(mine.total + unassigned.total);
    const byId = await b.request(`${base}&owner=${me.id}&per_page=1`);
    expect(byId.body.total_count).toBe(mine.total);
    const opened = await allRows(b, `${base}&state_id=${open}`, 50);
    expect(opened.rows.map((r) => r.id)).toContain(made[1]);
    for (const r of opened.rows) expect(r.state_id).toBe(open);

    // The overview's own condition still applies: a closed ticket leaves it.
    const closed = ref.states.find((s) => s.name === 'closed')?.id as number;
    await b.request('/bff/agent/tickets/bulk', {
      method: 'POST',
      body: { ticket_ids: [made[4]], state_id: closed },
    });
    const after = await allRows(b, base, 200);
    expect(after.rows.map((r) => r.id)).not.toContain(made[4]);
    expect(after.total).toBe(total - 1);
    const closedFilter = await b.request(`${base}&state_id=${closed}`);
    expect(closedFilter.body.total_count).toBe(0);
  });

  it('refuses customers (403), unknown overviews (404) and bad filter values (400 JSON)', async () => {
    const { b: customer } = await signedIn(DEMO.customer);
    const refused = await customer.request('/bff/agent/overviews/all_open?state_id=1');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');

    const { b } = await signedIn(DEMO.agent);
    const missing = await b.request('/bff/agent/overviews/no_such_overview?state_id=1');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
    for (const bad of [
      'state_id=open',
      'owner=someone',
      'type=question',
      'service=Bad%20Key',
      'priority_id=1,,2',
    ]) {
      const res = await b.request(`/bff/agent/overviews/all_open?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_input' });
      expect(typeof res.body.error).toBe('string');
    }
  });

  it('does not open overviews that are not the agent’s: a customer overview is 404, filtered too', async () => {
    const { b } = await signedIn(DEMO.agent);
    // Customer overviews exist upstream but are not the agent's.
    const res = await b.request('/bff/agent/overviews/my_tickets?state_id=1');
    expect(res.status).toBe(404);
  });
});
