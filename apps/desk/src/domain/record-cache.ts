/**
 * The records every asset list repeats (users, roles, organizations, groups in their plain
 * shapes), kept per process while `auth_version` stands still (issue 15). Every table these
 * shapes are built from bumps that counter on any change (migration 0008), in every process,
 * so a cached shape is never older than the counter read for the request: one statement
 * replaces the ten that build the people, roles, organizations and groups of a ticket.
 *
 * The counter is read once per asset list (the `Assets` object a reply builds), and in a
 * transaction it sees the transaction's own changes; a transaction gets its own cache (its
 * `Db` is another object), so uncommitted rows never reach other requests. A shape read after
 * the counter may be newer than the counter says, never older: the next read of the counter
 * (moved by that change) starts a fresh cache.
 *
 * Callers get shallow copies: the cached shapes are shared and never changed.
 */
import type { Db } from '../db/client.ts';
import { authVersion } from './actor.ts';
import type { Row } from './shapes.ts';

export type CachedModel = 'User' | 'Role' | 'Organization' | 'Group';

interface Cache {
  version: number;
  size: number;
  models: Map<CachedModel, Map<number, Row>>;
}

const MAX_RECORDS = 20_000;
const caches = new WeakMap<Db, Cache>();
const perAssets = new WeakMap<object, Cache>();

async function cacheFor(db: Db, scope: object): Promise<Cache> {
  const known = perAssets.get(scope);
  if (known) return known;
  const version = await authVersion(db);
  let cache = caches.get(db);
  if (!cache || cache.version !== version || cache.size > MAX_RECORDS) {
    cache = { version, size: 0, models: new Map() };
    caches.set(db, cache);
  }
  perAssets.set(scope, cache);
  return cache;
}

/**
 * The shapes of `ids` of one model: cached ones, and the others built by `load` (which gets
 * only the missing ids) and cached. `scope` is the asset list being built: the counter is read
 * once for it.
 */
export async function cachedShapes(
  db: Db,
  scope: object,
  model: CachedModel,
  ids: number[],
  load: (missing: number[]) => Promise<Row[]>,
): Promise<Row[]> {
  if (ids.length === 0) return [];
  const cache = await cacheFor(db, scope);
  let byId = cache.models.get(model);
  if (!byId) {
    byId = new Map();
    cache.models.set(model, byId);
  }
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    for (const row of await load(missing)) {
      if (!byId.has(row.id as number)) cache.size += 1;
      byId.set(row.id as number, row);
    }
  }
  const out: Row[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (row) out.push({ ...row });
  }
  return out;
}
