import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, can, isAgent, seesFull } from './actor.ts';
import type { RecordModel } from './crud.ts';
import { InvalidError } from './errors.ts';
import { deleteRow, hasReferences, loadRow, referencesError, type Scope } from './records.ts';
import { namesOf, userLogins, withCreatorNames, withName } from './serialize.ts';
import { type Assets, addAsset, hasAsset, type RecordShape, type Row } from './shapes.ts';
import { afterServiceLevelChange } from './sla/changes.ts';
import { afterUnitWrite, prepareUnitFields } from './sla/units.ts';

const CUSTOMER_VISIBLE = [
  'id',
  'name',
  'name_last',
  'follow_up_possible',
  'reopen_time_in_days',
  'active',
  'parent_id',
];

export function filterGroup(actor: Actor, record: Row): Row {
  if (seesFull(actor)) return record;
  return Object.fromEntries(CUSTOMER_VISIBLE.filter((k) => k in record).map((k) => [k, record[k]]));
}

/**
 * SQL condition (on `groups r`) for the groups a caller may see: all for agents and
 * `admin.group`; for customers the groups they may create tickets in
 * (`customer_ticket_create_group_ids`, empty = all) or have tickets in.
 */
export async function visibleGroupsScope(db: Db, actor: Actor): Promise<Scope> {
  if (isAgent(actor) || can(actor, 'admin.group')) return { sql: 'true', params: [] };
  if (!can(actor, 'ticket.customer')) return { sql: 'false', params: [] };
  const setting = await one<{ value: unknown }>(
    db,
    "SELECT value FROM settings WHERE name = 'customer_ticket_create_group_ids'",
  );
  const allowed = Array.isArray(setting?.value) ? (setting.value as unknown[]).map(Number) : [];
  if (allowed.length === 0) return { sql: 'true', params: [] };
  return {
    sql: '(r.id = ANY($1::int[]) OR EXISTS (SELECT 1 FROM tickets t WHERE t.group_id = r.id AND t.customer_id = $2))',
    params: [allowed, actor.user.id],
  };
}

async function plainGroups(db: Db, rows: Row[]): Promise<Row[]> {
  if (rows.length === 0) return [];
  const users = await db.query<{ group_id: number; user_id: number }>(
    'SELECT DISTINCT group_id, user_id FROM groups_users WHERE group_id = ANY($1) ORDER BY user_id',
    [rows.map((r) => r.id)],
  );
  const leads = await db.query<{ group_id: number; user_id: number }>(
    'SELECT group_id, user_id FROM eosc_unit_leads WHERE group_id = ANY($1) ORDER BY user_id',
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    ...r,
    eosc_lead_ids: leads.filter((l) => l.group_id === r.id).map((l) => l.user_id),
    user_ids: users.filter((u) => u.group_id === r.id).map((u) => u.user_id),
  }));
}

/** Plain or expanded groups (expand adds `users` logins and the `parent` name). */
export async function serializeGroups(db: Db, actor: Actor, rows: Row[], shape: RecordShape): Promise<Row[]> {
  const plain = await plainGroups(db, rows);
  if (shape === 'expand' && plain.length > 0) {
    const [login, name] = await Promise.all([
      userLogins(
        db,
        plain.flatMap((g) => g.user_ids as number[]),
      ),
      namesOf(db, 'groups'),
    ]);
    for (const g of plain) {
      g.users = (g.user_ids as number[]).map((id) => login.get(id));
      withName(g, 'parent', name, g.parent_id);
    }
    await withCreatorNames(db, plain);
  }
  return plain.map((g) => filterGroup(actor, g));
}

export async function addGroupAssets(db: Db, actor: Actor, ids: number[], assets: Assets): Promise<void> {
  const todo = [...new Set(ids)].filter((id) => !hasAsset(assets, 'Group', id));
  if (todo.length === 0) return;
  const rows = await db.query<Row>('SELECT * FROM groups WHERE id = ANY($1) ORDER BY id', [todo]);
  for (const g of await plainGroups(db, rows)) addAsset(assets, 'Group', filterGroup(actor, g));
}

interface GroupPath {
  id?: number;
  name: string;
  name_last: string;
  parent_id: number | null;
}

async function parentById(db: Db, raw: unknown): Promise<{ id: number; name: string } | null> {
  if (raw === null || raw === '') return null;
  const n = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : Number.NaN;
  const row = Number.isSafeInteger(n)
    ? await one<{ id: number; name: string }>(db, 'SELECT id, name FROM groups WHERE id = $1', [n])
    : undefined;
  if (!row) throw new InvalidError(`Invalid value for param 'parent_id': ${JSON.stringify(raw)}`);
  return row;
}

/**
 * Sub-groups carry their full path as name (`Sales::Europe`) and the last segment as
 * `name_last`. The path may be given as `name`, or as `name_last` plus `parent_id`.
 */
