/**
 * Text modules (REFERENCE §3.16): reusable reply snippets (`::keyword` in the composer).
 * Admins (`admin.text_module`) see and write all of them; agents see those without groups plus
 * those of groups where they may reply (index/search: `create` or `change`; show: `read`), as
 * Zammad's TextModulePolicy. `content` and `note` are HTML-sanitised on save.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, can, groupsWith } from './actor.ts';
import type { RecordModel } from './crud.ts';
import { InvalidError, invalidParam, NotFoundError } from './errors.ts';
import { insertRow, type Scope, updateRow } from './records.ts';
import { writeHasMany } from './references.ts';
import { sanitizeHtml } from './sanitize.ts';
import { escapeLike } from './search/text.ts';
import { withCreatorNames } from './serialize.ts';
import type { RecordShape, Row } from './shapes.ts';

export const ADMIN = 'admin.text_module';

/** A text module as sent: texts already cast (http/input.ts); groups by id or name. */
export interface TextModuleInput extends Row {
  name?: string;
  content?: string;
  keywords?: string;
  note?: string | null;
  active?: boolean | null;
  foreign_id?: unknown;
}

/** The modules an actor may list, on alias `r`. */
export function listScope(actor: Actor): Scope {
  if (can(actor, ADMIN)) return { sql: 'true', params: [] };
  if (!can(actor, 'ticket.agent')) return { sql: 'false', params: [] };
  const groups = [...new Set([...groupsWith(actor, 'create'), ...groupsWith(actor, 'change')])];
  return {
    sql: `(NOT EXISTS (SELECT 1 FROM groups_text_modules g WHERE g.text_module_id = r.id)
           OR EXISTS (SELECT 1 FROM groups_text_modules g WHERE g.text_module_id = r.id
                        AND g.group_id = ANY($1::int[])))`,
    params: [groups],
  };
}

/** Show: admins all; agents those without groups or with `read` on one of their groups. */
async function canShow(db: Db, actor: Actor, row: Row): Promise<boolean> {
  if (can(actor, ADMIN)) return true;
  if (!can(actor, 'ticket.agent')) return false;
  const groups = await db.query<{ group_id: number }>(
    'SELECT group_id FROM groups_text_modules WHERE text_module_id = $1',
    [row.id],
  );
  const readable = new Set(groupsWith(actor, 'read'));
  return groups.length === 0 || groups.some((g) => readable.has(g.group_id));
}

/** Plain (with `group_ids`) or expanded (plus creator logins). */
async function serialize(db: Db, _actor: Actor, rows: Row[], shape: RecordShape): Promise<Row[]> {
  if (rows.length === 0) return [];
  const groups = await db.query<{ text_module_id: number; group_id: number }>(
    `SELECT text_module_id, group_id FROM groups_text_modules WHERE text_module_id = ANY($1) ORDER BY group_id`,
    [rows.map((r) => r.id)],
  );
  const out = rows.map((r) => ({
    ...r,
    group_ids: groups.filter((g) => g.text_module_id === r.id).map((g) => g.group_id),
  }));
  if (shape === 'expand') await withCreatorNames(db, out);
  return out;
}

function attributes(input: TextModuleInput, creating: boolean): Row {
  const out: Row = {};
  if ('name' in input || creating) {
    const name = (input.name ?? '').trim();
    if (!name) throw new InvalidError("Attribute 'name' required!");
    out.name = name;
  }
  if ('content' in input || creating) {
    const content = sanitizeHtml(input.content ?? '');
    if (!content.trim()) throw new InvalidError("Attribute 'content' required!");
    out.content = content;
  }
  if ('keywords' in input) out.keywords = input.keywords ?? '';
  if ('note' in input)
    out.note = input.note === null || input.note === undefined ? null : sanitizeHtml(input.note);
  if (input.active !== undefined && input.active !== null) out.active = input.active;
  if ('foreign_id' in input) {
    const f = input.foreign_id;
    out.foreign_id = f === null || f === '' || f === undefined ? null : Number(f);
    if (out.foreign_id !== null && !Number.isSafeInteger(out.foreign_id)) throw invalidParam('foreign_id', f);
  }
  return out;
}

async function writeGroups(db: Db, id: number, input: Row): Promise<void> {
  await writeHasMany(db, input, id, {
    idsKey: 'group_ids',
    namesKey: 'groups',
    table: 'groups',
    nameColumn: 'name',
    join: { table: 'groups_text_modules', owner: 'text_module_id', other: 'group_id' },
  });
}

export const TEXT_MODULES: RecordModel<TextModuleInput> = {
  table: 'text_modules',
  model: 'TextModule',
  scope: (_db, actor) => listScope(actor),
  canShow,
  serialize,
  async create(db, actor, input) {
    const row = await insertRow<{ id: number }>(db, 'text_modules', attributes(input, true), actor.user.id);
    await writeGroups(db, row.id, input);
    return row.id;
  },
  async update(db, actor, id, input) {
    const found = await one(db, 'SELECT id FROM text_modules WHERE id = $1 FOR UPDATE', [id]);
    if (!found) throw new NotFoundError('TextModule', id);
    await updateRow(db, 'text_modules', id, attributes(input, false), actor.user.id);
    await writeGroups(db, id, input);
  },
};

/** `GET /text_modules/search`: name, keywords or content containing the text, in the actor's scope. */
export async function searchTextModules(
  db: Db,
  actor: Actor,
  text: string,
  page: { limit: number; offset: number },
): Promise<Row[]> {
  const scope = listScope(actor);
  const pattern = `%${escapeLike(text.replace(/\*/g, '').trim())}%`;
  const n = scope.params.length + 1;
  return db.query<Row>(
    `SELECT r.* FROM text_modules r
      WHERE ${scope.sql} AND (r.name ILIKE $${n} OR r.keywords ILIKE $${n} OR r.content ILIKE $${n})
      ORDER BY r.name ASC, r.id ASC LIMIT ${page.limit} OFFSET ${page.offset}`,
    [...scope.params, pattern],
  );
}
