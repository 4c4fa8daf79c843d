import { describe, expect, inject, it } from 'vitest';
import { fuzz, RUNS, SEED } from './run.ts';

describe(`the desk under fuzzing (seed ${SEED}, ${RUNS} requests)`, () => {
  it('answers every route, as anyone, with hostile input: no 5xx, no reply off its schema, no leak, no crash', async () => {
    const { people, serviceToken } = inject('fuzz');
    let sent = 0;
    const basic = (p: { login: string; password: string }) =>
      `Basic ${Buffer.from(`${p.login}:${p.password}`).toString('base64')}`;
    const result = await fuzz({
      name: 'desk',
      base: `${inject('fuzz').deskUrl}/api/v1`,
      // Mostly as the BFF calls the desk (service token + From: <id>), every fourth request with
      // Basic credentials (a password check costs a scrypt, which would slow the run down).
      headers: async (who): Promise<Record<string, string>> => {
        if (who === 'anonymous') return {};
        sent += 1;
        return sent % 4 === 0
          ? { Authorization: basic(people[who]) }
          : { Authorization: `Token token=${serviceToken}`, From: String(people[who].id) };
      },
    });
    console.info(`desk fuzz: ${result.runs} requests, statuses ${JSON.stringify(result.statuses)}`);
    expect(result.runs).toBeGreaterThan(0);
  }, 600_000);
});
