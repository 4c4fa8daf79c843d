import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nested } from '../src/http/input.ts';
import { json, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
  for (const k of ['polluted', 'operator', 'value', 'isAdmin'])
    delete (Object.prototype as Record<string, unknown>)[k];
});

const pristine = () => {
  const o = {} as Record<string, unknown>;
  return [o.polluted, o.operator, o.value, o.isAdmin];
};

describe('nested params never reach the object prototype', () => {
  it.each([
    ['condition[__proto__][polluted]', 'yes'],
    ['condition[constructor][prototype][polluted]', 'yes'],
    ['condition[ticket.title][__proto__][operator]', 'contains'],
    ['condition[prototype][polluted]', 'yes'],
  ])('%s', (key, value) => {
    const out = nested({ [key]: value }, 'condition');
    expect(pristine()).toEqual([undefined, undefined, undefined, undefined]);
    // The prototype keys are dropped, not kept as data.
    expect(JSON.stringify(out ?? {})).not.toContain('polluted');
  });

  it('a search with condition[__proto__][…] changes nothing for later requests', async () => {
    const q = new URLSearchParams({
      query: '*',
      'condition[__proto__][operator]': 'is',
      'condition[__proto__][value]': '1',
      'condition[constructor][prototype][isAdmin]': 'true',
    });
    const res = await desk.api(`/tickets/search?${q}`, { as: 'agent', contract: false });
    expect(res.status).toBeLessThan(500);
    expect(pristine()).toEqual([undefined, undefined, undefined, undefined]);
    // A later write still sees a clean prototype: creating a ticket works as before.
    const created = await desk.api('/tickets', {
      as: 'customer',
      method: 'POST',
      body: JSON.stringify({ title: 'after pollution', group: 'Users', article: { body: 'x' } }),
    });
    expect(created.status).toBe(201);
    expect((await json(created)).title).toBe('after pollution');
  });
});
