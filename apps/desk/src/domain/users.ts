/**
 * Users (REFERENCE §3.4) as records of the resource factory: their shapes and assets, who may
 * see and edit whom (UserPolicy); the writes are in user-writes.ts.
 */
import type { Db } from '../db/client.ts';
import { type Actor, can, isAgent, seesFull } from './actor.ts';
import type { RecordModel } from './crud.ts';
import { addGroupAssets } from './groups.ts';
import { addOrganizationAssets } from './organizations.ts';
import { hasPermission } from './permissions.ts';
import { EVERYTHING } from './records.ts';
import { addRoleAssets } from './roles.ts';
import { namedAccess, namesOf, withCreatorNames, withName } from './serialize.ts';
import { type Assets, addAsset, hasAsset, type RecordShape, type Row } from './shapes.ts';
import { canShowUser, filterUser, plainUsers } from './user-shapes.ts';
import { createUser, deleteUser, updateUser } from './user-writes.ts';

/** Plain or expanded users as the caller may see them. */
export async function serializeUsers(db: Db, actor: Actor, rows: Row[], shape: RecordShape): Promise<Row[]> {
  const plain = await plainUsers(db, rows);
  if (shape === 'expand') {
    const [roleName, orgName, groupName] = await Promise.all([
      namesOf(db, 'roles'),
      namesOf(db, 'organizations'),
      namesOf(db, 'groups'),
    ]);
    for (const u of plain) {
      u.roles = (u.role_ids as number[]).map((id) => roleName.get(id));
      withName(u, 'organization', orgName, u.organization_id);
      u.organizations = (u.organization_ids as number[]).map((id) => orgName.get(id));
      u.groups = namedAccess(u.group_ids as Record<string, string[]>, groupName);
    }
    await withCreatorNames(db, plain);
  }
  return plain.map((u) => filterUser(actor, u));
}

/** Adds users to `assets`, with their organizations, roles and groups. */
export async function addUserAssets(db: Db, actor: Actor, ids: number[], assets: Assets): Promise<void> {
  const todo = [...new Set(ids)].filter((id) => !hasAsset(assets, 'User', id));
  if (todo.length === 0) return;
  const rows = await db.query<Row>('SELECT * FROM users WHERE id = ANY($1) ORDER BY id', [todo]);
  const plain = await plainUsers(db, rows);
  const orgIds: number[] = [];
  const roleIds: number[] = [];
  const groupIds: number[] = [];
  for (const u of plain) {
    addAsset(assets, 'User', filterUser(actor, u));
    if (typeof u.organization_id === 'number') orgIds.push(u.organization_id);
    if (seesFull(actor) || u.id === actor.user.id) {
      orgIds.push(...(u.organization_ids as number[]).slice(0, 3));
      roleIds.push(...(u.role_ids as number[]));
      groupIds.push(...Object.keys(u.group_ids as Row).map(Number));
    }
  }
  await addOrganizationAssets(db, actor, orgIds, assets);
  await addRoleAssets(db, actor, roleIds, assets);
  await addGroupAssets(db, actor, groupIds, assets);
}

/** Roles and permissions of a user decide who may edit them (`UserPolicy#update?`). */
export async function canUpdateUser(db: Db, actor: Actor, targetId: number): Promise<boolean> {
  if (can(actor, 'admin.user')) return true;
  if (!isAgent(actor)) return false;
  const perms = await db.query<{ name: string }>(
    `SELECT DISTINCT p.name FROM roles_users ru JOIN roles r ON r.id = ru.role_id AND r.active
       JOIN permissions_roles pr ON pr.role_id = r.id JOIN permissions p ON p.id = pr.permission_id
      WHERE ru.user_id = $1`,
    [targetId],
  );
  const names = perms.map((p) => p.name);
  // Agents may edit customer-only users: never agents or admins.
  return hasPermission(names, 'ticket.customer') && !hasPermission(names, ['ticket.agent', 'admin.*']);
}

/** Users as records: Zammad's own creation and update rules, field scopes and policies. */
export const USERS: RecordModel = {
  table: 'users',
  model: 'User',
  serialize: serializeUsers,
  addAssets: addUserAssets,
  // Agents and admin.user page through everyone; anybody else gets a list holding only themselves.
  scope: (_db, actor) =>
    can(actor, ['ticket.agent', 'admin.user']) ? EVERYTHING : { sql: 'r.id = $1', params: [actor.user.id] },
  canShow: (_db, actor, row) => canShowUser(actor, row),
  create: createUser,
  update: updateUser,
  remove: (db, _actor, id) => deleteUser(db, id),
};
