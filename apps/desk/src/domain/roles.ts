import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { notFound } from '../lib/errors.ts';
import type { Actor } from './actor.ts';
import { addGroupAssets } from './groups.ts';
import {
  type Assets,
  accessMap,
  hasAsset,
  insertRow,
  putAsset,
  type Row,
  replaceGroupAccess,
  requireName,
  resolveGroupAccess,
  resolveIdList,
  type Shape,
  seesFull,
  updateRow,
  withCreatorNames,
  writableAttributes,
} from './reference-data.ts';

const CUSTOMER_VISIBLE = ['id', 'name', 'group_ids', 'permission_ids', 'active'];

/** Non-agents see roles reduced, with the name hidden as `Role_<id>`. */
export function filterRole(actor: Actor, record: Row): Row {
  if (seesFull(actor)) return record;
  const out: Row = Object.fromEntries(CUSTOMER_VISIBLE.filter((k) => k in record).map((k) => [k, record[k]]));
  out.name = `Role_${String(record.id)}`;
  return out;
}

async function plainRoles(db: Db, rows: Row[]): Promise<Row[]> {
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
export async function serializeRoles(db: Db, actor: Actor, rows: Row[], shape: Shape): Promise<Row[]> {
  const plain = await plainRoles(db, rows);
  if (shape === 'expand' && plain.length > 0) {
    const [perms, groups] = await Promise.all([
      db.query<{ id: number; name: string }>('SELECT id, name FROM permissions'),
      db.query<{ id: number; name: string }>('SELECT id, name FROM groups'),
    ]);
    const permName = new Map(perms.map((p) => [p.id, p.name]));
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    for (const r of plain) {
      r.permissions = (r.permission_ids as number[]).map((id) => permName.get(id));
      const named: Record<string, string[]> = {};
      for (const [gid, levels] of Object.entries(r.group_ids as Record<string, string[]>)) {
        const name = groupName.get(Number(gid));
        if (name !== undefined) named[name] = levels;
      }
      r.groups = named;
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
  for (const r of plain) putAsset(assets, 'Role', filterRole(actor, r));
  await addGroupAssets(
    db,
    actor,
    plain.flatMap((r) => Object.keys(r.group_ids as Row).map(Number)),
    assets,
  );
}

async function applyRelations(db: Db, roleId: number, input: Row): Promise<void> {
  const permissionIds = await resolveIdList(db, input, {
    idsKey: 'permission_ids',
    namesKey: 'permissions',
    table: 'permissions',
    nameColumn: 'name',
  });
  if (permissionIds !== undefined) {
    await db.query('DELETE FROM permissions_roles WHERE role_id = $1', [roleId]);
    for (const p of permissionIds) {
      await db.query('INSERT INTO permissions_roles (role_id, permission_id) VALUES ($1, $2)', [roleId, p]);
    }
  }
  const access = await resolveGroupAccess(db, input);
  if (access !== undefined) await replaceGroupAccess(db, 'groups_roles', 'role_id', roleId, access);
}

export async function createRole(db: Db, actor: Actor, input: Row): Promise<number> {
  const attrs = await writableAttributes(db, 'roles', input);
  requireName(attrs, true);
  const row = await insertRow<{ id: number }>(db, 'roles', attrs, actor.user.id);
  await applyRelations(db, row.id, input);
  return row.id;
}

export async function updateRole(db: Db, actor: Actor, id: number, input: Row): Promise<void> {
  const current = await one(db, 'SELECT id FROM roles WHERE id = $1 FOR UPDATE', [id]);
  if (!current) throw notFound('Role', id);
  const attrs = await writableAttributes(db, 'roles', input);
  requireName(attrs, false);
  await updateRow(db, 'roles', id, attrs, actor.user.id);
  await applyRelations(db, id, input);
}
