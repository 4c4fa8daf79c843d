/**
 * The assets that come along with tickets and articles (`full=true`, `all=true`, searches,
 * overviews): the ticket's people, groups and organizations as the caller may see them.
 */
import type { Db } from '../db/client.ts';
import { type Actor, seesFull } from './actor.ts';
import type { ArticleRow } from './articles/create.ts';
import { serializeArticles } from './articles/serialize.ts';
import { accessMap } from './references.ts';
import { type Assets, addAsset, hasAsset as has } from './shapes.ts';
import type { TicketRow } from './tickets/access.ts';
import { serializeTickets } from './tickets/serialize.ts';

const fullView = seesFull;

function ids(values: Iterable<unknown>): number[] {
  return [...new Set([...values].filter((v): v is number => typeof v === 'number' && v > 0))];
}

/** Users in their plain shape (no password), with their roles and organizations added too. */
export async function userAssets(
  db: Db,
  actor: Actor,
  userIds: Iterable<unknown>,
  assets: Assets = {},
): Promise<Assets> {
  const wanted = ids(userIds).filter((id) => !has(assets, 'User', id));
  if (wanted.length === 0) return assets;
  const rows = await db.query<Record<string, unknown> & { id: number; organization_id: number | null }>(
    'SELECT * FROM users WHERE id = ANY($1) ORDER BY id',
    [wanted],
  );
  const full = fullView(actor);
  const [roles, orgs, groups] = await Promise.all([
    db.query<{ user_id: number; role_id: number }>(
      'SELECT user_id, role_id FROM roles_users WHERE user_id = ANY($1) ORDER BY role_id',
      [wanted],
    ),
    db.query<{ user_id: number; organization_id: number }>(
      'SELECT user_id, organization_id FROM organizations_users WHERE user_id = ANY($1) ORDER BY organization_id',
      [wanted],
    ),
    db.query<{ user_id: number; group_id: number; access: string }>(
      'SELECT user_id, group_id, access FROM groups_users WHERE user_id = ANY($1) ORDER BY group_id, access',
      [wanted],
    ),
  ]);
  const roleIds = new Set<number>();
  const orgIds = new Set<number>();
  for (const row of rows) {
    const { password: _password, ...plain } = row;
    if (!full && row.id !== actor.user.id) {
      addAsset(assets, 'User', {
        id: row.id,
        firstname: row.firstname,
        lastname: row.lastname,
        image: row.image,
        image_source: row.image_source,
        active: row.active,
      });
      continue;
    }
    const groupIds = accessMap(groups.filter((x) => x.user_id === row.id));
    const myRoles = roles.filter((r) => r.user_id === row.id).map((r) => r.role_id);
    const myOrgs = orgs.filter((o) => o.user_id === row.id).map((o) => o.organization_id);
    for (const r of myRoles) roleIds.add(r);
    if (row.organization_id) orgIds.add(row.organization_id);
    addAsset(assets, 'User', {
      ...plain,
      role_ids: myRoles,
      organization_ids: myOrgs,
      group_ids: groupIds,
      authorization_ids: [],
      two_factor_preference_ids: [],
      overview_sorting_ids: [],
    });
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
  const [rows, perms, groups] = await Promise.all([
    db.query<Record<string, unknown> & { id: number; active: boolean }>(
      'SELECT * FROM roles WHERE id = ANY($1) ORDER BY id',
      [wanted],
    ),
    db.query<{ role_id: number; permission_id: number }>(
      'SELECT role_id, permission_id FROM permissions_roles WHERE role_id = ANY($1) ORDER BY permission_id',
      [wanted],
    ),
    db.query<{ role_id: number; group_id: number; access: string }>(
      'SELECT role_id, group_id, access FROM groups_roles WHERE role_id = ANY($1) ORDER BY group_id, access',
      [wanted],
    ),
  ]);
  const full = fullView(actor);
  for (const row of rows) {
    const groupIds = accessMap(groups.filter((x) => x.role_id === row.id));
    const permissionIds = perms.filter((p) => p.role_id === row.id).map((p) => p.permission_id);
    addAsset(
      assets,
      'Role',
      full
        ? { ...row, permission_ids: permissionIds, group_ids: groupIds }
        : {
            id: row.id,
            name: `Role_${row.id}`,
            group_ids: groupIds,
            permission_ids: permissionIds,
            active: row.active,
          },
    );
  }
  return assets;
}

export async function organizationAssets(
  db: Db,
  actor: Actor,
  orgIds: Iterable<unknown>,
  assets: Assets = {},
): Promise<Assets> {
  const full = fullView(actor);
  const wanted = ids(orgIds).filter(
    (id) => !has(assets, 'Organization', id) && (full || actor.organizationIds.includes(id)),
  );
  if (wanted.length === 0) return assets;
  const rows = await db.query<Record<string, unknown> & { id: number; name: string; active: boolean }>(
    'SELECT * FROM organizations WHERE id = ANY($1) ORDER BY id',
    [wanted],
  );
  const members = full
    ? await db.query<{ organization_id: number; id: number }>(
        'SELECT organization_id, id FROM users WHERE organization_id = ANY($1) ORDER BY id',
        [wanted],
      )
    : [];
  for (const row of rows) {
    addAsset(
      assets,
      'Organization',
      full
        ? { ...row, member_ids: members.filter((m) => m.organization_id === row.id).map((m) => m.id) }
        : { id: row.id, name: row.name, active: row.active },
    );
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
  const rows = await db.query<Record<string, unknown> & { id: number }>(
    'SELECT * FROM groups WHERE id = ANY($1) ORDER BY id',
    [wanted],
  );
  const full = fullView(actor);
  for (const row of rows) {
    addAsset(
      assets,
      'Group',
      full
        ? row
        : {
            id: row.id,
            name: row.name,
            name_last: row.name_last,
            follow_up_possible: row.follow_up_possible,
            reopen_time_in_days: row.reopen_time_in_days,
            active: row.active,
            parent_id: row.parent_id,
          },
    );
  }
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
