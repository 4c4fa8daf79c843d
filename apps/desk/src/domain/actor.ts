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

export async function loadActor(db: Db, userId: number): Promise<Actor | undefined> {
  const user = await one<UserRow>(db, 'SELECT * FROM users WHERE id = $1', [userId]);
  if (!user) return undefined;
  const [perms, groups, orgs] = await Promise.all([
    db.query<{ name: string }>(
      `SELECT DISTINCT p.name FROM roles_users ru
         JOIN roles r ON r.id = ru.role_id AND r.active
         JOIN permissions_roles pr ON pr.role_id = r.id
         JOIN permissions p ON p.id = pr.permission_id AND p.active
        WHERE ru.user_id = $1`,
      [userId],
    ),
    db.query<{ group_id: number; access: Access }>(
      `SELECT gu.group_id, gu.access FROM groups_users gu JOIN groups g ON g.id = gu.group_id AND g.active
        WHERE gu.user_id = $1
       UNION
       SELECT gr.group_id, gr.access FROM roles_users ru
         JOIN roles r ON r.id = ru.role_id AND r.active
         JOIN groups_roles gr ON gr.role_id = r.id
         JOIN groups g ON g.id = gr.group_id AND g.active
        WHERE ru.user_id = $1`,
      [userId],
    ),
    db.query<{ id: number; shared: boolean }>(
      `SELECT o.id, o.shared FROM organizations o
        WHERE o.id = (SELECT organization_id FROM users WHERE id = $1)
           OR o.id IN (SELECT organization_id FROM organizations_users WHERE user_id = $1)`,
      [userId],
    ),
  ]);
  const groupAccess = new Map<number, Set<Access>>();
  for (const g of groups) {
    const set = groupAccess.get(g.group_id) ?? new Set<Access>();
    set.add(g.access);
    groupAccess.set(g.group_id, set);
  }
  return {
    user,
    permissions: perms.map((p) => p.name),
    groupAccess,
    organizationIds: orgs.map((o) => o.id),
    sharedOrganizationIds: orgs.filter((o) => o.shared).map((o) => o.id),
  };
}

export function can(actor: Actor, permission: string | string[]): boolean {
  return hasPermission(actor.permissions, permission);
}

export const isAgent = (a: Actor) => can(a, 'ticket.agent');
export const isCustomer = (a: Actor) => can(a, 'ticket.customer');

/** `full` satisfies every level. */
export function hasGroupAccess(actor: Actor, groupId: number, level: Access): boolean {
  const set = actor.groupAccess.get(groupId);
  return !!set && (set.has(level) || set.has('full'));
}

export function groupsWith(actor: Actor, level: Access): number[] {
  return [...actor.groupAccess.keys()].filter((g) => hasGroupAccess(actor, g, level));
}
