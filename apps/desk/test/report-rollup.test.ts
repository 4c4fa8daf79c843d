// The reports' daily rollup (migration 0015) stays exact when tickets are created, answered,
// closed, reopened, moved to another group or priority and merged through the HTTP API: what
// the triggers appended adds up to what a rebuild from scratch gives, before and after the
// worker folds it, and the panels agree with a recount in plain SQL. The agents' answers
// (report_answers, migration 0016) stay equal to a rebuild from the articles through replies,
// notes, articles made internal or deleted, moves and merges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, json, type RunningDesk, startDesk } from './harness.ts';
import { recountPanels } from './report-recount.ts';
import { call, type Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
const MANAGER: Credentials = { basic: ['manager@example.org', 'demo-manager-pass'] };
const FROM = '2027-05-01';
const TO = '2027-05-31';

beforeAll(async () => {
  desk = await startDesk({ testClock: true });
});
afterAll(() => desk.close());

async function at(iso: string) {
  const moved = await call(desk, 'admin', 'PUT', '/eosc_test_clock', { now: iso });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
}

async function ticket(body: Record<string, unknown>): Promise<Json> {
  const res = await call(desk, 'admin', 'POST', '/tickets', {
    title: 'rollup ticket',
    group: 'Users',
    article: { body: 'Please help', type: 'web' },
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function update(id: number, body: Record<string, unknown>) {
  const res = await call(desk, 'admin', 'PUT', `/tickets/${id}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** report_daily summed per day and key, without zero rows, in a stable order. */
async function rollupSums(): Promise<Json[]> {
  return desk.db.query(
    `SELECT day, group_id, priority_id, service, ticket_type, channel, sum(created)::int AS created,
            sum(created_kept)::int AS created_kept, sum(closed)::int AS closed, sum(closed_kept)::int AS closed_kept,
            sum(reopened)::int AS reopened, sum(open_delta)::int AS open_delta
       FROM report_daily GROUP BY day, group_id, priority_id, service, ticket_type, channel
     HAVING sum(created) <> 0 OR sum(created_kept) <> 0 OR sum(closed) <> 0 OR sum(closed_kept) <> 0
         OR sum(reopened) <> 0 OR sum(open_delta) <> 0
      ORDER BY 1, 2, 3, 4 NULLS FIRST, 5 NULLS FIRST, 6 NULLS FIRST`,
  );
}

async function report(panel: string, query = ''): Promise<Json> {
  const res = await desk.api(`/eosc_reports/${panel}?from=${FROM}&to=${TO}${query}`, { as: MANAGER });
  expect(res.status).toBe(200);
  return json(res);
}

describe('the daily report rollup', () => {
  it('stays exact through creates, replies, closings, reopenings, moves and merges', async () => {
    const groups = new Map(
      (await desk.db.query<{ id: number; name: string }>('SELECT id, name FROM groups')).map((g) => [
        g.name,
        g.id,
      ]),
    );
    const egi = groups.get('EGI Support') as number;

    await at('2027-05-03T09:00:00.000Z');
    const t1 = await ticket({ priority: '2 normal', eosc_service: 'b2share', eosc_ticket_type: 'incident' });
    const t2 = await ticket({ priority: '1 low', eosc_service: 'egi-check-in' });
    const t3 = await ticket({
      eosc_ticket_type: 'service_request',
      article: { body: 'Mail', type: 'email' },
    });
    const t4 = await ticket({});

    await at('2027-05-04T10:00:00.000Z');
    const reply = await call(desk, 'admin', 'POST', '/ticket_articles', {
      ticket_id: t1.id,
      body: 'Fixed it',
      type: 'email',
      internal: false,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    await update(t1.id, { state: 'closed' });

    await at('2027-05-05T11:00:00.000Z');
    await update(t1.id, { state: 'open' });
    // A move and a new priority take the ticket's whole history along, creation day included.
    await update(t2.id, { group_id: egi, priority: '3 high' });
    await update(t3.id, { state: 'closed' });

    await at('2027-05-06T12:00:00.000Z');
    await update(t1.id, { state: 'closed' });
    const merged = await call(desk, 'admin', 'PUT', `/ticket_merge/${t4.id}/${t2.number}`);
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    await update(t3.id, { eosc_service: 'b2share' });

    // What the triggers appended equals a rebuild from scratch, folded or not.
    const appended = await rollupSums();
    expect((await desk.db.query('SELECT 1 FROM report_daily WHERE fresh')).length).toBeGreaterThan(0);
    await desk.db.query('SELECT report_daily_compact()');
    expect(await rollupSums()).toEqual(appended);
    expect((await desk.db.query('SELECT 1 FROM report_daily WHERE fresh')).length).toBe(0);
    await desk.db.query('SELECT report_daily_rebuild()');
    expect(await rollupSums()).toEqual(appended);

    // The panels, from the rollup, on the figures worked out by hand.
    const volume = await report('volume');
    const day = (d: string) => volume.buckets.find((b: Json) => b.date === d);
    expect(day('2027-05-03')?.created).toBeGreaterThanOrEqual(4);
    expect(day('2027-05-04')?.closed).toBeGreaterThanOrEqual(1);
    const moved = await report('volume', `&group_ids=${egi}`);
    expect(moved.buckets.find((b: Json) => b.date === '2027-05-03')?.created).toBe(1);
    const high = await report('backlog', `&group_ids=${egi}&priority_ids=3`);
    const highOpen = (d: string) => high.buckets.find((b: Json) => b.date === d)?.open;
    // t2 (moved, raised to high) is open from its creation on 3 May.
    expect(highOpen('2027-05-03') - highOpen('2027-05-02')).toBe(1);
    expect(high.buckets.at(-1).open - highOpen('2027-05-02')).toBe(1);
    const reopen = await report('reopen', `&group_ids=${groups.get('Users')}`);
    // t1 first closed on 4 May and reopened (then closed again); t3 closed on 5 May.
    expect(reopen).toMatchObject({ closed: 2, reopened: 1 });
    const services = await report('services', `&group_ids=${groups.get('Users')}`);
    expect(services.services).toEqual([{ service: 'b2share', created: 2 }]);
    const backlog = await report('backlog', `&group_ids=${groups.get('Users')}`);
    const open = (d: string) => backlog.buckets.find((b: Json) => b.date === d)?.open;
    // Users: t1, t3, t4 created on 3 May; t1 closed on the 4th, reopened and t3 closed on the 5th,
    // t1 closed and t4 merged on the 6th.
    const before = open('2027-05-02');
    expect([open('2027-05-03'), open('2027-05-04'), open('2027-05-05'), open('2027-05-06')]).toEqual(
      [3, 2, 2, 0].map((n) => before + n),
    );

    await recountPanels(desk, MANAGER, FROM, TO);
  });

  it('keeps the answers per agent, ticket and day exact through replies, notes, deletions, moves and merges', async () => {
    const groups = new Map(
      (await desk.db.query<{ id: number; name: string }>('SELECT id, name FROM groups')).map((g) => [
        g.name,
        g.id,
      ]),
    );
    const users = groups.get('Users') as number;
    const egi = groups.get('EGI Support') as number;
    const answers = () =>
      desk.db.query(
        `SELECT ticket_id, user_id, day::text, articles, group_id, priority_id, service, ticket_type, channel, kept
           FROM report_answers ORDER BY ticket_id, user_id, day`,
      );
    // What the triggers kept equals a rebuild from the articles, and the panel a recount.
    const check = async () => {
      const kept = await answers();
      await desk.db.query('SELECT report_answers_rebuild()');
      expect(kept).toEqual(await answers());
      for (const query of ['', `&group_ids=${users}`, `&group_ids=${egi}`, '&service=b2share']) {
        const w = await report('workload', query);
        const service = query.includes('service') ? `AND t.eosc_service = 'b2share'` : '';
        const group = query.match(/group_ids=(\d+)/)?.[1];
        const recount = await desk.db.query<{ user_id: number; n: number }>(
          `SELECT a.created_by_id AS user_id, count(DISTINCT a.ticket_id)::int AS n FROM ticket_articles a
             JOIN tickets t ON t.id = a.ticket_id
             JOIN ticket_article_senders se ON se.id = a.sender_id AND se.name = 'Agent'
             JOIN ticket_article_types ty ON ty.id = a.type_id AND ty.name <> 'note'
            WHERE NOT a.internal AND a.created_at >= '${FROM}T00:00:00Z' AND a.created_at < '2027-06-01T00:00:00Z'
              AND t.state_id NOT IN (SELECT id FROM ticket_states WHERE name = 'merged')
              ${group ? `AND t.group_id = ${Number(group)}` : ''} ${service}
            GROUP BY 1 ORDER BY 1`,
        );
        expect(
          w.agents
            .filter((r: Json) => r.answered > 0)
            .map((r: Json) => ({ user_id: r.user_id, n: r.answered }))
            .sort((x: Json, y: Json) => x.user_id - y.user_id),
          query,
        ).toEqual(recount);
      }
    };
    const article = async (
      ticketId: number,
      body: Record<string, unknown>,
      as: 'admin' | 'agent' = 'admin',
    ) => {
      const res = await call(desk, as, 'POST', '/ticket_articles', {
        ticket_id: ticketId,
        body: 'Answer',
        type: 'email',
        internal: false,
        ...body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };

    await at('2027-05-10T09:00:00.000Z');
    // Opened by the admin with a web article as Agent: already answered by the admin.
    const a = await ticket({ eosc_service: 'b2share' });
    const b = await ticket({ eosc_service: 'b2share' });
    const c = await ticket({});
    const before = await report('workload');
    // Two answers the same day (one row, two articles), one the next day; an internal note, a
    // public note and an internal e-mail are no answers.
    await article(a.id, {});
    await article(a.id, { type: 'phone' });
    await article(a.id, { type: 'note', internal: true });
    await article(a.id, { type: 'note' });
    await article(b.id, { internal: true });
    await article(c.id, {}, 'agent');
    await check();
    const ids = new Map(
      (
        await desk.db.query<{ id: number; login: string }>(
          "SELECT id, login FROM users WHERE login IN ('admin@example.org', 'agent@example.org')",
        )
      ).map((u) => [u.login, u.id]),
    );
    const answered = (w: Json, login: string) =>
      w.agents.find((r: Json) => r.user_id === ids.get(login))?.answered ?? 0;
    const after = await report('workload');
    expect(answered(after, 'admin@example.org') - answered(before, 'admin@example.org')).toBe(0);
    expect(answered(after, 'agent@example.org') - answered(before, 'agent@example.org')).toBe(1);

    await at('2027-05-11T09:00:00.000Z');
    const late = await article(a.id, {});
    const toHide = await article(b.id, {});
    await check();
    // Made internal: no longer an answer; deleted (as a purge would): gone.
    const hidden = await call(desk, 'admin', 'PUT', `/ticket_articles/${toHide.id}`, { internal: true });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
    await desk.db.query('DELETE FROM ticket_articles WHERE id = $1', [late.id]);
    await check();
    // A move to another unit and a new service take the ticket's answers along.
    await update(a.id, { group_id: egi });
    await update(c.id, { eosc_service: 'b2share', priority: '3 high' });
    await check();
    // A merge moves the source's answers to the target; the source is left out.
    await article(b.id, {}, 'agent');
    const merged = await call(desk, 'admin', 'PUT', `/ticket_merge/${b.id}/${c.number}`);
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    await check();
    // A deleted ticket takes its answers with it.
    await desk.db.query('DELETE FROM tickets WHERE id = $1', [a.id]);
    await check();
    await recountPanels(desk, MANAGER, FROM, TO);
  });
});
