import type { ZammadClient } from '@eosc/zammad-api';
import type { BffDeps, BffServices } from '../context.ts';
import { type Condition, searchFull } from './ticket-queries.ts';

type Entry = { at: number; value: Promise<boolean> };
const caches = new WeakMap<BffServices, Map<string, Entry>>();
const MAX_ENTRIES = 10_000;

/**
 * Whether a customer sees tickets that others in their organization asked for (a shared
 * organization). Zammad hides `Organization.shared` from customers, so this asks what the
 * person can see, as the person: one search for a ticket of their organization that is not
 * theirs. Cached per person like the reference data (60 s by default).
 */
export function seesOrganizationTickets(
  deps: BffDeps,
  services: BffServices,
  uid: number,
  client: ZammadClient,
): Promise<boolean> {
  let cache = caches.get(services);
  if (!cache) {
    cache = new Map();
    caches.set(services, cache);
  }
  const key = `${deps.zammadUrl}\n${uid}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < (deps.referenceTtlMs ?? 60_000)) return hit.value;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  const value = probe(client, uid);
  cache.set(key, { at: Date.now(), value });
  // A failure is not remembered: the next request asks again.
  value.catch(() => cache.delete(key));
  return value;
}

async function probe(client: ZammadClient, uid: number): Promise<boolean> {
  const condition: Condition = {
    'ticket.organization_id': { operator: 'is', pre_condition: 'current_user.organization_id', value: [] },
    'ticket.customer_id': { operator: 'is not', pre_condition: 'specific', value: [String(uid)] },
  };
  const list = await searchFull(client, { query: '*', condition, page: 1, per_page: 1 });
  return list.record_ids.length > 0 || (list.total_count ?? 0) > 0;
}
