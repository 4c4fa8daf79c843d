/*
 * What the Zammad path reads, through Zammad's standard REST API only (acting for the person,
 * so only tickets they may read count): `POST /tickets/search` with an expert `condition`,
 * sorted by id and paged at Zammad's search maximum (200); `GET /ticket_history/{id}` for the
 * state changes; `GET /ticket_articles/by_ticket/{id}` for responses; `GET /users/{id}` for
 * names. Per-ticket reads run a few at a time (CONCURRENCY).
 */
import type { ZammadClient } from '@eosc/zammad-api';
import { BffError } from '../errors.ts';
import { ms, type StateChange, type ZArticle, type ZTicket } from './model.ts';

/** Zammad clamps `per_page` of `/tickets/search` to 200. */
export const SEARCH_PAGE = 200;
/** Upstream requests in flight at once for per-ticket reads. */
export const CONCURRENCY = 6;
/** The most tickets one search may return (a bound on time and memory; narrow the period or filters). */
export const MAX_TICKETS = 20_000;

export interface Leaf {
  name: string;
  operator: string;
  value: string | string[];
}

/** Runs `fn` over `items`, at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A ticket of a search reply (expanded) as the computation reads it. */
export function toTicket(raw: Record<string, unknown>): ZTicket {
  return {
    id: raw.id as number,
    group_id: raw.group_id as number,
    priority_id: raw.priority_id as number,
    state_id: raw.state_id as number,
    owner_id: (raw.owner_id as number | null) ?? 1,
    created_at: ms(raw.created_at) as number,
    updated_at: ms(raw.updated_at) as number,
    close_at: ms(raw.close_at),
    first_response_at: ms(raw.first_response_at),
    first_response_escalation_at: ms(raw.first_response_escalation_at),
    first_response_in_min: int(raw.first_response_in_min),
    first_response_diff_in_min: int(raw.first_response_diff_in_min),
    close_in_min: int(raw.close_in_min),
    last_contact_agent_at: ms(raw.last_contact_agent_at),
    eosc_service: str(raw.eosc_service),
    eosc_ticket_type: str(raw.eosc_ticket_type),
    channel: str(raw.create_article_type),
  };
}

/** Every ticket matching all `leaves` (AND), readable by the person, in id order. */
export async function searchAll(upstream: ZammadClient, leaves: Leaf[]): Promise<ZTicket[]> {
  const out: ZTicket[] = [];
  for (let page = 1; ; page++) {
    const reply: unknown = await upstream.POST('/tickets/search', {
      body: {
        query: '*',
        condition: { operator: 'AND', conditions: leaves },
        page,
        per_page: SEARCH_PAGE,
        sort_by: 'id',
        order_by: 'asc',
        expand: true,
      },
    });
    // 6.x: an array; `{records}` when the helpdesk adds a total count anyway.
    const rows = Array.isArray(reply)
      ? reply
      : ((reply as { records?: unknown[] } | null)?.records ?? undefined);
    if (!rows)
      throw new BffError(
        502,
        'upstream_malformed',
        'The helpdesk answered the ticket search in an unknown shape.',
      );
    for (const r of rows) out.push(toTicket(r as Record<string, unknown>));
    if (out.length > MAX_TICKETS)
      throw new BffError(
        422,
        'invalid_input',
        `More than ${MAX_TICKETS} tickets to read from the helpdesk: choose a shorter period or filters.`,
      );
    if (rows.length < SEARCH_PAGE) return out;
  }
}

/** The ticket's changes of `state`, from its history. */
export async function stateHistory(upstream: ZammadClient, id: number): Promise<StateChange[]> {
  const reply = await upstream.GET('/ticket_history/{id}', { params: { path: { id } } });
  return reply.history
    .filter((h) => h.object === 'Ticket' && h.attribute === 'state' && (h.o_id ?? id) === id)
    .map((h) => ({ id: h.id, at: ms(h.created_at) as number, from: h.id_from ?? null, to: h.id_to ?? null }));
}

/** The ticket's articles (names always included by Zammad's by_ticket). */
export async function articlesOf(upstream: ZammadClient, id: number): Promise<ZArticle[]> {
  const reply: unknown = await upstream.GET('/ticket_articles/by_ticket/{id}', { params: { path: { id } } });
  const rows = Array.isArray(reply) ? (reply as Record<string, unknown>[]) : [];
  return rows.map((a) => ({
    ticket_id: id,
    created_by_id: a.created_by_id as number,
    created_at: ms(a.created_at) as number,
    internal: a.internal === true,
    sender: String(a.sender ?? ''),
    type: String(a.type ?? ''),
  }));
}

/** Display names (`firstname lastname`) of users; users the person may not read are left out. */
export async function userNames(
  upstream: ZammadClient,
  ids: readonly number[],
): Promise<Map<number, string>> {
  const names = await mapLimit(ids, CONCURRENCY, async (id) => {
    const u = (await upstream.GET('/users/{id}', { params: { path: { id } } }).catch((err: unknown) => {
      if (err instanceof BffError && [403, 404].includes(err.status)) return undefined;
      throw err;
    })) as { firstname?: string | null; lastname?: string | null } | undefined;
    return u ? `${u.firstname ?? ''} ${u.lastname ?? ''}`.trim() : undefined;
  });
  return new Map(ids.flatMap((id, i) => (names[i] === undefined ? [] : [[id, names[i] as string]])));
}

/** The keys of a provider's services (EOSC catalogue); none where the helpdesk has no catalogue. */
export async function providerServices(upstream: ZammadClient, provider: string): Promise<Set<string>> {
  const list = await upstream.GET('/eosc_services').catch((err: unknown) => {
    if (err instanceof BffError && err.status === 404) return [];
    throw err;
  });
  const rows = (Array.isArray(list) ? list : []) as { key?: string; provider?: string | null }[];
  return new Set(rows.filter((s) => s.provider === provider && s.key).map((s) => s.key as string));
}

/**
 * What was read per ticket (state history, articles), by helpdesk, ticket and `updated_at`: a
 * new state change or article moves the ticket's `updated_at`, so an entry is never stale; the
 * panels of one dashboard share them. A cache, not state: losing it costs requests only.
 */
export class TicketReadCache {
  private readonly map = new Map<string, { at: number; value: Promise<unknown> }>();
  constructor(
    readonly ttlMs = 10 * 60_000,
    readonly max = 50_000,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.map.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.map.set(key, { at: now, value });
    value.catch(() => this.map.delete(key));
    if (this.map.size > this.max)
      for (const k of this.map.keys()) {
        this.map.delete(k);
        if (this.map.size <= this.max * 0.9) break;
      }
    return value;
  }
}
