// Due times and SLA figures over real HTTP, against hand-computed expectations. The demo data
// holds the "EOSC working hours" calendar (Brussels, Mon–Fri 09:00–17:00, Belgian holidays) and
// the QoS SLAs: EGI Support is advanced, EUDAT Support medium, First-Line Support base; the
// test clock puts each ticket's creation and later steps at chosen instants. Brussels is UTC+1
// in winter (CET) and UTC+2 in summer (CEST).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, type Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk({ testClock: true });
});
afterAll(async () => {
  await desk?.close();
});

async function at(iso: string): Promise<Json> {
  const moved = await call(desk, 'admin', 'PUT', '/eosc_test_clock', { now: iso });
  expect(moved.status).toBe(200);
  return moved.body;
}

/** A customer's web ticket, created at `when` (UTC). */
async function ticket(when: string, group: string, priority: string, title = 'SLA check'): Promise<Json> {
  await at(when);
  const res = await call(desk, 'customer', 'POST', '/tickets', {
    title,
    group,
    priority,
    article: { body: 'Something is broken.', type: 'web' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function show(id: number): Promise<Json> {
  return (await call(desk, 'admin', 'GET', `/tickets/${id}`)).body;
}

async function update(id: number, when: string, body: Record<string, unknown>): Promise<Json> {
  await at(when);
  const res = await call(desk, 'admin', 'PUT', `/tickets/${id}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** An agent's public phone answer (a communication article by an Agent). */
async function answer(id: number, when: string): Promise<void> {
  await at(when);
  const res = await call(desk, 'admin', 'POST', '/ticket_articles', {
    ticket_id: id,
    body: 'We are on it.',
    type: 'phone',
    internal: false,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const due = (t: Json) => ({
  first_response_escalation_at: t.first_response_escalation_at,
  update_escalation_at: t.update_escalation_at,
  close_escalation_at: t.close_escalation_at,
  escalation_at: t.escalation_at,
  escalation_warning_at: t.escalation_warning_at,
});

describe('first response and update times', () => {
  it('runs from creation in working time, and the answer fills the figures', async () => {
    // EGI Support (advanced) · 3 high: 480 working minutes for first response and update.
    // Mon 11 Jan 2027 10:00 CET + 480 → Tue 12 Jan 10:00 CET; 75 % (360) → Mon 16:00 CET.
    const t = await ticket('2027-01-11T09:00:00.000Z', 'EGI Support', '3 high');
    expect(due(t)).toEqual({
      first_response_escalation_at: '2027-01-12T09:00:00.000Z',
      update_escalation_at: '2027-01-12T09:00:00.000Z',
      close_escalation_at: null,
      escalation_at: '2027-01-12T09:00:00.000Z',
      escalation_warning_at: '2027-01-11T15:00:00.000Z',
    });
    expect(t.first_response_in_min).toBeNull();

    // The agent answers at 14:30 CET: 270 working minutes after creation, 210 to spare.
    await answer(t.id, '2027-01-11T13:30:00.000Z');
    const answered = await show(t.id);
    expect(answered.first_response_at).toBe('2027-01-11T13:30:00.000Z');
    expect(due(answered)).toEqual({
      first_response_escalation_at: null,
      update_escalation_at: null,
      close_escalation_at: null,
      escalation_at: null,
      escalation_warning_at: null,
    });
    expect(answered).toMatchObject({
      first_response_in_min: 270,
      first_response_diff_in_min: 210,
      update_in_min: 270,
      update_diff_in_min: 210,
      close_in_min: null,
    });

    // The customer writes again on Wed 13 Jan 16:00 CET: the update time runs from there,
    // 60 minutes on Wednesday and 420 on Thursday → Thu 14 Jan 16:00 CET.
    await at('2027-01-13T15:00:00.000Z');
    await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, {
      article: { body: 'Still broken.', type: 'web' },
    });
    // A second customer message does not restart the wait (check_if_agent_already_replied).
    await at('2027-01-14T08:00:00.000Z');
    await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, { article: { body: 'Hello?', type: 'web' } });
    const waiting = await show(t.id);
    expect(waiting.last_contact_customer_at).toBe('2027-01-13T15:00:00.000Z');
    expect(waiting.update_escalation_at).toBe('2027-01-14T15:00:00.000Z');
    expect(waiting.escalation_at).toBe('2027-01-14T15:00:00.000Z');
    // 75 % of 480 = 360: 60 on Wednesday, 300 on Thursday → Thu 14:00 CET.
    expect(waiting.escalation_warning_at).toBe('2027-01-14T13:00:00.000Z');

    // The answer on Thu 12:00 CET: 60 + 180 = 240 minutes; the longest wait stays 270.
    await answer(t.id, '2027-01-14T11:00:00.000Z');
    const again = await show(t.id);
    expect(again).toMatchObject({ update_escalation_at: null, update_in_min: 270, update_diff_in_min: 210 });
  });

  it('skips the weekend', async () => {
    // EGI Support · 4 top priority: 240. Fri 15 Jan 15:00 CET: 120 on Friday, 120 on Monday
    // → Mon 18 Jan 11:00 CET; the warning (180) at Mon 10:00 CET.
    const t = await ticket('2027-01-15T14:00:00.000Z', 'EGI Support', '4 top priority');
    expect(t.escalation_at).toBe('2027-01-18T10:00:00.000Z');
    expect(t.escalation_warning_at).toBe('2027-01-18T09:00:00.000Z');
  });

  it('skips public holidays (Ascension Day), in summer time', async () => {
    // EUDAT Support (medium) · 3 high: 480. Wed 5 May 2027 16:00 CEST: 60 on Wednesday,
    // Thursday 6 May is Ascension Day, 420 on Friday → Fri 7 May 16:00 CEST (14:00Z).
    const t = await ticket('2027-05-05T14:00:00.000Z', 'EUDAT Support', '3 high');
    expect(t.first_response_escalation_at).toBe('2027-05-07T14:00:00.000Z');
    // 360: 60 + 300 → Fri 14:00 CEST.
    expect(t.escalation_warning_at).toBe('2027-05-07T12:00:00.000Z');
  });

  it('follows the wall clock across the change to summer time', async () => {
    // EGI Support · 4 top priority: 240. Fri 24 Mar 2028 16:00 CET (15:00Z): 60 on Friday; the
    // clocks go forward on Sunday 26 March; Mon 27 Mar 09:00 CEST (07:00Z) + 180 → 12:00 CEST.
    const t = await ticket('2028-03-24T15:00:00.000Z', 'EGI Support', '4 top priority');
    expect(t.escalation_at).toBe('2028-03-27T10:00:00.000Z');
    // 180: 60 + 120 → Mon 11:00 CEST.
    expect(t.escalation_warning_at).toBe('2028-03-27T09:00:00.000Z');
  });

  it('skips a holiday right after the change to summer time (Easter Monday 2027)', async () => {
    // Fri 26 Mar 2027 16:00 CET: 60 on Friday; Sunday 28 March is both Easter and the change to
    // summer time, Monday 29 March a holiday → Tue 30 Mar 09:00 CEST + 180 → 12:00 CEST (10:00Z).
    const t = await ticket('2027-03-26T15:00:00.000Z', 'EGI Support', '4 top priority');
    expect(t.escalation_at).toBe('2027-03-30T10:00:00.000Z');
    expect(t.escalation_warning_at).toBe('2027-03-30T09:00:00.000Z');
  });

  it('follows the wall clock back to winter time, over All Saints', async () => {
    // Fri 29 Oct 2027 16:00 CEST (14:00Z): 60 on Friday; the clocks go back on Sunday 31 October;
    // Monday 1 November is All Saints' Day → Tue 2 Nov 09:00 CET + 180 → 12:00 CET (11:00Z).
    const t = await ticket('2027-10-29T14:00:00.000Z', 'EGI Support', '4 top priority');
    expect(t.escalation_at).toBe('2027-11-02T11:00:00.000Z');
    expect(t.escalation_warning_at).toBe('2027-11-02T10:00:00.000Z');
  });

  it('uses the base level (five working days) for base units', async () => {
    // First-Line Support (base) · 2 normal: 2400 = five working days. Mon 11 Jan 09:00 CET
    // → Fri 15 Jan 17:00 CET (the end of a period, not the next morning).
    const t = await ticket('2027-01-11T08:00:00.000Z', 'First-Line Support', '2 normal');
    expect(t.escalation_at).toBe('2027-01-15T16:00:00.000Z');
    // 1800 = 3¾ days → Thu 14 Jan 15:00 CET.
    expect(t.escalation_warning_at).toBe('2027-01-14T14:00:00.000Z');
  });

  it('gives no due times in groups that are not units', async () => {
    const t = await ticket('2027-01-11T08:00:00.000Z', 'Users', '3 high');
    expect(due(t)).toEqual({
      first_response_escalation_at: null,
      update_escalation_at: null,
      close_escalation_at: null,
      escalation_at: null,
      escalation_warning_at: null,
    });
  });
});

describe('pending states stop the clock', () => {
  it('leaves the pending period out of the due times', async () => {
    // EUDAT Support · 3 high: 480. Created Mon 11 Jan 09:00 CET, due at 17:00 CET; pending from
    // Mon 11:00 CET (120 worked) to Tue 11:00 CET; the remaining 360 → Tue 17:00 CET (16:00Z).
    const t = await ticket('2027-01-11T08:00:00.000Z', 'EUDAT Support', '3 high');
    expect(t.escalation_at).toBe('2027-01-11T16:00:00.000Z');
    const pending = await update(t.id, '2027-01-11T10:00:00.000Z', {
      state: 'pending reminder',
      pending_time: '2027-01-20T08:00:00.000Z',
    });
    expect(due(pending)).toEqual({
      first_response_escalation_at: null,
      update_escalation_at: null,
      close_escalation_at: null,
      escalation_at: null,
      escalation_warning_at: null,
    });
    const reopened = await update(t.id, '2027-01-12T10:00:00.000Z', { state: 'open' });
    expect(reopened.first_response_escalation_at).toBe('2027-01-12T16:00:00.000Z');
    expect(reopened.escalation_at).toBe('2027-01-12T16:00:00.000Z');
    // 75 % (360): 120 on Monday, 240 on Tuesday after the pause → Tue 15:00 CET.
    expect(reopened.escalation_warning_at).toBe('2027-01-12T14:00:00.000Z');

    // Answered Tue 12:00 CET: 120 + 60 = 180 working minutes, the pause left out.
    await answer(t.id, '2027-01-12T11:00:00.000Z');
    expect(await show(t.id)).toMatchObject({ first_response_in_min: 180, first_response_diff_in_min: 300 });
  });
});

describe('the SLA follows the ticket', () => {
  it('switches SLA when the priority changes mid-ticket, counting from creation', async () => {
    // EGI Support · 1 low: 2400 from Mon 11 Jan 09:00 CET → Fri 15 Jan 17:00 CET.
    const t = await ticket('2027-01-11T08:00:00.000Z', 'EGI Support', '1 low');
    expect(t.escalation_at).toBe('2027-01-15T16:00:00.000Z');
    // Raised to top priority at 10:00: 240 from creation → Mon 13:00 CET.
    const raised = await update(t.id, '2027-01-11T09:00:00.000Z', { priority: '4 top priority' });
    expect(raised.escalation_at).toBe('2027-01-11T12:00:00.000Z');
    expect(raised.escalation_warning_at).toBe('2027-01-11T11:00:00.000Z');
  });

  it("recomputes open tickets when a unit's level changes", async () => {
    const admin = (await call(desk, 'admin', 'GET', '/users/me')).body;
    const unit = (
      await call(desk, 'admin', 'POST', '/groups', {
        name: 'SLA level unit',
        support_unit: true,
        qos_level: 'medium',
        support_line: 2,
        user_ids: [admin.id],
      })
    ).body;
    // Medium · 2 normal: 2400 from Mon 11 Jan 09:00 CET → Fri 15 Jan 17:00 CET.
    await at('2027-01-11T08:00:00.000Z');
    const created = await call(desk, 'admin', 'POST', '/tickets', {
      title: 'Level change',
      group_id: unit.id,
      priority: '2 normal',
      customer: 'customer@example.org',
      article: { body: 'x', type: 'web', sender: 'Customer' },
    });
    expect(created.status).toBe(201);
    expect(created.body.escalation_at).toBe('2027-01-15T16:00:00.000Z');

    const changed = await call(desk, 'admin', 'PUT', `/groups/${unit.id}`, { qos_level: 'advanced' });
    expect(changed.body.qos_level).toBe('advanced');
    // The advanced SLA names the unit now; the worker recomputes the open tickets.
    const slas = (await call(desk, 'admin', 'GET', '/slas')).body as Json[];
    const advanced = slas.find((s) => s.name === 'EOSC QoS Advanced · 2 normal');
    expect(advanced.condition['ticket.group_id'].value).toContain(String(unit.id));
    const moved = await at('2027-01-11T08:00:00.000Z');
    expect(moved.ran.map((r: Json) => r.kind)).toContain('recompute_escalations');
    // Advanced · 2 normal: 480 → Mon 11 Jan 17:00 CET.
    expect((await show(created.body.id)).escalation_at).toBe('2027-01-11T16:00:00.000Z');
  });

  it('fills the close pair from an SLA with a solution time', async () => {
    // An admin's SLA, first by name: solution within 960 working minutes (two days).
    const calendars = (await call(desk, 'admin', 'GET', '/calendars')).body as Json[];
    const eosc = calendars.find((c) => c.default);
    const sla = await call(desk, 'admin', 'POST', '/slas', {
      name: 'A solution SLA',
      calendar_id: eosc.id,
      first_response_time: 60,
      solution_time: 960,
      condition: { 'ticket.title': { operator: 'contains', value: 'solution-pair' } },
    });
    expect(sla.status).toBe(201);
    // Mon 11 Jan 09:00 CET + 960 → Tue 17:00 CET; first response + 60 → Mon 10:00 CET.
    const t = await ticket('2027-01-11T08:00:00.000Z', 'Users', '2 normal', 'solution-pair check');
    expect(due(t)).toEqual({
      first_response_escalation_at: '2027-01-11T09:00:00.000Z',
      update_escalation_at: null,
      close_escalation_at: '2027-01-12T16:00:00.000Z',
      escalation_at: '2027-01-11T09:00:00.000Z',
      escalation_warning_at: '2027-01-11T08:45:00.000Z',
    });
    // Closed Tue 11:00 CET: 480 + 120 = 600 minutes, 360 to spare.
    const closed = await update(t.id, '2027-01-12T10:00:00.000Z', { state: 'closed' });
    expect(closed).toMatchObject({
      close_at: '2027-01-12T10:00:00.000Z',
      close_in_min: 600,
      close_diff_in_min: 360,
      close_escalation_at: null,
      escalation_at: null,
    });
    await call(desk, 'admin', 'DELETE', `/slas/${sla.body.id}`);
  });
});

describe('escalation_at in overviews and searches', () => {
  it('lists escalated tickets in the seeded overview and finds them by condition', async () => {
    // EGI Support · 4 top priority from Mon 11 Jan 09:00 CET: 240 → 13:00 CET (12:00Z).
    const t = await ticket('2027-01-11T08:00:00.000Z', 'EGI Support', '4 top priority', 'overview check');
    const listed = async () =>
      (
        (await call(desk, 'admin', 'GET', '/ticket_overviews?view=all_escalated')).body.index
          .tickets as Json[]
      ).map((x) => x.id);
    await at('2027-01-11T11:00:00.000Z');
    expect(await listed()).not.toContain(t.id);
    // "till (relative) 10 minutes": from 11:50Z on.
    await at('2027-01-11T11:51:00.000Z');
    expect(await listed()).toContain(t.id);

    const search = await call(desk, 'admin', 'POST', '/tickets/search', {
      condition: {
        'ticket.escalation_at': { operator: 'before (absolute)', value: '2027-01-11T12:00:00.000Z' },
        'ticket.title': { operator: 'contains', value: 'overview check' },
      },
    });
    expect(search.status).toBe(200);
    expect((search.body as Json[]).map((x) => x.id)).toEqual([t.id]);
  });
});
