import type { Db } from '../db/client.ts';
import { now } from '../lib/clock.ts';

export interface HistoryEntry {
  o_id: number;
  object: string;
  type: string;
  attribute?: string | null;
  value_from?: string | null;
  value_to?: string | null;
  id_from?: number | null;
  id_to?: number | null;
  related_object?: string | null;
  related_o_id?: number | null;
  created_by_id: number;
  /** Default: the desk's clock (state changes time the SLA's breaks). */
  created_at?: Date;
}

export async function addHistory(db: Db, e: HistoryEntry): Promise<void> {
  await db.query(
    `INSERT INTO histories (o_id, object, type, attribute, value_from, value_to, id_from, id_to,
        related_object, related_o_id, created_by_id, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [
      e.o_id,
      e.object,
      e.type,
      e.attribute ?? null,
      e.value_from ?? null,
      e.value_to ?? null,
      e.id_from ?? null,
      e.id_to ?? null,
      e.related_object ?? null,
      e.related_o_id ?? null,
      e.created_by_id,
      e.created_at ?? now(),
    ],
  );
}

/**
 * A ticket's history: its own rows plus those of related objects (articles, mentions, ...),
 * oldest first. Keys whose values are null are left out, as Zammad does.
 */
export async function ticketHistory(
  db: Db,
  ticketId: number,
  opts: { includeInternalArticles: boolean },
): Promise<Record<string, unknown>[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT h.id, h.o_id, h.object, h.type, h.attribute, h.value_from, h.value_to, h.id_from, h.id_to,
            h.related_object, h.related_o_id, h.created_by_id, h.created_at
       FROM histories h
      WHERE ((h.object = 'Ticket' AND h.o_id = $1)
         OR (h.related_object = 'Ticket' AND h.related_o_id = $1))
        AND ($2 OR h.object <> 'Ticket::Article'
             OR NOT EXISTS (SELECT 1 FROM ticket_articles a WHERE a.id = h.o_id AND a.internal))
      ORDER BY h.created_at, h.id`,
    [ticketId, opts.includeInternalArticles],
  );
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
}

/** A history value: dates as ISO text, objects as JSON, null stays null. */
export function historyValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const NOT_TRACKED = new Set(['updated_at', 'updated_by_id', 'created_at', 'created_by_id']);

export async function recordCreated(db: Db, object: string, id: number, actorId: number): Promise<void> {
  await addHistory(db, { o_id: id, object, type: 'created', created_by_id: actorId });
}

/** One `updated` row per changed attribute, as Zammad's HasHistory writes them. */
export async function recordChanges(
  db: Db,
  object: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  actorId: number,
): Promise<void> {
  for (const [attribute, value] of Object.entries(after)) {
    if (NOT_TRACKED.has(attribute)) continue;
    const from = historyValue(before[attribute]);
    const to = historyValue(value);
    if (from === to) continue;
    await addHistory(db, {
      o_id: Number(after.id),
      object,
      type: 'updated',
      attribute,
      value_from: from,
      value_to: to,
      created_by_id: actorId,
    });
  }
}

export async function recordRemoved(db: Db, object: string, id: number, actorId: number): Promise<void> {
  await addHistory(db, { o_id: id, object, type: 'removed', created_by_id: actorId });
}
