/**
 * Recomputes tickets' due times and SLA figures (escalation.ts) from what the database holds,
 * set-based: for any number of tickets, one query picks each ticket's SLA (Sla.for_ticket for
 * all of them at once), one reads their state changes, one their conversation, and one UPDATE
 * writes the rows whose values changed. A ticket write calls it for its ticket inside its own
 * transaction; the worker calls it in batches after a calendar, SLA or unit change.
 */
import type { Db } from '../../db/client.ts';
import { Params } from '../search/sql.ts';
import type { BusinessCalendar } from './business-time.ts';
import { type Calendars, loadCalendars } from './calendars.ts';
import {
  computeDueTimes,
  customerWaits,
  DUE_FIELDS,
  type DueTimes,
  FIGURE_FIELDS,
  stateBreaks,
  type TicketFacts,
} from './escalation.ts';
import { loadSlas, type SlaRow, slaChoiceSql } from './slas.ts';

/** What every batch shares: the SLAs (and the SQL choosing among them), calendars and states. */
export interface ServiceLevels {
  slas: Map<number, SlaRow>;
  calendars: Calendars;
  /** States that stop the clock (ignore_escalation). */
  stopping: Set<number>;
  /** States of type new or open (the review rule). */
  reviewable: Set<number>;
  stateIdByName: Map<string, number>;
  choiceSql: string;
  choiceParams: unknown[];
}

export async function loadServiceLevels(db: Db): Promise<ServiceLevels> {
  const slas = await loadSlas(db);
  const states = await db.query<{ id: number; name: string; ignore_escalation: boolean; type: string }>(
    `SELECT s.id, s.name, s.ignore_escalation, st.name AS type
       FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id`,
  );
  const p = new Params();
  const choiceSql = await slaChoiceSql(db, slas, p);
  return {
    slas: new Map(slas.map((s) => [s.id, s])),
    calendars: await loadCalendars(db),
    stopping: new Set(states.filter((s) => s.ignore_escalation).map((s) => s.id)),
    reviewable: new Set(states.filter((s) => s.type === 'new' || s.type === 'open').map((s) => s.id)),
    stateIdByName: new Map(states.map((s) => [s.name, s.id])),
    choiceSql,
    choiceParams: p.list,
  };
}

type Stamp = Date | null;
interface TicketFactsRow {
  id: number;
  state_id: number;
  sla_id: number | null;
  created_at: Date;
  updated_at: Date;
  first_response_at: Stamp;
  close_at: Stamp;
  last_contact_customer_at: Stamp;
  last_contact_agent_at: Stamp;
  [field: string]: unknown;
}

const ms = (d: Stamp): number | null => (d === null ? null : new Date(d).getTime());
const CURRENT = [...DUE_FIELDS, ...FIGURE_FIELDS].map((f) => `t.${f}`).join(', ');

/**
 * The tickets' own facts and their SLA, locked: a ticket written meanwhile (a reply, a state
 * change) waits for this batch, then recomputes itself, so no batch writes stale values over it.
 */
async function ticketRows(db: Db, levels: ServiceLevels, ids: number[]): Promise<TicketFactsRow[]> {
  const params = [...levels.choiceParams, ids];
  return db.query<TicketFactsRow>(
    `SELECT t.id, t.state_id, t.created_at, t.updated_at, t.first_response_at, t.close_at,
            t.last_contact_customer_at, t.last_contact_agent_at, ${CURRENT},
            ${levels.choiceSql} AS sla_id
       FROM tickets t WHERE t.id = ANY($${params.length}::int[])
      ORDER BY t.id FOR UPDATE OF t`,
    params,
  );
}

type Change = { from: number | null; to: number | null; at: number };

/** State changes per ticket, oldest first (ids; names for rows written without them). */
async function stateChanges(db: Db, levels: ServiceLevels, ids: number[]): Promise<Map<number, Change[]>> {
  const out = new Map<number, Change[]>();
  if (ids.length === 0) return out;
  const rows = await db.query<{
    o_id: number;
    id_from: number | null;
    id_to: number | null;
    value_from: string | null;
    value_to: string | null;
    created_at: Date;
  }>(
    `SELECT o_id, id_from, id_to, value_from, value_to, created_at FROM histories
      WHERE object = 'Ticket' AND o_id = ANY($1::int[]) AND attribute = 'state' AND type = 'updated'
      ORDER BY o_id, created_at, id`,
    [ids],
  );
  const byName = (name: string | null) => (name === null ? null : (levels.stateIdByName.get(name) ?? null));
  for (const r of rows) {
    const list = out.get(r.o_id) ?? [];
    list.push({
      from: r.id_from ?? byName(r.value_from),
      to: r.id_to ?? byName(r.value_to),
      at: new Date(r.created_at).getTime(),
    });
    out.set(r.o_id, list);
  }
  return out;
}

/** Public communication by customers and agents per ticket, oldest first. */
async function conversations(db: Db, ids: number[]): Promise<Map<number, { sender: number; at: number }[]>> {
  const out = new Map<number, { sender: number; at: number }[]>();
  if (ids.length === 0) return out;
  const rows = await db.query<{ ticket_id: number; sender_id: number; created_at: Date }>(
    `SELECT a.ticket_id, a.sender_id, a.created_at FROM ticket_articles a
       JOIN ticket_article_types ty ON ty.id = a.type_id AND ty.communication
      WHERE a.ticket_id = ANY($1::int[]) AND NOT a.internal AND a.sender_id IN (1, 2)
      ORDER BY a.ticket_id, a.created_at, a.id`,
    [ids],
  );
  for (const r of rows) {
    const list = out.get(r.ticket_id) ?? [];
    list.push({ sender: r.sender_id, at: new Date(r.created_at).getTime() });
    out.set(r.ticket_id, list);
  }
  return out;
}

