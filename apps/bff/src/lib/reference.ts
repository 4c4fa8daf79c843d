import type { Schemas, ZammadClient } from '@eosc/zammad-api';

export type StateType =
  | 'new'
  | 'open'
  | 'pending reminder'
  | 'pending action'
  | 'closed'
  | 'merged'
  | 'removed';
const STATE_TYPES: readonly StateType[] = [
  'new',
  'open',
  'pending reminder',
  'pending action',
  'closed',
  'merged',
  'removed',
];
/** Zammad's state type seed ids (there is no endpoint for state types); used when expand gives no name. */
const SEED_STATE_TYPE: Record<number, StateType> = {
  1: 'new',
  2: 'open',
  3: 'pending reminder',
  4: 'pending action',
  5: 'closed',
  6: 'merged',
  7: 'removed',
};
export const OPEN_TYPES: ReadonlySet<StateType> = new Set([
  'new',
  'open',
  'pending reminder',
  'pending action',
]);
export const CLOSED_TYPES: ReadonlySet<StateType> = new Set(['closed', 'merged']);

/** A state's type: its expanded name, else the seed id, else a guess from the state's name. */
export function stateTypeOf(s: Partial<Schemas['TicketState']> & { name: string }): StateType {
  const named = STATE_TYPES.find((t) => t === s.state_type);
  if (named) return named;
  const seeded = s.state_type_id ? SEED_STATE_TYPE[s.state_type_id] : undefined;
  if (seeded) return seeded;
  // Last resort: a state named like a type ("closed", "pending close" → pending action).
  if (s.name.startsWith('pending')) return 'pending action';
  return STATE_TYPES.find((t) => t === s.name) ?? 'open';
}

export interface ReferenceData {
  states: { id: number; name: string; state_type: StateType; active: boolean }[];
  priorities: { id: number; name: string; active: boolean; default_create: boolean }[];
  groups: ReferenceGroup[];
}

type QosLevel = 'base' | 'medium' | 'advanced';

/** A group, with its support-unit fields when the helpdesk has them (our desk; EOSC extension). */
export interface ReferenceGroup {
  id: number;
  name: string;
  active: boolean;
  support_unit?: boolean;
  qos_level?: QosLevel | null;
  support_line?: number | null;
  assignment_guide?: string | null;
}

type AnyGroup = Schemas['Group'] | Schemas['GroupReduced'];

/** A group as the reference data keeps it; the unit fields only when the upstream sent them. */
export function unitOf(g: AnyGroup | undefined): ReferenceGroup | undefined {
  if (!g) return undefined;
  const out: ReferenceGroup = { id: g.id, name: g.name, active: g.active ?? true };
  if ('support_unit' in g && g.support_unit !== undefined) out.support_unit = g.support_unit;
  if ('qos_level' in g && g.qos_level !== undefined) out.qos_level = g.qos_level;
  if ('support_line' in g && g.support_line !== undefined) out.support_line = g.support_line;
  if ('assignment_guide' in g && g.assignment_guide !== undefined) out.assignment_guide = g.assignment_guide;
  return out;
}

/**
 * States and priorities are the same for everyone on one upstream; the groups a person sees are
 * not (customers see only those they may open tickets in), so groups are cached per person.
 * Entries live `ttlMs` (60 s by default): a renamed state shows up within a minute.
 */
export class ReferenceCache {
  private readonly shared = new Map<string, { at: number; value: Promise<Omit<ReferenceData, 'groups'>> }>();
  private readonly groups = new Map<string, { at: number; value: Promise<ReferenceData['groups']> }>();
  constructor(readonly ttlMs = 60_000) {}

  async get(upstreamUrl: string, person: string, client: ZammadClient): Promise<ReferenceData> {
    const [base, groups] = await Promise.all([
      this.cached(this.shared, upstreamUrl, () => loadShared(client)),
      this.cached(this.groups, `${upstreamUrl}\n${person}`, () => loadGroups(client)),
    ]);
    return { ...base, groups };
  }

  /**
   * Forgets every person's groups on one upstream (after an admin changed a unit), so the
   * change shows at once on this BFF process; other processes see it within `ttlMs`.
   */
  forgetGroups(upstreamUrl: string): void {
    for (const key of this.groups.keys()) if (key.startsWith(`${upstreamUrl}\n`)) this.groups.delete(key);
  }

  private cached<T>(
    map: Map<string, { at: number; value: Promise<T> }>,
    key: string,
    load: () => Promise<T>,
  ) {
    const now = Date.now();
    const hit = map.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    // The promise itself is cached, so concurrent first requests share one upstream call;
    // a failure is forgotten at once so the next request tries again.
    const value = load();
    map.set(key, { at: now, value });
    value.catch(() => {
      if (map.get(key)?.value === value) map.delete(key);
    });
    if (map.size > 10_000) {
      for (const [k, v] of map) if (now - v.at >= this.ttlMs) map.delete(k);
    }
    return value;
  }
}

async function loadShared(client: ZammadClient): Promise<Omit<ReferenceData, 'groups'>> {
  const [states, priorities] = await Promise.all([
    client.GET('/ticket_states', { params: { query: { expand: 'true' } }, expect: 'list' }),
    client.GET('/ticket_priorities', { expect: 'list' }),
  ]);
  return {
    states: states.map((s) => ({
      id: s.id,
      name: s.name,
      state_type: stateTypeOf(s),
      active: s.active ?? true,
    })),
    priorities: priorities.map((p) => ({
      id: p.id,
      name: p.name,
      active: p.active ?? true,
      default_create: p.default_create ?? false,
    })),
  };
}

async function loadGroups(client: ZammadClient): Promise<ReferenceData['groups']> {
  const groups = await client.GET('/groups', { expect: 'list' });
  return groups.flatMap((g) => unitOf(g) ?? []);
}
