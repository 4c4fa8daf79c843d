/**
 * Text modules (REFERENCE §3.16): reusable reply snippets (`::keyword` in the composer).
 * Admins (`admin.text_module`) see and write all of them; agents see those without groups plus
 * those of groups where they may reply (index/search: `create` or `change`; show: `read`), as
 * Zammad's TextModulePolicy. `content` and `note` are HTML-sanitised on save.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError, notAuthorized, notFound } from '../lib/errors.ts';
import { truthy } from '../lib/http.ts';
import { type Actor, can, groupsWith } from './actor.ts';
import { type Row, resolveIdList } from './reference-data.ts';
import { sanitizeHtml } from './sanitize.ts';
import type { Params } from './search/sql.ts';

export const ADMIN = 'admin.text_module';

/** SQL (alias `tm`) of the modules an actor may list. */
export function listScope(actor: Actor, p: Params): string {
  if (can(actor, ADMIN)) return 'true';
  if (!can(actor, 'ticket.agent')) return 'false';
  const groups = [...new Set([...groupsWith(actor, 'create'), ...groupsWith(actor, 'change')])];
  return `(NOT EXISTS (SELECT 1 FROM groups_text_modules g WHERE g.text_module_id = tm.id)
           OR EXISTS (SELECT 1 FROM groups_text_modules g WHERE g.text_module_id = tm.id
                        AND g.group_id = ANY(${p.add(groups)}::int[])))`;
}

export async function serializeTextModules(db: Db, rows: Row[]): Promise<Row[]> {
  if (rows.length === 0) return [];
  const groups = await db.query<{ text_module_id: number; group_id: number }>(
    `SELECT text_module_id, group_id FROM groups_text_modules WHERE text_module_id = ANY($1) ORDER BY group_id`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    ...r,
    group_ids: groups.filter((g) => g.text_module_id === r.id).map((g) => g.group_id),
  }));
}

/** Loads one module the actor may see (show: `read` on one of its groups), else 404/403. */
export async function loadVisibleTextModule(db: Db, actor: Actor, id: number): Promise<Row> {
  const row = await one<Row>(db, 'SELECT * FROM text_modules WHERE id = $1', [id]);
  if (!row) throw notFound('TextModule', id);
  if (can(actor, ADMIN)) return row;
  if (!can(actor, 'ticket.agent')) throw notAuthorized();
  const groups = await db.query<{ group_id: number }>(
    'SELECT group_id FROM groups_text_modules WHERE text_module_id = $1',
    [id],
  );
  if (groups.length === 0) return row;
  const readable = new Set(groupsWith(actor, 'read'));
  if (!groups.some((g) => readable.has(g.group_id))) throw notAuthorized();
  return row;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

async function attributes(input: Row, creating: boolean): Promise<Row> {
  const out: Row = {};
  if ('name' in input || creating) {
    const name = text(input.name).trim();
    if (!name) throw new ApiError(422, "Attribute 'name' required!");
    out.name = name;
  }
  if ('content' in input || creating) {
    const content = sanitizeHtml(text(input.content));
    if (!content.trim()) throw new ApiError(422, "Attribute 'content' required!");
    out.content = content;
  }
  if ('keywords' in input) out.keywords = text(input.keywords);
  if ('note' in input) out.note = input.note === null ? null : sanitizeHtml(text(input.note));
  if ('active' in input && input.active !== undefined && input.active !== null)
    out.active = truthy(input.active);
  if ('foreign_id' in input) {
    const f = input.foreign_id;
    out.foreign_id = f === null || f === '' || f === undefined ? null : Number(f);
    if (out.foreign_id !== null && !Number.isSafeInteger(out.foreign_id))
      throw new ApiError(422, `Invalid value for param 'foreign_id': ${JSON.stringify(f)}`);
  }
  return out;
}

async function writeGroups(db: Db, id: number, input: Row): Promise<void> {
  const groupIds = await resolveIdList(db, input, {
    idsKey: 'group_ids',
    namesKey: 'groups',
    table: 'groups',
    nameColumn: 'name',
  });
  if (groupIds === undefined) return;
  await db.query('DELETE FROM groups_text_modules WHERE text_module_id = $1', [id]);
  await db.query('INSERT INTO groups_text_modules (text_module_id, group_id) SELECT $1, unnest($2::int[])', [
    id,
    groupIds,
  ]);
}

export async function createTextModule(db: Db, actor: Actor, input: Row): Promise<number> {
  const attrs = await attributes(input, true);
  const cols = Object.keys(attrs);
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO text_modules (${cols.map((c) => `"${c}"`).join(', ')}, created_by_id, updated_by_id)
     VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}, $${cols.length + 1}, $${cols.length + 1}) RETURNING id`,
    [...cols.map((c) => attrs[c]), actor.user.id],
  )) as { id: number };
  await writeGroups(db, row.id, input);
  return row.id;
}

export async function updateTextModule(db: Db, actor: Actor, id: number, input: Row): Promise<void> {
  const found = await one(db, 'SELECT id FROM text_modules WHERE id = $1 FOR UPDATE', [id]);
  if (!found) throw notFound('TextModule', id);
  const attrs = await attributes(input, false);
  const cols = Object.keys(attrs);
  const sets = cols.map((c, i) => `"${c}" = $${i + 1}`);
  sets.push(`updated_by_id = $${cols.length + 1}`, 'updated_at = now()');
  await db.query(`UPDATE text_modules SET ${sets.join(', ')} WHERE id = $${cols.length + 2}`, [
    ...cols.map((c) => attrs[c]),
    actor.user.id,
    id,
  ]);
  await writeGroups(db, id, input);
}
