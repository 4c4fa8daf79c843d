import { describe, expect, inject, it } from 'vitest';
import { fuzz, type Identity, RUNS, SEED } from './run.ts';

describe(`the BFF under fuzzing (seed ${SEED}, ${RUNS} requests)`, () => {
  it('answers every route, as anyone, with hostile input: no 5xx, no reply off its schema, no leak, no crash', async () => {
    const { bffUrl, people } = inject('fuzz');
    const cookies = new Map<Identity, string>();
    const signIn = async (who: Exclude<Identity, 'anonymous'>) => {
      const res = await fetch(`${bffUrl}/bff/session`, {
        method: 'POST',
        headers: { Origin: bffUrl, 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: people[who].login, password: people[who].password }),
      });
      expect(res.status, `sign-in of ${who}`).toBe(200);
      cookies.set(who, (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '');
    };
    for (const who of ['customer', 'agent', 'admin'] as const) await signIn(who);
    const result = await fuzz({
      name: 'bff',
      base: bffUrl,
      // Signing out (here or everywhere) ends the fuzzer's own sessions; signing in is fuzzed as
      // the anonymous visitor's call like every other.
      skip: (op) =>
        op.template === '/bff/session/others' || (op.template === '/bff/session' && op.method === 'DELETE'),
      headers: async (who, method) => ({
        Origin: bffUrl,
        ...(method !== 'GET' ? { 'X-EOSC-CSRF': '1' } : {}),
        ...(who !== 'anonymous' && cookies.get(who) ? { Cookie: cookies.get(who) as string } : {}),
      }),
    });
    console.info(`bff fuzz: ${result.runs} requests, statuses ${JSON.stringify(result.statuses)}`);
    expect(result.runs).toBeGreaterThan(0);
  }, 600_000);
});
