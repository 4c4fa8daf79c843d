import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BffError } from './errors.ts';
import type { StoredReply } from './idempotency.ts';
import { openPgState, type PgStateOptions } from './pg-state.ts';
import type { Viewer } from './presence.ts';
import type { BffState } from './state.ts';

/*
 * The PostgreSQL state as two BFF processes see it: two instances on one database (the test
 * desk's PostgreSQL server, schema bff), each with its own pool and LISTEN connection.
 */

const scope = `pg-state-test-${randomUUID()}`;
let a: BffState;
let b: BffState;
let db: pg.Client;
const opened: BffState[] = [];

async function open(extra: Partial<PgStateOptions> = {}): Promise<BffState> {
  const s = await openPgState({ url: inject('bffDatabaseUrl'), scope, poolMax: 3, ...extra });
  opened.push(s);
  return s;
}

beforeAll(async () => {
  [a, b] = await Promise.all([open(), open()]);
  db = new pg.Client({ connectionString: inject('bffDatabaseUrl') });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await Promise.all(opened.map((s) => s.close()));
});

const reply = (id: number): StoredReply => ({ status: 201, body: { id } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = () => `k-${randomUUID()}`;

async function until(ok: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('Idempotency-Keys in PostgreSQL', () => {
  it('runs two requests with one key on two processes once; both get the reply', async () => {
    const k = key();
    let calls = 0;
    const work = async () => {
      calls += 1;
      await sleep(300);
      return reply(1);
    };
    const [r1, r2] = await Promise.all([a.idempotency.run(k, 'f', work), b.idempotency.run(k, 'f', work)]);
    expect(calls).toBe(1);
    expect(r1.body).toEqual({ id: 1 });
    expect(r2.body).toEqual({ id: 1 });
    expect([r1.replayed, r2.replayed].sort()).toEqual([false, true]);
    // A later retry on either process replays; another body with the key is refused.
    expect(await b.idempotency.run(k, 'f', work)).toEqual({ ...reply(1), replayed: true });
    await expect(a.idempotency.run(k, 'other', work)).rejects.toMatchObject({ status: 422 });
    expect(calls).toBe(1);
  });

  it('stores any reply and any body (a NUL, a megabyte)', async () => {
    const k = key();
    const body = JSON.stringify({ body: `x\u0000${'y'.repeat(1_000_000)}` });
    const odd: StoredReply = { status: 201, body: { title: 'nul \u0000 inside' } };
    expect(await a.idempotency.run(k, body, async () => odd)).toEqual({ ...odd, replayed: false });
    expect(await b.idempotency.run(k, body, async () => reply(0))).toEqual({ ...odd, replayed: true });
  });

  it('forgets a failure that wrote nothing, so the retry runs again', async () => {
    const k = key();
    await expect(
      a.idempotency.run(k, 'f', async () => {
        throw new BffError(422, 'invalid', 'no');
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(await b.idempotency.run(k, 'f', async () => reply(2))).toEqual({ ...reply(2), replayed: false });
  });

  it('keeps a timed-out key in doubt: the retry on the other process looks upstream first', async () => {
    const k = key();
    const before = Date.now();
    await expect(
      a.idempotency.run(k, 'f', async () => {
        throw new BffError(504, 'upstream_timeout', 'slow');
      }),
    ).rejects.toMatchObject({ status: 504 });
    let since = 0;
    const r = await b.idempotency.run(
      k,
      'f',
      async () => reply(99),
      async (s) => {
        since = s;
        return reply(3);
      },
    );
    expect(r).toEqual({ ...reply(3), replayed: true });
    expect(since).toBeGreaterThanOrEqual(before);
    expect(since).toBeLessThanOrEqual(Date.now());
  });

  it('takes a claim whose process died (lease not renewed) as in doubt', async () => {
    const k = key();
    const started = Date.now() - 60_000;
    // What a process killed during the upstream call leaves behind.
    await db.query(
      `INSERT INTO bff.idempotency (key, fingerprint, state, claim, started_at, lease_until)
       VALUES ($1, $2, 'running', 'dead', $3, $4)`,
      [k, createHash('sha256').update('f').digest('base64url'), started, started + 15_000],
    );
    let since = 0;
    const r = await a.idempotency.run(
      k,
      'f',
      async () => reply(4),
      async (s) => {
        since = s;
        return undefined; // nothing was written: write now
      },
    );
    expect(since).toBe(started);
    expect(r).toEqual({ ...reply(4), replayed: false });
  });

  it('renews the lease of a long request, so a duplicate waits for it instead of writing again', async () => {
    const short = await open({ idempotencyLeaseMs: 300 });
    const k = key();
    let calls = 0;
    const slow = short.idempotency.run(k, 'f', async () => {
      calls += 1;
      await sleep(1200);
      return reply(5);
    });
    await sleep(100);
    const dup = await b.idempotency.run(k, 'f', async () => {
      calls += 1;
      return reply(6);
    });
    expect(dup).toEqual({ ...reply(5), replayed: true });
    expect((await slow).body).toEqual({ id: 5 });
    expect(calls).toBe(1);
  });

  it('answers 409 to a duplicate that waited too long', async () => {
    const impatient = await open({ idempotencyWaitMs: 200 });
    const k = key();
    const slow = a.idempotency.run(k, 'f', async () => {
      await sleep(800);
      return reply(7);
    });
    await sleep(50);
    await expect(impatient.idempotency.run(k, 'f', async () => reply(8))).rejects.toMatchObject({
      status: 409,
      code: 'idempotency_in_progress',
    });
    await slow;
  });
});

describe('uploads in PostgreSQL', () => {
  it('are seen and sent by another process, and only by their owner', async () => {
    const owner = `${scope}\n1`;
    const data = Buffer.from('bytes of a file');
    const info = await a.uploads.add(owner, {
      filename: '../x/report.txt',
      content_type: 'Text/Plain; charset=x',
      data,
    });
    expect(info).toEqual({
      id: expect.any(String),
      filename: 'report.txt',
      size: data.length,
      content_type: 'text/plain',
    });
    expect(await b.uploads.list(owner)).toEqual([info]);
    expect(await b.uploads.list(`${scope}\n2`)).toEqual([]);
    expect(await b.uploads.get(`${scope}\n2`, info.id)).toBeUndefined();
    expect(await b.uploads.remove(`${scope}\n2`, info.id)).toBe(false);
    await expect(b.uploads.attachments(`${scope}\n2`, [info.id])).rejects.toMatchObject({
      code: 'upload_gone',
    });
    expect(await b.uploads.attachments(owner, [info.id])).toEqual([
      { filename: 'report.txt', data: data.toString('base64'), 'mime-type': 'text/plain' },
    ]);
    await b.uploads.release(owner, [info.id]);
    expect(await a.uploads.list(owner)).toEqual([]);
    // An id that is no UUID is just absent.
    expect(await a.uploads.remove(owner, 'not-a-uuid')).toBe(false);
  });

  it('keeps the per-person limits across processes', async () => {
    const owner = `${scope}\n3`;
    const big = Buffer.alloc(9 * 1024 * 1024);
    for (let i = 0; i < 5; i++)
      await (i % 2 ? a : b).uploads.add(owner, { filename: `f${i}`, content_type: '', data: big });
    await expect(
      a.uploads.add(owner, { filename: 'more', content_type: '', data: big }),
    ).rejects.toMatchObject({
      status: 413,
      code: 'upload_quota',
    });
    await expect(
      a.uploads.add(owner, { filename: 'huge', content_type: '', data: Buffer.alloc(10 * 1024 * 1024 + 1) }),
    ).rejects.toMatchObject({ status: 413, code: 'too_large' });
    const ids = (await b.uploads.list(owner)).map((f) => f.id);
    expect(ids).toHaveLength(5);
    await a.uploads.release(owner, ids);
  });
});

describe('counters in PostgreSQL', () => {
  it('counts attempts of both processes against one limit', async () => {
    const name = `test/${randomUUID()}`;
    const onA = a.limiter(name, 3, 60_000);
    const onB = b.limiter(name, 3, 60_000);
    expect(await onA.take('k')).toBe(0);
    expect(await onB.take('k')).toBe(0);
    expect(await onA.take('k')).toBe(0);
    const wait = await onB.take('k');
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await onA.take('other')).toBe(0);
    // Keys PostgreSQL could not store as they are count all the same.
    const odd = `a\0b${'x'.repeat(1000)}`;
    expect(await onA.take(odd)).toBe(0);
    expect(await onA.take(odd)).toBe(0);
    expect(await onA.take(odd)).toBe(0);
    expect(await onB.take(odd)).toBeGreaterThan(0);
    await onA.reset('k');
    expect(await onB.take('k')).toBe(0);
  });

  it('refuses parallel attempts past the limit', async () => {
    const name = `test/${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).limiter(name, 4, 60_000).take('k')),
    );
    expect(results.filter((w) => w === 0)).toHaveLength(4);
  });

  it('starts a new window when the old one ended', async () => {
    const name = `test/${randomUUID()}`;
    const l = a.limiter(name, 1, 300);
    expect(await l.take('k')).toBe(0);
    expect(await l.take('k')).toBeGreaterThan(0);
    await sleep(350);
    expect(await b.limiter(name, 1, 300).take('k')).toBe(0);
  });
});

describe('presence and ticket events across processes', () => {
  it('tells a listener on one process who arrives, types and leaves through the other', async () => {
    const ticket = Math.floor(Math.random() * 1e9);
    const heard: Viewer[][] = [];
    const stop = await b.presence.subscribe(ticket, 1, (v) => heard.push(v));
    expect(heard).toEqual([[]]);
    expect(await a.presence.update(ticket, { id: 2, name: 'Anna' }, 'tab', 'viewing')).toEqual([]);
    await until(() => heard.length === 2);
    expect(heard[1]).toMatchObject([{ user_id: 2, name: 'Anna', state: 'viewing' }]);
    // A heartbeat that changes nothing tells nobody.
    await a.presence.update(ticket, { id: 2, name: 'Anna' }, 'tab', 'viewing');
    await a.presence.update(ticket, { id: 2, name: 'Anna' }, 'tab', 'typing');
    await until(() => heard.length === 3);
    expect(heard[2]).toMatchObject([{ user_id: 2, state: 'typing' }]);
    expect(await b.presence.update(ticket, { id: 1, name: 'Ben' }, 'x', 'viewing')).toMatchObject([
      { user_id: 2, state: 'typing' },
    ]);
    await a.presence.update(ticket, { id: 2, name: 'Anna' }, 'tab', 'left');
    await until(() => heard.length === 4);
    expect(heard[3]).toEqual([]);
    expect(heard).toHaveLength(4);
    stop();
    // An id past bigint names no ticket: nobody is on it, and nothing fails.
    expect(await a.presence.update(1e20, { id: 2, name: 'Anna' }, 'tab', 'left')).toEqual([]);
  });

  it('expires a presence whose heartbeat stopped, telling the listeners', async () => {
    const quick = await open({ presenceTtlMs: 1000 });
    const ticket = Math.floor(Math.random() * 1e9);
    const heard: Viewer[][] = [];
    const stop = await quick.presence.subscribe(ticket, 1, (v) => heard.push(v));
    await quick.presence.update(ticket, { id: 2, name: 'Anna' }, 'tab', 'viewing');
    await until(() => heard.length === 2);
    await until(() => heard.length === 3, 3000);
    expect(heard[2]).toEqual([]);
    stop();
  });

  it('answers the health check, and a database that is not there fails the start', async () => {
    await expect(a.check()).resolves.toBeUndefined();
    await expect(openPgState({ url: 'postgres://nobody:x@127.0.0.1:1/none', scope })).rejects.toThrow();
  });

  it('announces ticket writes, with their ids when known, to every process', async () => {
    const onB: (readonly number[] | undefined)[] = [];
    const onA: (readonly number[] | undefined)[] = [];
    const offB = b.tickets.onChange((ids) => onB.push(ids));
    const offA = a.tickets.onChange((ids) => onA.push(ids));
    a.tickets.publish([5]);
    b.tickets.publish();
    await until(() => onB.length === 2 && onA.length === 2);
    expect(onB).toEqual(expect.arrayContaining([[5], undefined]));
    expect(onA).toEqual(expect.arrayContaining([[5], undefined]));
    offA();
    offB();
  });
});
