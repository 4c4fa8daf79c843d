import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

const search = (body: unknown) => call(desk, 'agent', 'POST', '/tickets/search', body);
const ids = (r: { body: Json }) =>
  (r.body.records as Json[]).map((t) => t.id as number).sort((a, b) => a - b);

describe('ticket search: ticket.mention_user_ids in a condition', () => {
  it('matches tickets the caller (or given users) subscribed to, negated too, inside blocks', async () => {
    const tag = `mnt${Date.now()}`;
    const a = await createTicket(desk, 'customer', { title: `${tag} mentioned` });
    const b = await createTicket(desk, 'customer', { title: `${tag} quiet` });
    expect(
      (await call(desk, 'agent', 'POST', '/mentions', { mentionable_type: 'Ticket', mentionable_id: a.id }))
        .status,
    ).toBe(201);
    const me = (await call(desk, 'agent', 'GET', '/users/me')).body.id as number;

    const mine = await search({
      query: tag,
      with_total_count: true,
      condition: {
        'ticket.mention_user_ids': { operator: 'is', pre_condition: 'current_user.id', value: [] },
      },
    });
    expect(mine.status).toBe(200);
    expect(ids(mine)).toEqual([a.id]);
    expect(mine.body.total_count).toBe(1);

    // The expert form, as the BFF combines an overview's condition with an agent's filters.
    const combined = await search({
      query: tag,
      with_total_count: true,
      condition: {
        operator: 'AND',
        conditions: [
          {
            operator: 'AND',
            conditions: [{ name: 'ticket.mention_user_ids', operator: 'is not', value: [String(me)] }],
          },
          { name: 'ticket.title', operator: 'contains', value: tag },
        ],
      },
    });
    expect(ids(combined)).toEqual([b.id]);

    const bad = await search({
      query: tag,
      condition: { 'ticket.mention_user_ids': { operator: 'contains', value: 'x' } },
    });
    expect(bad.status).toBe(422);
    const notIds = await search({
      query: tag,
      condition: { 'ticket.mention_user_ids': { operator: 'is', value: ['abc'] } },
    });
    expect(notIds.status).toBe(422);
    expect(notIds.body.error).toMatch(/user ids/);
  });
});
