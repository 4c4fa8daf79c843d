import { spawnDesk } from './desk-process.ts';

/*
 * A desk of one test file's own, as a separate process (apps never import each other): its own
 * embedded database with the demo seed but without the demo history, and a clock the test moves
 * (DESK_TEST_CLOCK=1). For tests that compare figures over the whole helpdesk, which other files
 * writing to the shared desk would disturb.
 */

export interface OwnDesk {
  url: string;
  token: string;
  /** Calls the desk's API with the service token, acting for `as` (login) when given. */
  call(method: string, path: string, body?: unknown, as?: string): Promise<{ status: number; body: any }>;
  /** Sets the desk's clock (it then stands still there). */
  at(iso: string): Promise<void>;
  close(): Promise<void>;
}

export async function startOwnDesk(opts: { demoHistory?: boolean } = {}): Promise<OwnDesk> {
  const token = 'bff-own-desk-service-token-0123456789abcdef';
  const desk = await spawnDesk({
    token,
    name: 'bff-own-desk',
    env: {
      // With the demo history (about 4,000 tickets over 400 days up to now), the clock is the system's.
      DESK_DEMO_HISTORY: opts.demoHistory ? '1' : '0',
      DESK_TEST_CLOCK: opts.demoHistory ? '0' : '1',
      // The worker runs due jobs when the test moves the clock, not on its own schedule.
      DESK_WORKER_POLL_MS: '600000',
    },
  });
  const url = desk.url;
  const call: OwnDesk['call'] = async (method, path, body, as) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Token token=${token}`,
        'Content-Type': 'application/json',
        ...(as ? { From: as } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed };
  };
  return {
    url,
    token,
    call,
    async at(iso) {
      const res = await call('PUT', '/eosc_test_clock', { now: iso }, 'admin@example.org');
      if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
    },
    close: () => desk.stop(),
  };
}
