import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import type { Actor } from './actor.ts';
import { ForbiddenError, InvalidError } from './errors.ts';
import { canChange, canRead, loadTicket, ticketByNumber } from './ticket-access.ts';

/** Zammad's Link::Object ids (created on demand there, fixed here). */
export const LINK_OBJECTS: Record<string, number> = {
  Ticket: 1,
  'KnowledgeBase::Answer::Translation': 2,
};
const INVERSE: Record<string, string> = { normal: 'normal', parent: 'child', child: 'parent' };

export interface LinkRow {
  id: number;
  link_type_id: number;
  link_object_source: string;
  link_object_source_value: number;
  link_object_target: string;
  link_object_target_value: number;
  created_at: Date;
  updated_at: Date;
}

export async function linkTypeId(db: Db, name: unknown): Promise<number> {
  const row =
    typeof name === 'string'
      ? await one<{ id: number }>(db, 'SELECT id FROM link_types WHERE name = $1', [name])
      : undefined;
  if (!row) throw new InvalidError(`Invalid value for param 'link_type': ${JSON.stringify(name ?? null)}`);
  return row.id;
}

export function linkObject(name: unknown, param: string): string {
  if (typeof name !== 'string' || LINK_OBJECTS[name] === undefined)
    throw new InvalidError(`Invalid value for param '${param}': ${JSON.stringify(name ?? null)}`);
  return name;
}

/** The Link row as Zammad renders it: object names become `link_object_*_id`. */
export function serializeLink(l: LinkRow): Record<string, unknown> {
  return {
    id: l.id,
    link_type_id: l.link_type_id,
    link_object_source_id: LINK_OBJECTS[l.link_object_source] ?? 0,
    link_object_source_value: l.link_object_source_value,
    link_object_target_id: LINK_OBJECTS[l.link_object_target] ?? 0,
    link_object_target_value: l.link_object_target_value,
    created_at: l.created_at,
    updated_at: l.updated_at,
  };
}

/** One end of a link: an object type and its id. */
export interface LinkEnd {
  object: string;
  value: number;
}

/** Adds a link, or returns the one that exists already. */
export async function addLink(db: Db, type: string, source: LinkEnd, target: LinkEnd): Promise<LinkRow> {
  const typeId = await linkTypeId(db, type);
  const existing = await one<LinkRow>(
    db,
    `SELECT * FROM links WHERE link_type_id = $1 AND link_object_source = $2 AND link_object_source_value = $3
        AND link_object_target = $4 AND link_object_target_value = $5`,
    [typeId, source.object, source.value, target.object, target.value],
  );
  if (existing) return existing;
  return (await one<LinkRow>(
    db,
    `INSERT INTO links (link_type_id, link_object_source, link_object_source_value, link_object_target,
        link_object_target_value) VALUES ($1,$2,$3,$4,$5) RETURNING *`,
    [typeId, source.object, source.value, target.object, target.value],
  )) as LinkRow;
}

/** Deletes the link in both directions (the other side stored with the inverse type). */
export async function removeLink(db: Db, type: string, source: LinkEnd, target: LinkEnd): Promise<void> {
  const typeId = await linkTypeId(db, type);
  const inverseId = await linkTypeId(db, INVERSE[type] ?? type);
  await db.query(
    `DELETE FROM links WHERE (link_type_id = $1 AND link_object_source = $2 AND link_object_source_value = $3
          AND link_object_target = $4 AND link_object_target_value = $5)
       OR (link_type_id = $6 AND link_object_source = $4 AND link_object_source_value = $5
          AND link_object_target = $2 AND link_object_target_value = $3)`,
    [typeId, source.object, source.value, target.object, target.value, inverseId],
  );
}

export interface LinkView {
  link_type: string;
  link_object: string;
  link_object_value: number;
}

/**
 * Links of one object, each from its point of view: where it is the source, the stored type is
 * inverted (as Zammad's Link.list does); where it is the target, the type is as stored.
 */
export async function listLinks(db: Db, object: string, value: number): Promise<LinkView[]> {
  const rows = await db.query<LinkRow & { type_name: string }>(
    `SELECT l.*, lt.name AS type_name FROM links l JOIN link_types lt ON lt.id = l.link_type_id
      WHERE (l.link_object_source = $1 AND l.link_object_source_value = $2)
         OR (l.link_object_target = $1 AND l.link_object_target_value = $2)
      ORDER BY l.id`,
    [object, value],
  );
  const out: LinkView[] = [];
  for (const r of rows) {
    if (r.link_object_source === object && r.link_object_source_value === value) {
      out.push({
        link_type: INVERSE[r.type_name] ?? r.type_name,
        link_object: r.link_object_target,
        link_object_value: r.link_object_target_value,
      });
    }
    if (r.link_object_target === object && r.link_object_target_value === value) {
      out.push({
        link_type: r.type_name,
        link_object: r.link_object_source,
        link_object_value: r.link_object_source_value,
      });
    }
  }
  return out;
}

export async function removeAllLinks(db: Db, object: string, value: number): Promise<void> {
  await db.query(
    `DELETE FROM links WHERE (link_object_source = $1 AND link_object_source_value = $2)
        OR (link_object_target = $1 AND link_object_target_value = $2)`,
    [object, value],
  );
}

/** `POST /links/add`: the source by ticket NUMBER, the target by id; change on the target, read on the source. */
export async function linkTickets(
  db: Db,
  actor: Actor,
  type: string,
  sourceNumber: unknown,
  targetId: number,
): Promise<LinkRow> {
  const source =
    typeof sourceNumber === 'string' || typeof sourceNumber === 'number'
      ? await ticketByNumber(db, String(sourceNumber))
      : undefined;
  if (!source) throw new InvalidError('The object could not be found.');
  const target = await loadTicket(db, targetId);
  if (!canChange(actor, target) || !canRead(actor, source)) throw new ForbiddenError();
  return addLink(db, type, { object: 'Ticket', value: source.id }, { object: 'Ticket', value: target.id });
}

/** `DELETE /links/remove`: here the source is given by id; change on the target. */
export async function unlinkTickets(
  db: Db,
  actor: Actor,
  type: string,
  sourceId: number,
  targetId: number,
): Promise<void> {
  const target = await loadTicket(db, targetId);
  if (!canChange(actor, target)) throw new ForbiddenError();
  await removeLink(db, type, { object: 'Ticket', value: sourceId }, { object: 'Ticket', value: target.id });
}
