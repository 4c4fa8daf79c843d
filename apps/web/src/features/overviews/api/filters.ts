/** The inbox's filters: kept in the page URL, sent to the BFF, which filters on the server. */
export const FILTER_KEYS = ['state', 'priority', 'group', 'owner', 'service', 'type', 'sla'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/**
 * Filters a report figure opens the inbox with (no menu of their own; shown as chips): tickets
 * created or first closed on a range of days (`2026-11-01..2026-11-30`, UTC) and the
 * first-response SLA status the reports count.
 */
export const REPORT_FILTER_KEYS = ['created', 'closed', 'first_response'] as const;
export type ReportFilterKey = (typeof REPORT_FILTER_KEYS)[number];
export const ALL_FILTER_KEYS = [...FILTER_KEYS, ...REPORT_FILTER_KEYS] as const;
export type AnyFilterKey = FilterKey | ReportFilterKey;
export type InboxFilters = Partial<Record<AnyFilterKey, string[]>>;

const RANGE = /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/;

/** Accepted values per filter; anything else in a hand-edited URL is dropped, not sent. */
const VALID: Record<AnyFilterKey, RegExp> = {
  created: RANGE,
  closed: RANGE,
  first_response: /^(met|breached|running)$/,
  state: /^[1-9]\d{0,9}$/,
  priority: /^[1-9]\d{0,9}$/,
  group: /^[1-9]\d{0,9}$/,
  owner: /^(me|none|[1-9]\d{0,9})$/,
  service: /^[a-z0-9][a-z0-9_.-]{0,63}$/,
  type: /^(incident|service_request)$/,
  sla: /^(breached|warning|running|none)$/,
};

/** The filters in URL search params (`state=1,2&owner=me`). */
export function filtersFromParams(params: URLSearchParams): InboxFilters {
  const out: InboxFilters = {};
  for (const key of ALL_FILTER_KEYS) {
    const values = [
      ...new Set(
        (params.get(key) ?? '')
          .split(',')
          .map((v) => v.trim())
          .filter((v) => VALID[key].test(v)),
      ),
    ];
    // A range is one value.
    if (values.length > 0) out[key] = RANGE.test(values[0] ?? '') ? values.slice(0, 1) : values;
  }
  return out;
}

/** Writes the filters into `params` (a copy), dropping empty ones. */
export function withFilters(params: URLSearchParams, filters: InboxFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ALL_FILTER_KEYS) {
    const values = filters[key] ?? [];
    if (values.length > 0) next.set(key, values.join(','));
    else next.delete(key);
  }
  return next;
}

export function hasFilters(filters: InboxFilters | undefined): boolean {
  return ALL_FILTER_KEYS.some((k) => (filters?.[k]?.length ?? 0) > 0);
}

/** The BFF's query parameters for the filters. */
export function filterQuery(filters: InboxFilters | undefined) {
  const q: {
    state_id?: string;
    priority_id?: string;
    group_id?: string;
    owner?: string;
    service?: string;
    type?: string;
    sla?: string;
    created?: string;
    closed?: string;
    first_response?: string;
  } = {};
  const join = (v: string[] | undefined) => (v && v.length > 0 ? v.join(',') : undefined);
  const set = (k: keyof typeof q, v: string[] | undefined) => {
    const s = join(v);
    if (s) q[k] = s;
  };
  set('state_id', filters?.state);
  set('priority_id', filters?.priority);
  set('group_id', filters?.group);
  set('owner', filters?.owner);
  set('service', filters?.service);
  set('type', filters?.type);
  set('sla', filters?.sla);
  set('created', filters?.created);
  set('closed', filters?.closed);
  set('first_response', filters?.first_response);
  return q;
}