async function resolvePath(db: Db, input: Row, current: GroupPath | null): Promise<GroupPath | undefined> {
  const nameSent = typeof input.name === 'string';
  const lastSent = typeof input.name_last === 'string';
  const parentSent = 'parent_id' in input || 'parent' in input;
  if (current && !nameSent && !lastSent && !parentSent) return undefined;

  let parent: { id: number; name: string } | null | undefined;
  if ('parent_id' in input) parent = await parentById(db, input.parent_id);
  else if ('parent' in input && input.parent !== null && input.parent !== '') {
    const row =
      typeof input.parent === 'string'
        ? await one<{ id: number; name: string }>(db, 'SELECT id, name FROM groups WHERE name = $1', [
            input.parent,
          ])
        : undefined;
    if (!row) throw new InvalidError(`No lookup value found for 'parent': ${JSON.stringify(input.parent)}`);
    parent = row;
  } else if ('parent' in input) parent = null;

  const name = nameSent ? (input.name as string).trim() : '';
  let last = lastSent ? (input.name_last as string).trim() : '';
  if (parent === undefined && name.includes('::')) {
    const segments = name.split('::').map((s) => s.trim());
    const parentName = segments.slice(0, -1).join('::');
    const row = await one<{ id: number; name: string }>(db, 'SELECT id, name FROM groups WHERE name = $1', [
      parentName,
    ]);
    if (!row) throw new InvalidError(`No lookup value found for 'parent': ${JSON.stringify(parentName)}`);
    parent = row;
    last ||= segments[segments.length - 1] ?? '';
  }
  if (!last) last = name ? (name.split('::').pop() ?? '').trim() : (current?.name_last ?? '');
  if (!last) throw new InvalidError("Attribute 'name' required!");
  if (parent === undefined) {
    parent = current?.parent_id
      ? ((await one<{ id: number; name: string }>(db, 'SELECT id, name FROM groups WHERE id = $1', [
          current.parent_id,
        ])) ?? null)
      : null;
  }
  return { name: parent ? `${parent.name}::${last}` : last, name_last: last, parent_id: parent?.id ?? null };
}

async function applyUsers(db: Db, groupId: number, input: Row): Promise<void> {
  if (!Array.isArray(input.user_ids)) return;
  const ids = input.user_ids.map(Number).filter(Number.isSafeInteger);
  const found = await db.query<{ id: number }>('SELECT id FROM users WHERE id = ANY($1)', [ids]);
  for (const id of ids) {
    if (!found.some((f) => f.id === id)) throw new InvalidError(`No value found for 'users' with id ${id}`);
  }
  await db.query('DELETE FROM groups_users WHERE group_id = $1 AND NOT (user_id = ANY($2))', [groupId, ids]);
  for (const id of ids) {
    await db.query(
      `INSERT INTO groups_users (user_id, group_id, access) SELECT $1, $2, 'full'
        WHERE NOT EXISTS (SELECT 1 FROM groups_users WHERE user_id = $1 AND group_id = $2)`,
      [id, groupId],
    );
  }
}

/** `eosc_lead_ids` (EOSC): who leads the unit (docs/reports.md); the list replaces the old one. */
async function applyLeads(db: Db, groupId: number, input: Row): Promise<void> {
  if (!('eosc_lead_ids' in input)) return;
  const raw = input.eosc_lead_ids;
  const list = raw === null || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
  const ids = list.map((v) => (typeof v === 'number' || /^\d+$/.test(String(v)) ? Number(v) : Number.NaN));
  if (ids.some((n) => !Number.isSafeInteger(n) || n > 2_147_483_647))
    throw new InvalidError(`Invalid value for param 'eosc_lead_ids': ${JSON.stringify(raw)}`);
  const found = await db.query<{ id: number }>('SELECT id FROM users WHERE id = ANY($1::int[])', [ids]);
  for (const id of ids) {
    if (!found.some((f) => f.id === id))
      throw new InvalidError(`No value found for 'eosc_lead_ids' with id ${id}`);
  }
  await db.query('DELETE FROM eosc_unit_leads WHERE group_id = $1 AND NOT (user_id = ANY($2::int[]))', [
    groupId,
    ids,
  ]);
  await db.query(
    `INSERT INTO eosc_unit_leads (group_id, user_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`,
    [groupId, ids],
  );
}

/** Groups as records: the path rules on write, `user_ids` kept in step, sub-groups renamed along. */
export const GROUPS: RecordModel = {
  table: 'groups',
  model: 'Group',
  readOnly: ['name', 'name_last', 'parent_id'],
  referencedBy: [
    ['tickets', 'group_id'],
    ['groups', 'parent_id'],
  ],
  scope: visibleGroupsScope,
  serialize: serializeGroups,
  addAssets: addGroupAssets,
  async prepare(db, _actor, attrs, input, current) {
    const path = await resolvePath(db, input, (current as GroupPath | undefined) ?? null);
    if (current && path?.parent_id === current.id)
      throw new InvalidError(`Invalid value for param 'parent_id': ${current.id}`);
    Object.assign(attrs, path ?? {});
    prepareUnitFields(attrs, current);
  },
  async afterWrite(db, actor, row, input, current) {
    if (current && row.name !== current.name) {
      // Sub-groups carry the full path: rename them along.
      await db.query(
        `UPDATE groups SET name = $2 || substr(name, length($1) + 1), updated_at = now()
          WHERE left(name, length($1) + 2) = $1 || '::'`,
        [current.name, row.name],
      );
    }
    await applyUsers(db, row.id as number, input);
    await applyLeads(db, row.id as number, input);
    await afterUnitWrite(db, actor.user.id, row, current);
  },
  async remove(db, actor, id) {
    const current = await loadRow<Row>(db, 'groups', 'Group', id, true);
    if (await hasReferences(db, id, GROUPS.referencedBy ?? [])) throw referencesError();
    await deleteRow(db, 'groups', 'Group', id);
    if (current.support_unit === true)
      await afterServiceLevelChange(db, actor.user.id, 'support unit removed');
  },
};
