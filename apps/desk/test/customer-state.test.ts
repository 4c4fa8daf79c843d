import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, makeGroup } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

describe('customers changing the state of their ticket', () => {
  it('may close and reopen it, but not choose pending or merged states', async () => {
    const t = await createTicket(desk, 'customer', {});
    const closed = await call(desk, 'customer', 'PUT', `/tickets/${t.id}?expand=true`, { state: 'closed' });
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.last_close_at).not.toBeNull();
    const reopened = await call(desk, 'customer', 'PUT', `/tickets/${t.id}?expand=true`, { state: 'open' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.state).toBe('open');
    for (const state of ['pending reminder', 'pending close', 'merged', 'new']) {
      const res = await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, { state });
      expect(res.status, state).toBe(422);
      expect(res.body.error).toMatch(/^Invalid value for param 'state_id'/);
    }
    // unchanged by the refusals; the same state again is no change and allowed
    const same = await call(desk, 'customer', 'PUT', `/tickets/${t.id}?expand=true`, { state: 'open' });
    expect(same.status).toBe(200);
    expect(same.body.state).toBe('open');
    // agents keep every state
    const pending = await call(desk, 'agent', 'PUT', `/tickets/${t.id}?expand=true`, {
      state: 'pending reminder',
      pending_time: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(pending.status).toBe(200);
    expect(pending.body.state).toBe('pending reminder');
  });

  it("refuses a customer's reopen on a group that wants a new ticket, with 422", async () => {
    const group = await makeGroup(desk, { followUp: 'new_ticket' });
    await desk.db.query("UPDATE settings SET value = '[]' WHERE name = 'customer_ticket_create_group_ids'");
    const t = await createTicket(desk, 'customer', { group_id: group });
    expect((await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, { state: 'closed' })).status).toBe(200);
    const reopen = await call(desk, 'customer', 'PUT', `/tickets/${t.id}`, { state: 'open' });
    expect(reopen.status).toBe(422);
    expect(reopen.body.error).toBe('Cannot follow-up on a closed ticket. Please create a new ticket.');
    const after = await call(desk, 'customer', 'GET', `/tickets/${t.id}?expand=true`);
    expect(after.body.state).toBe('closed');
  });
});