function calendarOf(levels: ServiceLevels, sla: SlaRow | undefined): BusinessCalendar | undefined {
  return sla ? levels.calendars.byId.get(sla.calendar_id) : undefined;
}

const FIELDS = [...DUE_FIELDS, ...FIGURE_FIELDS] as const;

function unchanged(row: TicketFactsRow, due: DueTimes): boolean {
  return FIELDS.every((f) => {
    const was = row[f];
    const now = due[f];
    if (was === null || was === undefined) return now === null;
    return now !== null && (was instanceof Date ? was.getTime() : Number(was)) === now;
  });
}

/** Writes the new values of many tickets in one statement (never touching updated_at). */
async function writeDueTimes(db: Db, rows: { id: number; due: DueTimes }[]): Promise<void> {
  if (rows.length === 0) return;
  const columns: unknown[][] = [rows.map((r) => r.id)];
  for (const f of DUE_FIELDS)
    columns.push(rows.map((r) => (r.due[f] === null ? null : new Date(r.due[f] as number).toISOString())));
  for (const f of FIGURE_FIELDS) columns.push(rows.map((r) => r.due[f]));
  const types = ['int', ...DUE_FIELDS.map(() => 'timestamptz'), ...FIGURE_FIELDS.map(() => 'int')];
  const names = ['id', ...DUE_FIELDS, ...FIGURE_FIELDS];
  await db.query(
    `UPDATE tickets t SET ${FIELDS.map((f) => `${f} = v.${f}`).join(', ')}
       FROM unnest(${types.map((ty, i) => `$${i + 1}::${ty}[]`).join(', ')}) AS v(${names.join(', ')})
      WHERE t.id = v.id`,
    columns,
  );
}

/**
 * Recomputes the given tickets; returns how many changed. `levels` can be shared by batches
 * (the worker's recompute), else it is loaded.
 */
export async function recomputeEscalations(
  db: Db,
  ids: number[],
  levels?: ServiceLevels,
): Promise<{ tickets: number; changed: number }> {
  if (ids.length === 0) return { tickets: 0, changed: 0 };
  const lv = levels ?? (await loadServiceLevels(db));
  const rows = await ticketRows(db, lv, ids);
  const withSla = rows.filter((r) => r.sla_id !== null && calendarOf(lv, lv.slas.get(r.sla_id)));
  const slaIds = withSla.map((r) => r.id);
  const needWaits = withSla.filter((r) => (lv.slas.get(r.sla_id as number)?.update_time ?? 0) > 0);
  const [changes, talks] = await Promise.all([
    stateChanges(db, lv, slaIds),
    conversations(
      db,
      needWaits.map((r) => r.id),
    ),
  ]);
  const out: { id: number; due: DueTimes }[] = [];
  for (const row of rows) {
    const sla = row.sla_id === null ? undefined : lv.slas.get(row.sla_id);
    const biz = calendarOf(lv, sla);
    const createdAt = new Date(row.created_at).getTime();
    const facts: TicketFacts = {
      createdAt,
      updatedAt: new Date(row.updated_at).getTime(),
      firstResponseAt: ms(row.first_response_at),
      closeAt: ms(row.close_at),
      lastContactCustomerAt: ms(row.last_contact_customer_at),
      lastContactAgentAt: ms(row.last_contact_agent_at),
      clockStopped: lv.stopping.has(row.state_id),
      reviewable: lv.reviewable.has(row.state_id),
      breaks: biz ? stateBreaks(createdAt, changes.get(row.id) ?? [], row.state_id, lv.stopping) : [],
      waits: biz ? customerWaits(talks.get(row.id) ?? []) : [],
    };
    const due = computeDueTimes(facts, sla, biz, biz ?? lv.calendars.default);
    if (!unchanged(row, due)) out.push({ id: row.id, due });
  }
  await writeDueTimes(db, out);
  return { tickets: rows.length, changed: out.length };
}

/** Tickets whose due times may still move: every state but closed and merged. */
export const OPEN_TICKETS_SQL = `SELECT t.id FROM tickets t JOIN ticket_states s ON s.id = t.state_id
  JOIN ticket_state_types st ON st.id = s.state_type_id WHERE st.name NOT IN ('closed', 'merged')`;

/**
 * Recomputes every open ticket in batches (each in its own transaction, so progress is kept),
 * from the id after `afterId`; `onBatch` reports progress (the worker's heartbeat).
 */
export async function recomputeOpenTickets(
  db: Db,
  opts: { afterId?: number; batchSize?: number; onBatch?: (lastId: number) => Promise<void> } = {},
): Promise<{ tickets: number; changed: number; batches: number }> {
  const size = opts.batchSize ?? 2000;
  const levels = await loadServiceLevels(db);
  let after = opts.afterId ?? 0;
  const total = { tickets: 0, changed: 0, batches: 0 };
  for (;;) {
    const ids = (
      await db.query<{ id: number }>(`${OPEN_TICKETS_SQL} AND t.id > $1 ORDER BY t.id LIMIT ${size}`, [after])
    ).map((r) => r.id);
    if (ids.length === 0) break;
    const r = await db.tx((tx) => recomputeEscalations(tx, ids, levels));
    total.tickets += r.tickets;
    total.changed += r.changed;
    total.batches += 1;
    after = ids[ids.length - 1] as number;
    await opts.onBatch?.(after);
  }
  return total;
}
