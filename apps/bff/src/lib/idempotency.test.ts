import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZammadError } from '@eosc/zammad-api';
import { describe, expect, it } from 'vitest';
import { BffError } from './errors.ts';
import { IdempotencyStore } from './idempotency.ts';

const ok = (body: unknown) => async () => ({ status: 201 as const, body });

describe('IdempotencyStore', () => {
  it('runs the work once and replays it', async () => {
    const store = new IdempotencyStore();
    let runs = 0;
    const work = async () => {
      runs++;
      return { status: 201 as const, body: { id: runs } };
    };
    const first = await store.run('k', 'f', work);
    const second = await store.run('k', 'f', work);
    expect(runs).toBe(1);
    expect(first).toEqual({ status: 201, body: { id: 1 }, replayed: false });
    expect(second).toEqual({ status: 201, body: { id: 1 }, replayed: true });
  });

  it('makes concurrent duplicates wait for the first', async () => {
    const store = new IdempotencyStore();
    let runs = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const work = async () => {
      runs++;
      await gate;
      return { status: 201 as const, body: { id: 7 } };
    };
    const all = Promise.all([
      store.run('k', 'f', work),
      store.run('k', 'f', work),
      store.run('k', 'f', work),
    ]);
    release();
    const replies = await all;
    expect(runs).toBe(1);
    expect(replies.map((r) => r.body)).toEqual([{ id: 7 }, { id: 7 }, { id: 7 }]);
    expect(replies.filter((r) => r.replayed)).toHaveLength(2);
  });

  it('forgets a failure, so the retry runs again', async () => {
    const store = new IdempotencyStore();
    await expect(
      store.run('k', 'f', async () => {
        throw new BffError(503, 'upstream_unavailable', 'down');
      }),
    ).rejects.toThrow('down');
    expect(store.size).toBe(0);
    expect((await store.run('k', 'f', ok({ id: 1 }))).replayed).toBe(false);
  });

  it('refuses the same key for a different request', async () => {
    const store = new IdempotencyStore();
    await store.run('k', 'a', ok(1));
    await expect(store.run('k', 'b', ok(2))).rejects.toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
    });
  });

  it('expires entries after the TTL and bounds memory', async () => {
    const expiring = new IdempotencyStore(-1);
    await expiring.run('k', 'f', ok(1));
    expect((await expiring.run('k', 'f', ok(2))).body).toBe(2);

    const small = new IdempotencyStore(60_000, 3);
    for (let i = 0; i < 10; i++) await small.run(`k${i}`, 'f', ok(i));
    expect(small.size).toBe(3);
    expect((await small.run('k9', 'f', ok('new'))).replayed).toBe(true);
    expect((await small.run('k0', 'f', ok('new'))).replayed).toBe(false);
  });

  it('after a timeout, asks recover() what the attempt wrote before writing again', async () => {
    const store = new IdempotencyStore();
    const timeout = async (): Promise<never> => {
      throw new ZammadError(504, 'slow', 'timeout');
    };
    const before = Date.now();
    await expect(store.run('k', 'f', timeout)).rejects.toThrow('slow');
    const sinces: number[] = [];
    const found = await store.run('k', 'f', ok('second write'), async (since) => {
      sinces.push(since);
      return { status: 201, body: 'written by the first attempt' };
    });
    expect(found).toEqual({ status: 201, body: 'written by the first attempt', replayed: true });
    expect(sinces[0]).toBeGreaterThanOrEqual(before);
    expect((await store.run('k', 'f', ok('third'))).body).toBe('written by the first attempt');

    await expect(store.run('k2', 'f', timeout)).rejects.toThrow('slow');
    const fresh = await store.run('k2', 'f', ok('written now'), async () => undefined);
    expect(fresh).toEqual({ status: 201, body: 'written now', replayed: false });
  });

  describe('with a journal (IDEMPOTENCY_FILE)', () => {
    const dir = () => mkdtempSync(join(tmpdir(), 'idem-'));

    it('replays a success after a restart instead of writing again', async () => {
      const d = dir();
      const file = join(d, 'j.jsonl');
      const first = new IdempotencyStore(60_000, 100, file);
      await first.run('k', 'f', ok({ id: 41 }));
      first.close();
      const restarted = new IdempotencyStore(60_000, 100, file);
      let runs = 0;
      const again = await restarted.run('k', 'f', async () => {
        runs++;
        return { status: 201, body: { id: 42 } };
      });
      expect(runs).toBe(0);
      expect(again).toEqual({ status: 201, body: { id: 41 }, replayed: true });
      restarted.close();
      rmSync(d, { recursive: true });
    });

    it('brings back an attempt cut short by a crash in doubt: the retry recovers what it wrote', async () => {
      const d = dir();
      const file = join(d, 'j.jsonl');
      const crashed = new IdempotencyStore(60_000, 100, file);
      // The process dies during the upstream call: the work never settles.
      void crashed.run('k', 'f', () => new Promise(() => {}));
      const restarted = new IdempotencyStore(60_000, 100, file);
      let since: number | undefined;
      const recovered = await restarted.run('k', 'f', ok({ id: 2 }), async (s) => {
        since = s;
        return { status: 201, body: { id: 1 } };
      });
      expect(since).toBeTypeOf('number');
      expect(recovered).toEqual({ status: 201, body: { id: 1 }, replayed: true });
      crashed.close();
      restarted.close();
      rmSync(d, { recursive: true });
    });

    it('forgets failures and ignores a torn last line', async () => {
      const d = dir();
      const file = join(d, 'j.jsonl');
      const store = new IdempotencyStore(60_000, 100, file);
      await expect(
        store.run('k', 'f', async () => {
          throw new BffError(422, 'invalid_input', 'no');
        }),
      ).rejects.toThrow('no');
      store.close();
      writeFileSync(file, `${readFileSync(file, 'utf8')}{"k":"torn`);
      const restarted = new IdempotencyStore(60_000, 100, file);
      expect(restarted.size).toBe(0);
      expect((await restarted.run('k', 'f', ok({ id: 3 }))).replayed).toBe(false);
      restarted.close();
      rmSync(d, { recursive: true });
    });
  });
});
