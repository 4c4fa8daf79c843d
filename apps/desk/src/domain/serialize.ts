import type { Db } from '../db/client.ts';

import type { Row } from './shapes.ts';

type NameKind = 'group' | 'state' | 'priority' | 'type' | 'sender' | 'organization';

/** Small lookup tables, read in one query per call: id → name. */
export async function nameMaps(db: Db): Promise<Record<NameKind, Map<number, string>>> {
  const rows = await db.query<{ k: NameKind; id: number; name: string }>(
    `SELECT 'group' AS k, id, name FROM groups
     UNION ALL SELECT 'state', id, name FROM ticket_states
     UNION ALL SELECT 'priority', id, name FROM ticket_priorities
     UNION ALL SELECT 'type', id, name FROM ticket_article_types
     UNION ALL SELECT 'sender', id, name FROM ticket_article_senders
     UNION ALL SELECT 'organization', id, name FROM organizations`,
  );
  const maps: Record<NameKind, Map<number, string>> = {
    group: new Map(),
    state: new Map(),
    priority: new Map(),
    type: new Map(),
    sender: new Map(),
    organization: new Map(),
  };
  for (const r of rows) maps[r.k].set(r.id, r.name);
  return maps;
}

export async function userLogins(db: Db, ids: Iterable<unknown>): Promise<Map<number, string>> {
  const list = [...new Set([...ids].filter((v): v is number => typeof v === 'number'))];
  if (list.length === 0) return new Map();
  const rows = await db.query<{ id: number; login: string }>(
    'SELECT id, login FROM users WHERE id = ANY($1)',
    [list],
  );
  return new Map(rows.map((r) => [r.id, r.login]));
}

/** Adds a name beside each set relation (never instead of the id); unset relations are left out. */
export function withName(target: Row, key: string, map: Map<number, string>, id: unknown): void {
  if (typeof id === 'number' && map.has(id)) target[key] = map.get(id);
}

/** Adds `created_by` / `updated_by` logins beside the ids. */
export async function withCreatorNames(db: Db, rows: Row[]): Promise<void> {
  const logins = await userLogins(
    db,
    rows.flatMap((r) => [r.created_by_id, r.updated_by_id]),
  );
  for (const r of rows) {
    withName(r, 'created_by', logins, r.created_by_id);
    withName(r, 'updated_by', logins, r.updated_by_id);
  }
}

/** Adds each relation's name beside its id (`state_type` beside `state_type_id`), from the named tables. */
export async function withRefNames(db: Db, rows: Row[], refs: Record<string, string>): Promise<void> {
  for (const [key, table] of Object.entries(refs)) {
    const names = await db.query<{ id: number; name: string }>(`SELECT id, name FROM ${table}`);
    const map = new Map(names.map((r) => [r.id, r.name]));
    for (const r of rows) withName(r, key, map, r[`${key}_id`]);
  }
}

/** id → name of every row of a small table (roles, groups, organizations, permissions). */
export async function namesOf(db: Db, table: string): Promise<Map<number, string>> {
  const rows = await db.query<{ id: number; name: string }>(`SELECT id, name FROM ${table}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A `{"<group id>": levels}` map keyed by group names instead (the `groups` of expand). */
export function namedAccess(access: Record<string, string[]>, groupNames: Map<number, string>) {
  const named: Record<string, string[]> = {};
  for (const [gid, levels] of Object.entries(access)) {
    const name = groupNames.get(Number(gid));
    if (name !== undefined) named[name] = levels;
  }
  return named;
}
