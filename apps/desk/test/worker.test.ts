// The background worker: each recurring kind through the test clock (which runs what became
// due), notices once per due time, the admins' view, and the once-only rule with two worker
// processes (two connection pools) racing over one database, a crashed claim, retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { type Db, openPostgres } from '../src/db/client.ts';
import { claimJob, enqueue, finishJob } from '../src/domain/jobs.ts';
import { deskJobKinds } from '../src/jobs/kinds.ts';
import { type JobKind, Worker } from '../src/jobs/worker.ts';
import { now } from '../src/lib/clock.ts';
import { authHeader, type RunningDesk, startDesk } from './harness.ts';
import { call, type Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
let other: Db;
let ids: { admin: number; agent: number };

beforeAll(async () => {
  desk = await startDesk({ testClock: true });
  // A second pool on the same database: what a second desk process would hold.
  other = await openPostgres(desk.dbUrl);
  ids = {
    admin: (await call(desk, 'admin', 'GET', '/users/me')).body.id,
    agent: (await call(desk, 'agent', 'GET', '/users/me')).body.id,
  };
  await desk.db.exec(
    'CREATE TABLE worker_runs (job_id bigint NOT NULL, worker text NOT NULL, at timestamptz DEFAULT clock_timestamp())',
  );
});
afterAll(async () => {
  await other?.close();
  await desk?.close();
});

async function at(iso: string): Promise<Json> {
  const moved = await call(desk, 'admin', 'PUT', '/eosc_test_clock', { now: iso });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  return moved.body;
}

async function ticket(when: string, body: Record<string, unknown>): Promise<Json> {
  await at(when);
  const res = await call(desk, 'admin', 'POST', '/tickets', {
    title: 'Worker check',
    customer: 'customer@example.org',
    article: { body: 'Broken.', type: 'web', sender: 'Customer' },
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function notices(userId: number, ticketId: number): Promise<string[]> {
  const rows = await desk.db.query<{ type: string }>(
    `SELECT type FROM online_notifications WHERE user_id = $1 AND o_id = $2 AND type NOT IN ('create', 'update')
      ORDER BY id`,
    [userId, ticketId],
  );
  return rows.map((r) => r.type);
}

async function historyTypes(ticketId: number): Promise<string[]> {
  const { history } = (await call(desk, 'admin', 'GET', `/ticket_history/${ticketId}`)).body;
  return (history as Json[]).filter((h) => h.type.startsWith('escalation')).map((h) => h.type);
}

describe('escalation warnings and escalations', () => {
  it("warns at 75 % and escalates at 100 %, once each, to the unit's agents while unowned", async () => {
    // EGI Support · 4 top priority: 240 from Mon 11 Jan 2027 09:00 CET → 13:00 CET (12:00Z);
    // the warning at 180 → 12:00 CET (11:00Z). The demo admin and agent are its agents.
    const t = await ticket('2027-01-11T08:00:00.000Z', { group: 'EGI Support', priority: '4 top priority' });
    await at('2027-01-11T10:59:00.000Z');
    expect(await notices(ids.agent, t.id)).toEqual([]);

    const warned = await at('2027-01-11T11:00:00.000Z');
    expect(warned.ran.find((r: Json) => r.kind === 'escalation').result.warnings).toBeGreaterThanOrEqual(1);
    expect(await notices(ids.agent, t.id)).toEqual(['escalation_warning']);
    expect(await notices(ids.admin, t.id)).toEqual(['escalation_warning']);
    await at('2027-01-11T11:30:00.000Z');
    expect(await notices(ids.agent, t.id)).toEqual(['escalation_warning']);

    await at('2027-01-11T12:00:00.000Z');
    expect(await notices(ids.agent, t.id)).toEqual(['escalation_warning', 'escalation']);
    await at('2027-01-11T12:30:00.000Z');
    await at('2027-01-12T12:30:00.000Z');
    expect(await notices(ids.agent, t.id)).toEqual(['escalation_warning', 'escalation']);
    expect(await historyTypes(t.id)).toEqual(['escalation_warning', 'escalation']);

    // The bell shows them with Zammad's type names.
    const bell = (await call(desk, 'agent', 'GET', '/online_notifications?expand=true')).body as Json[];
    expect(bell.filter((n) => n.o_id === t.id).map((n) => n.type)).toEqual([
      'escalation',
      'escalation_warning',
    ]);
  });

  it('tells only the owner of an owned ticket, and only escalates when both times passed at once', async () => {
    const t = await ticket('2027-01-18T08:00:00.000Z', {
      group: 'EGI Support',
      priority: '4 top priority',
      owner_id: ids.agent,
    });
    // Four hours later both the warning and the escalation time have passed.
    await at('2027-01-18T13:00:00.000Z');
    expect(await notices(ids.agent, t.id)).toEqual(['escalation']);
    expect(await notices(ids.admin, t.id)).toEqual([]);
    expect(await historyTypes(t.id)).toEqual(['escalation']);

    // The customer writes again after the agent's answer: a new due time, a new notice.
    await at('2027-01-18T13:05:00.000Z');
    await call(desk, 'admin', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'Looking.',
      type: 'phone',
      internal: false,
    });
    await at('2027-01-19T08:00:00.000Z');
    await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, { article: { body: 'Any news?', type: 'web' } });
    // Update time 240 from Tue 09:00 CET → 13:00 CET (12:00Z).
    expect((await call(desk, 'admin', 'GET', `/tickets/${t.id}`)).body.escalation_at).toBe(
      '2027-01-19T12:00:00.000Z',
    );
    await at('2027-01-19T11:00:00.000Z');
    await at('2027-01-19T12:00:00.000Z');
    expect(await notices(ids.agent, t.id)).toEqual(['escalation', 'escalation_warning', 'escalation']);
  });
});

describe('pending states', () => {
  it("reminds the owner once when a pending reminder's time comes", async () => {
    const t = await ticket('2027-02-01T08:00:00.000Z', { group: 'Users', owner_id: ids.agent });
    await call(desk, 'admin', 'PUT', `/tickets/${t.id}`, {
      state: 'pending reminder',
      pending_time: '2027-02-02T10:00:00.000Z',
    });
    await at('2027-02-02T09:59:00.000Z');
    expect(await notices(ids.agent, t.id)).toEqual([]);
    const reached = await at('2027-02-02T10:00:00.000Z');
    expect(
      reached.ran.find((r: Json) => r.kind === 'pending_reminder').result.reminders,
    ).toBeGreaterThanOrEqual(1);
    await at('2027-02-02T11:00:00.000Z');
    expect(await notices(ids.agent, t.id)).toEqual(['reminder_reached']);
  });

  it('closes a pending-close ticket when its time comes, as the system', async () => {
    const t = await ticket('2027-02-01T08:00:00.000Z', { group: 'Users', owner_id: ids.agent });
    await call(desk, 'admin', 'PUT', `/tickets/${t.id}`, {
      state: 'pending close',
      pending_time: '2027-02-03T08:00:00.000Z',
    });
    await at('2027-02-03T07:00:00.000Z');
    expect((await call(desk, 'admin', 'GET', `/tickets/${t.id}?expand=true`)).body.state).toBe(
      'pending close',
    );
    await at('2027-02-03T08:00:30.000Z');
    const closed = (await call(desk, 'admin', 'GET', `/tickets/${t.id}?expand=true`)).body;
    expect(closed).toMatchObject({
      state: 'closed',
      close_at: '2027-02-03T08:00:30.000Z',
      pending_time: null,
      updated_by_id: 1,
    });
    const { history } = (await call(desk, 'admin', 'GET', `/ticket_history/${t.id}`)).body;
    // The last state change (the state-change trigger's mail article comes after it).
    expect((history as Json[]).findLast((h) => h.attribute === 'state')).toMatchObject({
      type: 'updated',
      attribute: 'state',
      value_from: 'pending close',
      value_to: 'closed',
      created_by_id: 1,
    });
    // The owner hears of the change, as of any other.
    expect(
      (
        await desk.db.query(
          `SELECT 1 FROM online_notifications WHERE o_id = $1 AND user_id = $2 AND type = 'update'`,
          [t.id, ids.agent],
        )
      ).length,
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('the review rule', () => {
  it('lists an open ticket untouched for five working days in "Needs Review"', async () => {
    // Created (and last changed) Mon 1 Mar 2027 10:00 CET: five working days → Mon 8 Mar 10:00 CET.
    const t = await ticket('2027-03-01T09:00:00.000Z', { group: 'EUDAT Support', state: 'open' });
    expect(t.review_at).toBe('2027-03-08T09:00:00.000Z');
    const listed = async () =>
      (
        (await call(desk, 'admin', 'GET', '/ticket_overviews?view=all_needs_review')).body.index
          .tickets as Json[]
      ).map((x) => x.id);
    await at('2027-03-08T08:59:00.000Z');
    expect(await listed()).not.toContain(t.id);
    await at('2027-03-08T09:00:00.000Z');
    expect(await listed()).toContain(t.id);
    const jobs = (await call(desk, 'admin', 'GET', '/eosc_worker_jobs')).body as Json[];
    const review = jobs.find((j) => j.kind === 'review');
    await call(desk, 'admin', 'POST', `/eosc_worker_jobs/${review.id}/run`);
    const marked = await desk.db.query(
      `SELECT due_at FROM ticket_due_notices WHERE ticket_id = $1 AND kind = 'review'`,
      [t.id],
    );
    expect(marked).toHaveLength(1);

    // Touched again: off the list for another five working days.
    await call(desk, 'admin', 'PUT', `/tickets/${t.id}`, { title: 'Looked at' });
    expect(await listed()).not.toContain(t.id);
    expect((await call(desk, 'admin', 'GET', `/tickets/${t.id}`)).body.review_at).toBe(
      '2027-03-15T09:00:00.000Z',
    );
  });
});

describe('the admin view of the jobs', () => {
  it('lists recurring jobs first with their schedule and counts (admin.scheduler)', async () => {
    const res = await call(desk, 'admin', 'GET', '/eosc_worker_jobs');
    expect(res.status).toBe(200);
    const jobs = res.body as Json[];
    expect(jobs.slice(0, 4).map((j) => j.kind)).toEqual([
      'escalation',
      'pending_close',
      'pending_reminder',
      'review',
    ]);
    expect(jobs[0]).toMatchObject({ recurring: true, interval_seconds: 60, attempts: 0, locked_at: null });
    expect(jobs[0].runs).toBeGreaterThan(0);
    expect(typeof jobs[0].last_run_at).toBe('string');
    expect(jobs[0].last_result).toMatchObject({ escalations: expect.any(Number) });
    for (const as of ['agent', 'customer'] as const)
      expect((await call(desk, as, 'GET', '/eosc_worker_jobs')).status).toBe(403);
    expect((await call(desk, 'admin', 'POST', '/eosc_worker_jobs/999999/run')).status).toBe(404);
  });

  it('dates its replies by its own clock, which clients showing time left compare with', async () => {
    await at('2027-02-01T10:00:00.000Z');
    const res = await desk.api('/users/me', { as: 'agent' });
    expect(res.status).toBe(200);
    expect(res.headers.get('date')).toBe('Mon, 01 Feb 2027 10:00:00 GMT');
  });

  it('serves the test clock only when asked to', async () => {
    const app = createApp({ db: desk.db });
    const res = await app.request('/api/v1/eosc_test_clock', { headers: authHeader('admin') });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'No route matches [GET] /api/v1/eosc_test_clock' });
    expect((await call(desk, 'agent', 'GET', '/eosc_test_clock')).status).toBe(403);
  });
});

describe('once only, with two processes', () => {
  /** A kind that records which worker ran which job, slowly enough for the two to overlap. */
  const counting = (worker: string): JobKind => ({
    kind: 'test_count',
    run: async (db, job) => {
      await db.query('INSERT INTO worker_runs (job_id, worker) VALUES ($1, $2)', [job.id, worker]);
      await new Promise((ok) => setTimeout(ok, 20));
      return { worker };
    },
  });

  it('runs each due job exactly once while two workers race for them', async () => {
    const jobIds: number[] = [];
    for (let i = 0; i < 40; i++) jobIds.push(await enqueue(desk.db, 'test_count', { i }));
    const a = new Worker(desk.db, [counting('a')], { maxPerTick: 100 });
    const b = new Worker(other, [counting('b')], { maxPerTick: 100 });
    const [ranA, ranB] = await Promise.all([a.tick(), b.tick()]);
    expect(ranA.length + ranB.length).toBe(40);
    expect(ranA.length).toBeGreaterThan(0);
    expect(ranB.length).toBeGreaterThan(0);
    const runs = await desk.db.query<{ job_id: number; n: number }>(
      'SELECT job_id, count(*)::int AS n FROM worker_runs GROUP BY job_id ORDER BY job_id',
    );
    expect(runs.map((r) => r.job_id)).toEqual(jobIds);
    expect(runs.every((r) => r.n === 1)).toBe(true);
    expect(await desk.db.query(`SELECT id FROM jobs WHERE kind = 'test_count'`)).toEqual([]);
  });

  it('notifies once when two workers run the escalation job at the same moment', async () => {
    const t = await ticket('2027-04-05T08:00:00.000Z', { group: 'EGI Support', priority: '4 top priority' });
    // Past the escalation time, without running the jobs (the clock is moved outside the route).
    const { setClock } = await import('../src/lib/clock.ts');
    setClock(new Date('2027-04-06T12:00:00.000Z'));
    await desk.db.query(`UPDATE jobs SET run_at = $1 WHERE recurring`, [now()]);
    const a = new Worker(desk.db, deskJobKinds());
    const b = new Worker(other, deskJobKinds());
    await Promise.all([a.tick(), b.tick(), a.runDue(), b.runDue()]);
    // The recurring job itself ran once; a notice claim keeps even overlapping runs to one notice.
    expect(await notices(ids.agent, t.id)).toEqual(['escalation']);
    const rows = await desk.db.query<{ runs: number }>(`SELECT runs FROM jobs WHERE kind = 'escalation'`);
    expect(rows).toHaveLength(1);
  });

  it('takes over the job of a crashed process once its lease is over; the late finish is void', async () => {
    const id = await enqueue(desk.db, 'test_count', { crash: true });
    const crashed = await claimJob(other, ['test_count'], { leaseMs: 1000 });
    expect(crashed?.id).toBe(id);
    const b = new Worker(desk.db, [counting('b')], { leaseMs: 1000 });
    expect(await b.tick()).toEqual([]); // the lease still holds
    await new Promise((ok) => setTimeout(ok, 1300));
    const ran = await b.tick();
    expect(ran.map((r) => r.id)).toEqual([id]);
    expect(await finishJob(other, crashed as NonNullable<typeof crashed>, {}, 1)).toBeUndefined();
    expect(
      (
        await desk.db.query<{ n: number }>('SELECT count(*)::int AS n FROM worker_runs WHERE job_id = $1', [
          id,
        ])
      )[0]?.n,
    ).toBe(1);
  });

  it('retries a failed job with back-off and parks it after its last attempt', async () => {
    let calls = 0;
    const failing: JobKind = {
      kind: 'test_fail',
      run: async () => {
        calls += 1;
        throw new Error(`attempt ${calls} failed`);
      },
    };
    const id = await enqueue(desk.db, 'test_fail', {}, { maxAttempts: 2 });
    const w = new Worker(desk.db, [failing]);
    const { advanceClock } = await import('../src/lib/clock.ts');
    await w.tick();
    let job = (await desk.db.query<Json>('SELECT * FROM jobs WHERE id = $1', [id]))[0];
    expect(job).toMatchObject({ attempts: 1, failures: 1, last_error: 'attempt 1 failed', dead: false });
    expect(new Date(job.run_at).getTime() - now().getTime()).toBe(30_000);
    expect(await w.tick()).toEqual([]); // not before its back-off
    advanceClock(30_000);
    await w.tick();
    job = (await desk.db.query<Json>('SELECT * FROM jobs WHERE id = $1', [id]))[0];
    expect(job).toMatchObject({ attempts: 2, failures: 2, last_error: 'attempt 2 failed', dead: true });
    advanceClock(3_600_000);
    expect(await w.tick()).toEqual([]);
    // Admins see it with its error.
    const listed = ((await call(desk, 'admin', 'GET', '/eosc_worker_jobs')).body as Json[]).find(
      (j) => j.id === id,
    );
    expect(listed).toMatchObject({
      kind: 'test_fail',
      attempts: 2,
      failures: 2,
      last_error: 'attempt 2 failed',
    });
  });
});
