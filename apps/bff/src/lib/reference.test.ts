import { createZammadClient } from '@eosc/zammad-api';
import { describe, expect, it } from 'vitest';
import { ReferenceCache, stateTypeOf } from './reference.ts';

function fakeUpstream() {
  const calls: string[] = [];
  const client = createZammadClient({
    baseUrl: 'http://up.test',
    auth: { token: 't', onBehalfOf: 'x' },
    fetch: async (req) => {
      const path = new URL(req.url).pathname.replace('/api/v1', '');
      calls.push(path);
      const body =
        path === '/ticket_states'
          ? [{ id: 4, name: 'closed', state_type_id: 5 }]
          : path === '/ticket_priorities'
            ? [{ id: 2, name: '2 normal' }]
            : [{ id: 1, name: 'Users' }];
      return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
    },
  });
  return { client, calls };
}

describe('ReferenceCache', () => {
  it('asks the upstream once per TTL; groups per person', async () => {
    const { client, calls } = fakeUpstream();
    const cache = new ReferenceCache(60_000);
    const [a, b] = await Promise.all([cache.get('u', 'p1', client), cache.get('u', 'p1', client)]);
    expect(a).toEqual(b);
    expect(a.states).toEqual([{ id: 4, name: 'closed', state_type: 'closed', active: true }]);
    expect(calls.sort()).toEqual(['/groups', '/ticket_priorities', '/ticket_states']);
    await cache.get('u', 'p2', client);
    expect(calls.filter((c) => c === '/groups')).toHaveLength(2);
    expect(calls.filter((c) => c === '/ticket_states')).toHaveLength(1);
  });

  it('asks again once the TTL has passed', async () => {
    const { client, calls } = fakeUpstream();
    const cache = new ReferenceCache(0);
    await cache.get('u', 'p', client);
    await cache.get('u', 'p', client);
    expect(calls.filter((c) => c === '/ticket_states')).toHaveLength(2);
  });
});

describe('stateTypeOf', () => {
  it('uses the expanded name, else the seed id, else the name', () => {
    expect(stateTypeOf({ id: 9, name: 'x', state_type: 'pending reminder' })).toBe('pending reminder');
    expect(stateTypeOf({ id: 9, name: 'x', state_type_id: 6 })).toBe('merged');
    expect(stateTypeOf({ id: 9, name: 'pending close' })).toBe('pending action');
  });
});
