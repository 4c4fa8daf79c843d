/**
 * User and organization search (`/users/search`, `/organizations/search`, REFERENCE §3.4, §3.5):
 * the query syntax of parser.ts over the expression GIN indexes of migration 0005.
 * Callers are agents or holders of admin.user / admin.organization, who see every record.
 */
import type { Db } from '../../db/client.ts';
import type { Sort } from '../shapes.ts';
import { sortClause } from './common.ts';
import type { SearchNode } from './parser.ts';
import {
  boolField,
  dateField,
  exactMatch,
  type FieldSpec,
  ftsField,
  intField,
  likeField,
  nameMatch,
  Params,
  queryCondition,
  type SearchModel,
  sqlAnd,
} from './sql.ts';

type Row = Record<string, unknown>;

const USER_VECTOR = 'public.desk_user_tsv(u.firstname, u.lastname, u.login, u.email, u.phone, u.mobile)';
const ORGANIZATION_VECTOR = 'public.desk_organization_tsv(o.name, o.domain, o.note)';

function userOrganizationField(): FieldSpec {
  return {
    term: (p, t) => ({
      sql: `(u.organization_id IN (SELECT id FROM organizations WHERE ${nameMatch(p, 'name', t)})
             OR u.id IN (SELECT ou.user_id FROM organizations_users ou JOIN organizations og ON og.id = ou.organization_id
                          WHERE ${nameMatch(p, 'og.name', t)}))`,
    }),
    exists: () => 'u.organization_id IS NOT NULL',
  };
}

function roleField(): FieldSpec {
  return {
    term: (p, t) => ({
      sql: `u.id IN (SELECT ru.user_id FROM roles_users ru JOIN roles r ON r.id = ru.role_id
                      WHERE ${/^\d+$/.test(t.value) ? `r.id = ${p.add(Number(t.value))}` : nameMatch(p, 'r.name', t)})`,
    }),
  };
}

const userModel: SearchModel = {
  fields: {
    login: { term: (p, t) => ({ sql: exactMatch(p, 'lower(u.login)', t) }) },
    email: { term: (p, t) => ({ sql: exactMatch(p, 'lower(u.email)', t) }) },
    firstname: ftsField('A'),
    lastname: ftsField('B'),
    phone: likeField('u.phone'),
    mobile: likeField('u.mobile'),
    department: likeField('u.department'),
    city: likeField('u.city'),
    note: likeField('u.note'),
    'organization.name': userOrganizationField(),
    organization: userOrganizationField(),
    role_ids: roleField(),
    'roles.name': roleField(),
    role: roleField(),
    id: intField('id', 'u.id'),
    organization_id: intField('organization_id', 'u.organization_id'),
    active: boolField('active', 'u.active'),
    vip: boolField('vip', 'u.vip'),
    verified: boolField('verified', 'u.verified'),
    created_at: dateField('created_at', 'u.created_at'),
    updated_at: dateField('updated_at', 'u.updated_at'),
    last_login: dateField('last_login', 'u.last_login'),
  },
  ftsSql: (p, q) => `${USER_VECTOR} @@ to_tsquery('simple', ${p.add(q)})`,
};

const organizationModel: SearchModel = {
  fields: {
    name: ftsField('A'),
    domain: ftsField('B'),
    note: ftsField('C'),
    id: intField('id', 'o.id'),
    active: boolField('active', 'o.active'),
    shared: boolField('shared', 'o.shared'),
    vip: boolField('vip', 'o.vip'),
    created_at: dateField('created_at', 'o.created_at'),
    updated_at: dateField('updated_at', 'o.updated_at'),
    'members.login': {
      term: (p, t) => ({
        sql: `o.id IN (SELECT organization_id FROM users WHERE ${exactMatch(p, 'lower(login)', t)})`,
      }),
    },
  },
  ftsSql: (p, q) => `${ORGANIZATION_VECTOR} @@ to_tsquery('simple', ${p.add(q)})`,
};

export interface PeopleSearchInput {
  node: SearchNode | null;
  limit: number;
  offset: number;
  sort: Sort;
  withTotal: boolean;
  withRows: boolean;
  roleIds?: number[] | undefined;
  permissions?: string[] | undefined;
  ids?: number[] | undefined;
}

async function run(
  db: Db,
  table: string,
  alias: string,
  where: string,
  params: unknown[],
  input: PeopleSearchInput,
): Promise<{ rows: Row[]; total?: number }> {
  const order = await sortClause(db, input.sort, table, alias, [
    ['active', 'desc'],
    ['updated_at', 'desc'],
  ]);
  const [rows, total] = await Promise.all([
    input.withRows
      ? db.query<Row>(
          `SELECT ${alias}.* FROM ${table} ${alias} WHERE ${where} ORDER BY ${order}
            LIMIT ${input.limit} OFFSET ${input.offset}`,
          params,
        )
      : Promise.resolve([]),
    input.withTotal
      ? db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} ${alias} WHERE ${where}`, params)
      : Promise.resolve(undefined),
  ]);
  return total ? { rows, total: total[0]?.n ?? 0 } : { rows };
}

/** Every permission name that grants `name`: itself and its parents (`admin` grants `admin.user`). */
function grantingPermissions(names: string[]): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const parts = n.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return [...out];
}

export async function searchUsers(db: Db, input: PeopleSearchInput) {
  const p = new Params();
  // User 1 is the system user ("-"), never a search result.
  const parts = ['u.id <> 1'];
  const q = queryCondition(userModel, p, input.node);
  if (q) parts.push(q);
  if (input.roleIds)
    parts.push(
      `u.id IN (SELECT user_id FROM roles_users WHERE role_id = ANY(${p.add(input.roleIds)}::int[]))`,
    );
  if (input.permissions)
    parts.push(`u.id IN (SELECT ru.user_id FROM roles_users ru
                           JOIN roles r ON r.id = ru.role_id AND r.active
                           JOIN permissions_roles pr ON pr.role_id = r.id
                           JOIN permissions pm ON pm.id = pr.permission_id AND pm.active
                          WHERE pm.name = ANY(${p.add(grantingPermissions(input.permissions))}::text[]))`);
  if (input.ids) parts.push(`u.id = ANY(${p.add(input.ids)}::int[])`);
  return run(db, 'users', 'u', sqlAnd(parts), p.list, input);
}

export async function searchOrganizations(db: Db, input: PeopleSearchInput) {
  const p = new Params();
  const parts = ['true'];
  const q = queryCondition(organizationModel, p, input.node);
  if (q) parts.push(q);
  if (input.ids) parts.push(`o.id = ANY(${p.add(input.ids)}::int[])`);
  return run(db, 'organizations', 'o', sqlAnd(parts), p.list, input);
}
