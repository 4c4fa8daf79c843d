import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Access, hasPermission } from './permissions.ts';

export interface UserRow {
  id: number;
  login: string;
  firstname: string;
  lastname: string;
  email: string;
  active: boolean;
  organization_id: number | null;
  password: string | null;
  [key: string]: unknown;
}

/** Who is acting, with everything permission checks need, loaded once per request. */
export interface Actor {
  user: UserRow;
  permissions: string[];
  /** Active groups only: group id → access levels held directly or through roles. */
  groupAccess: Map<number, Set<Access>>;
  /** Primary and secondary organizations. */
  organizationIds: number[];
  /** Of those, the ones with `shared: true`: their tickets are visible to the customer. */
  sharedOrganizationIds: number[];
}

const ACTOR_SQL = `
  SELECT u.*,
    COALESCE((SELECT array_agg(DISTINCT p.name) FROM roles_users ru
                JOIN roles r ON r.id = ru.role_id AND r.active
                JOIN permissions_roles pr ON pr.role_id = r.id
                JOIN permissions p ON p.id = pr.permission_id AND p.active
               WHERE ru.user_id = u.id), '{}') AS actor_permissions,
    COALESCE((SELECT json_agg(json_build_object('g', x.group_id, 'a', x.access)) FROM (
                SELECT gu.group_id, gu.access FROM groups_users gu
                  JOIN groups g ON g.id = gu.group_id AND g.active
                 WHERE gu.user_id = u.id
                UNION
                SELECT gr.group_id, gr.access FROM roles_users ru
                  JOIN roles r ON r.id = ru.role_id AND r.active
                  JOIN groups_roles gr ON gr.role_id = r.id
                  JOIN groups g ON g.id = gr.group_id AND g.active
                 WHERE ru.user_id = u.id) x), '[]') AS actor_groups,
    COALESCE((SELECT json_agg(json_build_object('id', o.id, 'shared', o.shared)) FROM organizations o
               WHERE o.id = u.organization_id
                  OR o.id IN (SELECT organization_id FROM organizations_users WHERE user_id = u.id)), '[]')
      AS actor_organizations
  FROM users u`;

type ActorRow = UserRow & {
  actor_permissions: string[];
  actor_groups: { g: number; a: Access }[];
  actor_organizations: { id: number; shared: boolean }[];
};

function toActor(row: ActorRow | undefined): Actor | undefined {
  if (!row) return undefined;
  const { actor_permissions, actor_groups, actor_organizations, ...user } = row;
  const groupAccess = new Map<number, Set<Access>>();
  for (const { g, a } of actor_groups) {
    const set = groupAccess.get(g) ?? new Set<Access>();
    set.add(a);
    groupAccess.set(g, set);
  }
  return {
    user: user as UserRow,
    permissions: actor_permissions,
    groupAccess,
    organizationIds: actor_organizations.map((o) => o.id),
    sharedOrganizationIds: actor_organizations.filter((o) => o.shared).map((o) => o.id),
  };
}

/** The user with their permissions, group access and organizations, in one query. */
export async function loadActor(db: Db, userId: number): Promise<Actor | undefined> {
  return toActor(await one<ActorRow>(db, `${ACTOR_SQL} WHERE u.id = $1`, [userId]));
}

/** As loadActor, by login or e-mail (case-insensitive; a login match wins). */
export async function loadActorByLoginOrEmail(db: Db, value: string): Promise<Actor | undefined> {
  return toActor(
    await one<ActorRow>(
      db,
      `${ACTOR_SQL} WHERE lower(u.login) = lower($1) OR (u.email <> '' AND lower(u.email) = lower($1))
        ORDER BY (lower(u.login) = lower($1)) DESC LIMIT 1`,
      [value],
    ),
  );
}

export function can(actor: Actor, permission: string | string[]): boolean {
  return hasPermission(actor.permissions, permission);
}

export const isAgent = (a: Actor) => can(a, 'ticket.agent');

/**
 * Whether the caller sees records in full: agents and admins. Everyone else gets Zammad's
 * reduced fields (customers: `filter_unauthorized_attributes`).
 */
export const seesFull = (a: Actor) => can(a, ['ticket.agent', 'admin.*']);
export const isCustomer = (a: Actor) => can(a, 'ticket.customer');

/** `full` satisfies every level. */
export function hasGroupAccess(actor: Actor, groupId: number, level: Access): boolean {
  const set = actor.groupAccess.get(groupId);
  return !!set && (set.has(level) || set.has('full'));
}

export function groupsWith(actor: Actor, level: Access): number[] {
  return [...actor.groupAccess.keys()].filter((g) => hasGroupAccess(actor, g, level));
}

interface ActorCache {
  version: number;
  byId: Map<number, Actor>;
  idByLogin: Map<string, number>;
}
const actorCaches = new WeakMap<Db, ActorCache>();
const ACTOR_CACHE_MAX = 10_000;

/** The counter that moves whenever users, roles, groups or organizations change (migration 0008). */
export async function authVersion(db: Db): Promise<number> {
  return Number(
    (await one<{ version: number }>(db, 'SELECT version FROM auth_version WHERE id = 1'))?.version ?? 0,
  );
}

function cacheFor(db: Db, version: number): ActorCache {
  let cache = actorCaches.get(db);
  if (!cache || cache.version !== version || cache.byId.size > ACTOR_CACHE_MAX) {
    cache = { version, byId: new Map(), idByLogin: new Map() };
    actorCaches.set(db, cache);
  }
  return cache;
}

/**
 * loadActor, served from a per-process cache while `version` (from authVersion) is unchanged.
 * Callers must treat the Actor as read-only.
 */
export async function loadActorCached(db: Db, version: number, userId: number): Promise<Actor | undefined> {
  const cache = cacheFor(db, version);
  const hit = cache.byId.get(userId);
  if (hit) return hit;
  const actor = await loadActor(db, userId);
  if (actor) cache.byId.set(userId, actor);
  return actor;
}

export async function loadActorByLoginOrEmailCached(
  db: Db,
  version: number,
  value: string,
): Promise<Actor | undefined> {
  const cache = cacheFor(db, version);
  const key = value.toLowerCase();
  const id = cache.idByLogin.get(key);
  if (id !== undefined) {
    const hit = cache.byId.get(id);
    if (hit) return hit;
  }
  const actor = await loadActorByLoginOrEmail(db, value);
  if (actor) {
    cache.byId.set(actor.user.id, actor);
    cache.idByLogin.set(key, actor.user.id);
  }
  return actor;
}
