import type { Db } from '../db/client.ts';
import { type Actor, seesFull } from './actor.ts';
import type { RecordModel } from './crud.ts';
import { addGroupAssets } from './groups.ts';
import { requireName } from './records.ts';
import { accessMap, replaceGroupAccess, resolveGroupAccess, writeHasMany } from './references.ts';
import { namedAccess, namesOf, withCreatorNames } from './serialize.ts';
import { type Assets, addAsset, hasAsset, type RecordShape, type Row } from './shapes.ts';

const CUSTOMER_VISIBLE = ['id', 'name', 'group_ids', 'permission_ids', 'active'];

/** Non-agents see roles reduced, with the name hidden as `Role_<id>`. */
export function filterRole(actor: Actor, record: Row): Row {
  if (seesFull(actor)) return record;
  const out: Row = Object.fromEntries(CUSTOMER_VISIBLE.filter((k) => k in record).map((k) => [k, record[k]]));
  out.name = `Role_${String(record.id)}`;
  return out;
}

export async function plainRoles(db: Db, rows: Row[]): Promise<Row[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [perms, groups] = await Promise.all([
    db.query<{ role_id: number; permission_id: number }>(
      'SELECT role_id, permission_id FROM permissions_roles WHERE role_id = ANY($1) ORDER BY permission_id',
      [ids],
    ),
    db.query<{ role_id: number; group_id: number; access: string }>(
      'SELECT role_id, group_id, access FROM groups_roles WHERE role_id = ANY($1) ORDER BY group_id, access',
      [ids],
    ),
  ]);
  return rows.map((r) => ({
    ...r,
    permission_ids: perms.filter((p) => p.role_id === r.id).map((p) => p.permission_id),
    knowledge_base_permission_ids: [],
    group_ids: accessMap(groups.filter((g) => g.role_id === r.id)),
  }));
}

/** Plain or expanded roles (expand adds `permissions` names and the `groups` name map). */
export async function serializeRoles(db: Db, actor: Actor, rows: Row[], shape: RecordShape): Promise<Row[]> {
  const plain = await plainRoles(db, rows);
  if (shape === 'expand' && plain.length > 0) {
    const [permName, groupName] = await Promise.all([namesOf(db, 'permissions'), namesOf(db, 'groups')]);
    for (const r of plain) {
      r.permissions = (r.permission_ids as number[]).map((id) => permName.get(id));
      r.groups = namedAccess(r.group_ids as Record<string, string[]>, groupName);
    }
    await withCreatorNames(db, plain);
  }
  return plain.map((r) => filterRole(actor, r));
}

export async function addRoleAssets(db: Db, actor: Actor, ids: number[], assets: Assets): Promise<void> {
  const todo = [...new Set(ids)].filter((id) => !hasAsset(assets, 'Role', id));
  if (todo.length === 0) return;
  const rows = await db.query<Row>('SELECT * FROM roles WHERE id = ANY($1) ORDER BY id', [todo]);
  const plain = await plainRoles(db, rows);
  for (const r of plain) addAsset(assets, 'Role', filterRole(actor, r));
  await addGroupAssets(
    db,
    actor,
    plain.flatMap((r) => Object.keys(r.group_ids as Row).map(Number)),
    assets,
  );
}

async function applyRelations(db: Db, roleId: number, input: Row): Promise<void> {
  await writeHasMany(db, input, roleId, {
    idsKey: 'permission_ids',
    namesKey: 'permissions',
    table: 'permissions',
    nameColumn: 'name',
    join: { table: 'permissions_roles', owner: 'role_id', other: 'permission_id' },
  });
  const access = await resolveGroupAccess(db, input);
  if (access !== undefined) await replaceGroupAccess(db, 'groups_roles', 'role_id', roleId, access);
}

/** Roles as records: a name is required; permissions and group access are set by id or name. */
export const ROLES: RecordModel = {
  table: 'roles',
  model: 'Role',
  serialize: serializeRoles,
  addAssets: addRoleAssets,
  prepare: (_db, _actor, attrs, _input, current) => requireName(attrs, !current),
  afterWrite: (db, _actor, row, input) => applyRelations(db, row.id as number, input),
};
