import type { Db } from '../db/client.ts';
import { type Actor, can, seesFull } from './actor.ts';
import type { RecordModel } from './crud.ts';
import { EVERYTHING, requireName } from './records.ts';
import { resolveIdList, writeHasMany } from './references.ts';
import { userLogins, withCreatorNames } from './serialize.ts';
import { type Assets, addAsset, hasAsset, type RecordShape, type Row } from './shapes.ts';

const CUSTOMER_VISIBLE = ['id', 'name', 'active'];

/** Non-agents see organizations reduced to id, name and active. */
export function filterOrganization(actor: Actor, record: Row): Row {
  if (seesFull(actor)) return record;
  return Object.fromEntries(CUSTOMER_VISIBLE.filter((k) => k in record).map((k) => [k, record[k]]));
}

export async function plainOrganizations(db: Db, rows: Row[]): Promise<Row[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id as number);
  const [members, secondary] = await Promise.all([
    db.query<{ id: number; organization_id: number; login: string }>(
      'SELECT id, organization_id, login FROM users WHERE organization_id = ANY($1) ORDER BY id',
      [ids],
    ),
    db.query<{ user_id: number; organization_id: number; login: string }>(
      `SELECT ou.user_id, ou.organization_id, u.login FROM organizations_users ou JOIN users u ON u.id = ou.user_id
        WHERE ou.organization_id = ANY($1) ORDER BY ou.user_id`,
      [ids],
    ),
  ]);
  return rows.map((r) => ({
    ...r,
    member_ids: members.filter((m) => m.organization_id === r.id).map((m) => m.id),
    secondary_member_ids: secondary.filter((m) => m.organization_id === r.id).map((m) => m.user_id),
  }));
}

/** Plain or expanded organizations (expand adds `members` and `secondary_members` logins). */
export async function serializeOrganizations(
  db: Db,
  actor: Actor,
  rows: Row[],
  shape: RecordShape,
): Promise<Row[]> {
  const plain = await plainOrganizations(db, rows);
  if (shape === 'expand' && plain.length > 0) {
    const logins = await userLogins(
      db,
      plain.flatMap((o) => [...(o.member_ids as number[]), ...(o.secondary_member_ids as number[])]),
    );
    for (const o of plain) {
      o.members = (o.member_ids as number[]).map((id) => logins.get(id));
      o.secondary_members = (o.secondary_member_ids as number[]).map((id) => logins.get(id));
    }
    await withCreatorNames(db, plain);
  }
  return plain.map((o) => filterOrganization(actor, o));
}

export async function addOrganizationAssets(
  db: Db,
  actor: Actor,
  ids: number[],
  assets: Assets,
): Promise<void> {
  const todo = [...new Set(ids)].filter((id) => !hasAsset(assets, 'Organization', id));
  if (todo.length === 0) return;
  const rows = await db.query<Row>('SELECT * FROM organizations WHERE id = ANY($1) ORDER BY id', [todo]);
  for (const o of await plainOrganizations(db, rows))
    addAsset(assets, 'Organization', filterOrganization(actor, o));
}

/** Agents and `admin.organization` see every organization (`OrganizationPolicy#accessible?`). */
export function seesAllOrganizations(actor: Actor): boolean {
  return can(actor, ['ticket.agent', 'admin.organization']);
}

async function applyMembers(db: Db, orgId: number, input: Row): Promise<void> {
  const members = await resolveIdList(db, input, {
    idsKey: 'member_ids',
    namesKey: 'members',
    table: 'users',
    nameColumn: 'login',
  });
  if (members !== undefined) {
    await db.query(
      'UPDATE users SET organization_id = NULL WHERE organization_id = $1 AND NOT (id = ANY($2))',
      [orgId, members],
    );
    await db.query('UPDATE users SET organization_id = $1 WHERE id = ANY($2)', [orgId, members]);
  }
  await writeHasMany(db, input, orgId, {
    idsKey: 'secondary_member_ids',
    namesKey: 'secondary_members',
    table: 'users',
    nameColumn: 'login',
    join: { table: 'organizations_users', owner: 'organization_id', other: 'user_id' },
  });
}

/** Organizations as records: a name is required; members are set by id or login. */
export const ORGANIZATIONS: RecordModel = {
  table: 'organizations',
  model: 'Organization',
  referencedBy: [
    ['users', 'organization_id'],
    ['organizations_users', 'organization_id'],
    ['tickets', 'organization_id'],
  ],
  serialize: serializeOrganizations,
  addAssets: addOrganizationAssets,
  // Agents and admin.organization see all; customers their own (primary and secondary).
  scope: (_db, actor) =>
    seesAllOrganizations(actor)
      ? EVERYTHING
      : { sql: 'r.id = ANY($1::int[])', params: [actor.organizationIds] },
  prepare: (_db, _actor, attrs, _input, current) => requireName(attrs, !current),
  afterWrite: (db, _actor, row, input) => applyMembers(db, row.id as number, input),
};
