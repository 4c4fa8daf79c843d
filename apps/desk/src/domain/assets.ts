/**
 * The assets that come along with tickets and articles (`full=true`, `all=true`, searches,
 * overviews): the ticket's people, groups and organizations as the caller may see them.
 * They are the records' plain shapes, but leaner than the resources' own assets (users.ts,
 * roles.ts...): no secondary organizations, member lists of secondary members, group assets of
 * users or knowledge-base permissions. Kept as the desk has always answered.
 */
import type { Db } from '../db/client.ts';
import { type Actor, seesFull } from './actor.ts';
import type { ArticleRow } from './article-shapes.ts';
import { serializeArticles } from './article-shapes.ts';
import { filterGroup } from './groups.ts';
import { filterOrganization, plainOrganizations } from './organizations.ts';
import { cachedShapes } from './record-cache.ts';
import { filterRole, plainRoles } from './roles.ts';
import { type Assets, addAsset, hasAsset as has, type Row } from './shapes.ts';
import type { TicketRow } from './ticket-access.ts';
import { serializeTickets } from './ticket-shapes.ts';
import { plainUsers, reducedUser } from './user-shapes.ts';

function ids(values: Iterable<unknown>): number[] {
  return [...new Set([...values].filter((v): v is number => typeof v === 'number' && v > 0))];
}

async function rowsOf(db: Db, table: string, ids: number[]): Promise<Row[]> {
  return db.query<Row>(`SELECT * FROM ${table} WHERE id = ANY($1) ORDER BY id`, [ids]);
}

// Shapes in id order (as the queries above return them), cached while auth_version stands.
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
const users = (db: Db, assets: Assets, ids: number[]) =>
  cachedShapes(db, assets, 'User', sorted(ids), async (missing) =>
    plainUsers(db, await rowsOf(db, 'users', missing)),
  );
const roles = (db: Db, assets: Assets, ids: number[]) =>
  cachedShapes(db, assets, 'Role', sorted(ids), async (missing) =>
    plainRoles(db, await rowsOf(db, 'roles', missing)),
  );
const organizations = (db: Db, assets: Assets, ids: number[]) =>
  cachedShapes(db, assets, 'Organization', sorted(ids), async (missing) =>
    plainOrganizations(db, await rowsOf(db, 'organizations', missing)),
  );
const groups = (db: Db, assets: Assets, ids: number[]) =>
  cachedShapes(db, assets, 'Group', sorted(ids), (missing) => rowsOf(db, 'groups', missing));

/**
 * Users in their plain shape (no password), with their roles and primary organization; others
 * than agents see other users reduced to a name and a picture.
 */
export async function userAssets(
  db: Db,
  actor: Actor,
  userIds: Iterable<unknown>,
  assets: Assets = {},
): Promise<Assets> {
  const wanted = ids(userIds).filter((id) => !has(assets, 'User', id));
  if (wanted.length === 0) return assets;
  const roleIds = new Set<number>();
  const orgIds = new Set<number>();
  for (const u of await users(db, assets, wanted)) {
    if (!seesFull(actor) && u.id !== actor.user.id) {
      addAsset(assets, 'User', reducedUser(u));
      continue;
    }
    for (const r of u.role_ids as number[]) roleIds.add(r);
    if (u.organization_id) orgIds.add(u.organization_id as number);
    addAsset(assets, 'User', u);
  }
  await roleAssets(db, actor, roleIds, assets);
  await organizationAssets(db, actor, orgIds, assets);
  return assets;
}

export async function roleAssets(
  db: Db,
  actor: Actor,
  roleIds: Iterable<unknown>,
  assets: Assets = {},
): Promise<Assets> {
  const wanted = ids(roleIds).filter((id) => !has(assets, 'Role', id));
  if (wanted.length === 0) return assets;
  for (const role of await roles(db, assets, wanted)) {
    const { knowledge_base_permission_ids: _kb, ...r } = role;
    addAsset(assets, 'Role', filterRole(actor, r));
  }
  return assets;
}

/** Organizations the caller may see; agents see their members too. */
export async function organizationAssets(
  db: Db,
  actor: Actor,
  orgIds: Iterable<unknown>,
  assets: Assets = {},
): Promise<Assets> {
  const wanted = ids(orgIds).filter(
    (id) => !has(assets, 'Organization', id) && (seesFull(actor) || actor.organizationIds.includes(id)),
  );
  if (wanted.length === 0) return assets;
  for (const org of await organizations(db, assets, wanted)) {
    const { secondary_member_ids: _secondary, ...o } = org;
    addAsset(assets, 'Organization', filterOrganization(actor, o));
  }
  return assets;
}

export async function groupAssets(
  db: Db,
  actor: Actor,
  groupIds: Iterable<unknown>,
  assets: Assets = {},
): Promise<Assets> {
  const wanted = ids(groupIds).filter((id) => !has(assets, 'Group', id));
  if (wanted.length === 0) return assets;
  for (const g of await groups(db, assets, wanted)) addAsset(assets, 'Group', filterGroup(actor, g));
  return assets;
}

/**
 * Assets of tickets the caller may read (checked by the caller): each ticket in its assoc-ids
 * shape, plus its owner, customer, creator, updater, group and organization.
 */
export async function ticketAssets(
  db: Db,
  actor: Actor,
  rows: TicketRow[],
  assets: Assets = {},
): Promise<Assets> {
  const fresh = rows.filter((r) => !has(assets, 'Ticket', r.id));
  if (fresh.length === 0) return assets;
  for (const t of await serializeTickets(db, actor, fresh, 'ids')) addAsset(assets, 'Ticket', t);
  await userAssets(
    db,
    actor,
    fresh.flatMap((r) => [r.owner_id, r.customer_id, r.created_by_id, r.updated_by_id]),
    assets,
  );
  await groupAssets(
    db,
    actor,
    fresh.map((r) => r.group_id),
    assets,
  );
  await organizationAssets(
    db,
    actor,
    fresh.map((r) => r.organization_id),
    assets,
  );
  return assets;
}

/** Articles (already filtered to what the caller may see), with names, attachments and authors. */
export async function articleAssets(
  db: Db,
  actor: Actor,
  rows: ArticleRow[],
  assets: Assets = {},
): Promise<Assets> {
  if (rows.length === 0) return assets;
  for (const a of await serializeArticles(db, rows)) addAsset(assets, 'TicketArticle', a);
  await userAssets(
    db,
    actor,
    rows.flatMap((r) => [r.created_by_id, r.updated_by_id, r.origin_by_id]),
    assets,
  );
  return assets;
}
