import { randomBytes } from 'node:crypto';
import { one } from '../src/db/client.ts';
import type { RunningDesk } from './harness.ts';
import { makeGroup, makeUser, type TestUser } from './ticket-fixtures.ts';

/*
 * Hand-built tickets for the report tests, written straight into the database with known
 * timestamps and SLA figures, in two fresh units A and B, in March 2025 (the demo data is all
 * newer). The expected answers in reports.test.ts are worked out from this list by hand.
 */

const NEW = 1;
const OPEN = 2;
const CLOSED = 4;
const MERGED = 5;
const EMAIL = 1;
const WEB = 11;

export interface ReportFixture {
  a: number;
  b: number;
  agentX: TestUser;
  agentY: TestUser;
  lead: TestUser;
  ids: Record<string, number>;
}

interface Spec {
  group: 'a' | 'b';
  priority: number;
  state: number;
  created: string;
  close?: string;
  frAt?: string;
  frMin?: number;
  frDiff?: number;
  frEsc?: string;
  closeMin?: number;
  owner?: 'x' | 'y';
  service?: string;
  type?: string;
  channel?: number;
  /** State changes: [at, from, to]. */
  history?: [string, number, number][];
}

const SPECS: Record<string, Spec> = {
  t1: {
    group: 'a',
    priority: 2,
    state: CLOSED,
    created: '2025-03-03T10:00:00Z',
    close: '2025-03-04T10:00:00Z',
    frAt: '2025-03-03T11:00:00Z',
    frMin: 60,
    frDiff: 420,
    closeMin: 480,
    owner: 'x',
    service: 'b2share',
    type: 'incident',
    channel: WEB,
    history: [['2025-03-04T10:00:00Z', NEW, CLOSED]],
  },
  t2: {
    group: 'a',
    priority: 3,
    state: OPEN,
    created: '2025-03-05T09:00:00Z',
    frAt: '2025-03-06T10:00:00Z',
    frMin: 600,
    frDiff: -120,
    owner: 'x',
    service: 'b2share',
    type: 'service_request',
    channel: EMAIL,
  },
  t3: {
    group: 'b',
    priority: 2,
    state: OPEN,
    created: '2025-03-10T12:00:00Z',
    frEsc: '2025-03-11T12:00:00Z',
    service: 'zenodo',
    type: 'incident',
    channel: WEB,
  },
  t4: {
    group: 'b',
    priority: 2,
    state: OPEN,
    created: '2025-03-12T08:00:00Z',
    close: '2025-03-13T08:00:00Z',
    frAt: '2025-03-12T08:30:00Z',
    frMin: 30,
    frDiff: 450,
    closeMin: 240,
    owner: 'y',
    service: 'zenodo',
    type: 'incident',
    channel: WEB,
    history: [
      ['2025-03-13T08:00:00Z', NEW, CLOSED],
      ['2025-03-14T08:00:00Z', CLOSED, OPEN],
    ],
  },
  t5: { group: 'a', priority: 1, state: OPEN, created: '2025-02-20T00:00:00Z', channel: WEB },
  t6: {
    group: 'a',
    priority: 2,
    state: MERGED,
    created: '2025-03-07T10:00:00Z',
    frMin: 5,
    frDiff: 100,
    frAt: '2025-03-07T10:05:00Z',
    service: 'b2share',
    owner: 'x',
    channel: WEB,
    history: [['2025-03-08T10:00:00Z', NEW, MERGED]],
  },
  t7: {
    group: 'b',
    priority: 2,
    state: NEW,
    created: '2025-03-16T20:00:00Z',
    frEsc: '2099-01-01T00:00:00Z',
    channel: WEB,
  },
  t8: {
    group: 'a',
    priority: 2,
    state: NEW,
    created: '2025-04-01T10:00:00Z',
    channel: WEB,
    service: 'b2share',
  },
  t9: {
    group: 'a',
    priority: 2,
    state: CLOSED,
    created: '2025-01-01T10:00:00Z',
    close: '2025-01-02T10:00:00Z',
    channel: WEB,
    history: [['2025-01-02T10:00:00Z', NEW, CLOSED]],
  },
};

