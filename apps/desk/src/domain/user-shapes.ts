/** Users as Zammad shows them: the plain shape, and the fields each caller may see. */
import type { Db } from '../db/client.ts';
import { type Actor, can, isAgent, seesFull } from './actor.ts';
import { accessMap } from './references.ts';
import type { Row } from './shapes.ts';

type UserRecord = Row & { id: number };

/** Plain shapes of many users: columns (never the password) plus association id lists. */
export async function plainUsers(db: Db, rows: Row[]): Promise<UserRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id as number);
  const [roles, orgs, groups] = await Promise.all([
    db.query<{ user_id: number; role_id: number }>(
      'SELECT user_id, role_id FROM roles_users WHERE user_id = ANY($1) ORDER BY role_id',
      [ids],
    ),
    db.query<{ user_id: number; organization_id: number }>(
      'SELECT user_id, organization_id FROM organizations_users WHERE user_id = ANY($1) ORDER BY organization_id',
      [ids],
    ),
    db.query<{ user_id: number; group_id: number; access: string }>(
      'SELECT user_id, group_id, access FROM groups_users WHERE user_id = ANY($1) ORDER BY group_id, access',
      [ids],
    ),
  ]);
  return rows.map((row) => {
    const { password: _password, ...rest } = row;
    const id = row.id as number;
    return {
      ...rest,
      id,
      role_ids: roles.filter((r) => r.user_id === id).map((r) => r.role_id),
      organization_ids: orgs.filter((o) => o.user_id === id).map((o) => o.organization_id),
      group_ids: accessMap(groups.filter((g) => g.user_id === id)),
      authorization_ids: [],
      two_factor_preference_ids: [],
      overview_sorting_ids: [],
    };
  });
}

/** What customers do not see of themselves. */
export const ADDRESS_FIELDS = [
  'web',
  'phone',
  'mobile',
  'fax',
  'department',
  'street',
  'zip',
  'city',
  'country',
  'address',
  'note',
];
export const OTHERS_VISIBLE = ['id', 'firstname', 'lastname', 'image', 'image_source', 'active'];

/** Zammad's field scope for non-agents: themselves without address fields, others nearly nothing. */
export function filterUser(actor: Actor, record: Row): Row {
  if (seesFull(actor)) return record;
  if (record.id === actor.user.id) {
    const out = { ...record };
    for (const k of ADDRESS_FIELDS) delete out[k];
    return out;
  }
  return reducedUser(record);
}

/** What anybody sees of other users: a name and a picture. */
export function reducedUser(record: Row): Row {
  return Object.fromEntries(OTHERS_VISIBLE.filter((k) => k in record).map((k) => [k, record[k]]));
}

/** `GET /users/:id` policy: admin, self, agent; customers see same-organization users (reduced). */
export function canShowUser(actor: Actor, target: Row): boolean {
  if (can(actor, 'admin.*') || target.id === actor.user.id || isAgent(actor)) return true;
  if (!can(actor, 'ticket.customer')) return false;
  return (
    target.organization_id !== null &&
    actor.user.organization_id !== null &&
    target.organization_id === actor.user.organization_id
  );
}
