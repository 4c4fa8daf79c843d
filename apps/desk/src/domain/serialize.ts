import type { Db } from '../db/client.ts';

type Row = Record<string, unknown>;

/** Small lookup tables, read once per call: id → name. */
export async function nameMaps(db: Db) {
  const [groups, states, priorities, types, senders, orgs] = await Promise.all([
    db.query<{ id: number; name: string }>('SELECT id, name FROM groups'),
    db.query<{ id: number; name: string }>('SELECT id, name FROM ticket_states'),
    db.query<{ id: number; name: string }>('SELECT id, name FROM ticket_priorities'),
    db.query<{ id: number; name: string }>('SELECT id, name FROM ticket_article_types'),
    db.query<{ id: number; name: string }>('SELECT id, name FROM ticket_article_senders'),
    db.query<{ id: number; name: string }>('SELECT id, name FROM organizations'),
  ]);
  const m = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  return {
    group: m(groups),
    state: m(states),
    priority: m(priorities),
    type: m(types),
    sender: m(senders),
    organization: m(orgs),
  };
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