async function insertTicket(desk: RunningDesk, f: Omit<ReportFixture, 'ids'>, s: Spec, customer: number) {
  const owner = s.owner === 'x' ? f.agentX.id : s.owner === 'y' ? f.agentY.id : 1;
  const row = (await one<{ id: number }>(
    desk.db,
    `INSERT INTO tickets (group_id, priority_id, state_id, number, title, owner_id, customer_id, created_at,
        updated_at, close_at, last_close_at, first_response_at, first_response_in_min, first_response_diff_in_min,
        first_response_escalation_at, close_in_min, eosc_service, eosc_ticket_type, create_article_type_id)
     VALUES ($1, $2, $3, $4, 'report fixture', $5, $6, $7, $7, $8, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     RETURNING id`,
    [
      s.group === 'a' ? f.a : f.b,
      s.priority,
      s.state,
      `R${randomBytes(5).toString('hex')}`,
      owner,
      customer,
      s.created,
      s.close ?? null,
      s.frAt ?? null,
      s.frMin ?? null,
      s.frDiff ?? null,
      s.frEsc ?? null,
      s.closeMin ?? null,
      s.service ?? null,
      s.type ?? null,
      s.channel ?? WEB,
    ],
  )) as { id: number };
  for (const [at, from, to] of s.history ?? [])
    await desk.db.query(
      `INSERT INTO histories (o_id, object, type, attribute, id_from, id_to, created_at)
       VALUES ($1, 'Ticket', 'updated', 'state', $2, $3, $4)`,
      [row.id, from, to, at],
    );
  return row.id;
}

async function article(
  desk: RunningDesk,
  ticket: number,
  by: number,
  at: string,
  opts: { type: string; internal?: boolean },
) {
  await desk.db.query(
    `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, body, internal, created_by_id, updated_by_id,
        created_at, updated_at)
     SELECT $1, ty.id, 1, 'answer', $2, $3, $3, $4, $4 FROM ticket_article_types ty WHERE ty.name = $5`,
    [ticket, opts.internal ?? false, by, at, opts.type],
  );
}

export async function buildReportFixture(desk: RunningDesk): Promise<ReportFixture> {
  const a = await makeGroup(desk);
  const b = await makeGroup(desk);
  const agentX = await makeUser(desk, {
    roles: ['Agent'],
    groups: { [a]: ['full'], [b]: ['full'] },
    prefix: 'x',
  });
  const agentY = await makeUser(desk, { roles: ['Agent'], groups: { [b]: ['full'] }, prefix: 'y' });
  const lead = await makeUser(desk, {
    roles: ['Agent', 'Unit Lead'],
    groups: { [a]: ['full'] },
    prefix: 'lead',
  });
  await desk.db.query('INSERT INTO eosc_unit_leads (user_id, group_id) VALUES ($1, $2)', [lead.id, a]);
  const customer = (
    await one<{ id: number }>(desk.db, `SELECT id FROM users WHERE login = 'customer@example.org'`)
  )?.id as number;
  const base = { a, b, agentX, agentY, lead };
  const ids: Record<string, number> = {};
  for (const [key, spec] of Object.entries(SPECS)) ids[key] = await insertTicket(desk, base, spec, customer);
  await article(desk, ids.t1 as number, agentX.id, '2025-03-03T11:00:00Z', { type: 'web' });
  await article(desk, ids.t2 as number, agentX.id, '2025-03-05T10:00:00Z', { type: 'note', internal: true });
  await article(desk, ids.t2 as number, agentX.id, '2025-03-06T10:00:00Z', { type: 'email' });
  await article(desk, ids.t4 as number, agentY.id, '2025-03-12T08:30:00Z', { type: 'web' });
  return { ...base, ids };
}
