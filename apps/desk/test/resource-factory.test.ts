// The resource factory as the next Zammad resources will use it: a table, a zod input schema,
// permissions, and nothing else. The table lives only in this file's private database copy.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requireName } from '../src/domain/records.ts';
import { authenticate } from '../src/http/auth.ts';
import type { DeskEnv } from '../src/http/env.ts';
import { errorReply } from '../src/http/errors.ts';
import { bool, text } from '../src/http/input.ts';
import { resourceRoutes } from '../src/http/resource.ts';
import { authHeader, type Credentials, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;
let app: Hono<DeskEnv>;

const CalendarInput = z.looseObject({ name: text, timezone: text, default: bool });

beforeAll(async () => {
  desk = await startDesk();
  await desk.db.exec(`
    CREATE TABLE test_calendars (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE,
      timezone text NOT NULL DEFAULT 'UTC',
      "default" boolean NOT NULL DEFAULT false,
      created_by_id integer NOT NULL DEFAULT 1,
      updated_by_id integer NOT NULL DEFAULT 1,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    );
    CREATE TABLE test_slas (id serial PRIMARY KEY, calendar_id integer REFERENCES test_calendars (id));`);
  app = new Hono<DeskEnv>();
  app.use(async (c, next) => {
    c.set('db', desk.db);
    await next();
  });
  app.use(authenticate(() => false));
  app.route(
    '/',
    resourceRoutes({
      path: 'calendars',
      table: 'test_calendars',
      model: 'Calendar',
      permissions: { read: ['ticket.agent', 'admin.calendar'], write: 'admin.calendar' },
      input: CalendarInput,
      prepare: (_db, _actor, attrs, _input, current) => requireName(attrs, !current),
      referencedBy: [['test_slas', 'calendar_id']],
      history: true,
    }),
  );
  app.onError((err, c) => errorReply(err, c));
});
afterAll(async () => {
  await desk?.close();
});

async function call(as: Credentials, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { ...authHeader(as), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const raw = await res.text();
  return { status: res.status, body: raw ? JSON.parse(raw) : undefined };
}

describe('a resource from the factory', () => {
  it('creates, shows, lists, updates and deletes with its permissions and Zammad casts', async () => {
    const created = await call('admin', 'POST', '/calendars', {
      name: ' Office ',
      default: 'true',
      bogus: 1,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Office', timezone: 'UTC', default: true });
    expect(created.body.bogus).toBeUndefined();
    const id = created.body.id;

    expect((await call('agent', 'GET', `/calendars/${id}`)).body).toMatchObject({ id, name: 'Office' });
    expect((await call('agent', 'POST', '/calendars', { name: 'x' })).status).toBe(403);
    expect((await call('customer', 'GET', '/calendars')).status).toBe(403);

    const updated = await call('admin', 'PUT', `/calendars/${id}`, { timezone: 'Europe/Berlin' });
    expect(updated.body).toMatchObject({ id, name: 'Office', timezone: 'Europe/Berlin' });

    expect((await call('admin', 'DELETE', `/calendars/${id}`)).body).toEqual({});
    const gone = await call('admin', 'GET', `/calendars/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      error: `Couldn't find Calendar with 'id'=${id}`,
      error_human: `Couldn't find Calendar with 'id'=${id}`,
    });
  });

  it('answers the plain, expanded and assets shapes, paged and sorted', async () => {
    for (const name of ['Alpha', 'Beta', 'Gamma']) await call('admin', 'POST', '/calendars', { name });
    const expanded = await call('agent', 'GET', '/calendars?expand=true&sort_by=name&order_by=desc');
    expect(expanded.body.map((c: { name: string }) => c.name)).toEqual(['Gamma', 'Beta', 'Alpha']);
    expect(expanded.body[0].created_by).toBe('admin@example.org');

    const page = await call('agent', 'GET', '/calendars?sort_by=name&per_page=1&page=2');
    expect(page.body.map((c: { name: string }) => c.name)).toEqual(['Beta']);

    const full = await call('agent', 'GET', '/calendars?full=1&per_page=2');
    expect(full.body.total_count).toBe(3);
    expect(full.body.record_ids).toHaveLength(2);
    expect(Object.keys(full.body.assets)).toEqual(['Calendar']);

    const one = await call('agent', 'GET', `/calendars/${full.body.record_ids[0]}?full=true`);
    expect(one.body.assets.Calendar[String(one.body.id)].name).toBeDefined();
  });

  it("refuses a blank name and a referenced record's deletion with Zammad's 422s", async () => {
    const blank = await call('admin', 'POST', '/calendars', { name: '  ' });
    expect(blank.status).toBe(422);
    expect(blank.body.error).toBe("Attribute 'name' required!");
    const dup = await call('admin', 'POST', '/calendars', { name: 'Alpha' });
    expect(dup.body.error).toBe('This object already exists.');

    const used = (await call('admin', 'POST', '/calendars', { name: 'Used' })).body.id;
    await desk.db.query('INSERT INTO test_slas (calendar_id) VALUES ($1)', [used]);
    const refused = await call('admin', 'DELETE', `/calendars/${used}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe("Can't delete, object has references.");
  });

  it('records the history Zammad keeps: created, each changed attribute, removed', async () => {
    const id = (await call('admin', 'POST', '/calendars', { name: 'Audited' })).body.id;
    await call('admin', 'PUT', `/calendars/${id}`, { name: 'Audited 2', timezone: 'UTC' });
    await call('admin', 'DELETE', `/calendars/${id}`);
    const rows = await desk.db.query<{ type: string; attribute: string | null; value_from: string | null }>(
      `SELECT type, attribute, value_from FROM histories WHERE object = 'Calendar' AND o_id = $1 ORDER BY id`,
      [id],
    );
    expect(rows).toEqual([
      { type: 'created', attribute: null, value_from: null },
      { type: 'updated', attribute: 'name', value_from: 'Audited' },
      { type: 'removed', attribute: null, value_from: null },
    ]);
  });
});
