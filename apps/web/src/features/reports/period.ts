/*
 * The reports page's period and filters, kept in the URL's search params so a view can be
 * bookmarked, shared and printed: `period=last30` (or `period=custom&from=…&to=…`), `compare=1`,
 * and the filters `unit`, `priority` (ids, comma-separated), `type`, `service`, `provider`,
 * `channel`, `interval`. Dates are calendar days (YYYY-MM-DD) in the reader's time zone.
 */

export const PERIODS = [
  'last7',
  'last30',
  'last90',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'custom',
] as const;
export type PeriodKind = (typeof PERIODS)[number];

export interface Range {
  from: string;
  to: string;
}

export interface ReportFilters {
  unit?: string[];
  priority?: string[];
  type?: 'incident' | 'service_request';
  service?: string;
  /** A service provider, by name (as the service catalogue gives it). */
  provider?: string;
  channel?: string;
  interval?: 'day' | 'week';
}

export interface ReportView {
  period: PeriodKind;
  range: Range;
  /** The period just before, of the same kind (the previous month for a month), to compare with. */
  previous: Range;
  compare: boolean;
  filters: ReportFilters;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date's calendar day in the reader's time zone. */
export const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const day = (y: number, m: number, d: number) => isoDay(new Date(y, m, d));
const parse = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};
const addDays = (s: string, n: number) => {
  const d = parse(s);
  d.setDate(d.getDate() + n);
  return isoDay(d);
};
export const lengthInDays = (r: Range) =>
  Math.round((parse(r.to).getTime() - parse(r.from).getTime()) / 86_400_000) + 1;

function isDay(s: string | null): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return isoDay(parse(s)) === s;
}

/** The longest period the BFF takes. */
export const MAX_DAYS = 400;

function monthOf(y: number, m: number): Range {
  return { from: day(y, m, 1), to: day(y, m + 1, 0) };
}
function quarterOf(y: number, q: number): Range {
  return { from: day(y, q * 3, 1), to: day(y, q * 3 + 3, 0) };
}

/** The days a preset covers on `today` (the current month and quarter end today). */
export function presetRange(kind: Exclude<PeriodKind, 'custom'>, today: Date): Range {
  const t = isoDay(today);
  const y = today.getFullYear();
  const m = today.getMonth();
  const q = Math.floor(m / 3);
  switch (kind) {
    case 'last7':
      return { from: addDays(t, -6), to: t };
    case 'last30':
      return { from: addDays(t, -29), to: t };
    case 'last90':
      return { from: addDays(t, -89), to: t };
    case 'this_month':
      return { from: day(y, m, 1), to: t };
    case 'last_month':
      return monthOf(y, m - 1);
    case 'this_quarter':
      return { from: day(y, q * 3, 1), to: t };
    case 'last_quarter':
      return quarterOf(y, q - 1);
  }
}

/** The period to compare with: the previous month or quarter for those, else as many days just before. */
export function previousRange(kind: PeriodKind, range: Range): Range {
  const start = parse(range.from);
  if (kind === 'this_month' || kind === 'last_month') {
    const prev = monthOf(start.getFullYear(), start.getMonth() - 1);
    // This month so far compares with as many days of the previous month.
    return kind === 'this_month'
      ? { from: prev.from, to: minDay(addDays(prev.from, lengthInDays(range) - 1), prev.to) }
      : prev;
  }
  if (kind === 'this_quarter' || kind === 'last_quarter') {
    const prev = quarterOf(start.getFullYear(), Math.floor(start.getMonth() / 3) - 1);
    return kind === 'this_quarter'
      ? { from: prev.from, to: minDay(addDays(prev.from, lengthInDays(range) - 1), prev.to) }
      : prev;
  }
  const to = addDays(range.from, -1);
  return { from: addDays(to, -(lengthInDays(range) - 1)), to };
}
const minDay = (a: string, b: string) => (a < b ? a : b);

const IDS = /^[1-9]\d{0,9}$/;
const SLUG = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const CHANNEL = /^[a-z][a-z_]{0,31}$/;

function ids(params: URLSearchParams, key: string): string[] | undefined {
  const list = [
    ...new Set(
      (params.get(key) ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => IDS.test(v)),
    ),
  ];
  return list.length > 0 ? list : undefined;
}

/** The view a URL asks for; anything unreadable falls back to the last 30 days, unfiltered. */
export function viewFromParams(params: URLSearchParams, today = new Date()): ReportView {
  const asked = params.get('period');
  let period: PeriodKind = PERIODS.includes(asked as PeriodKind) ? (asked as PeriodKind) : 'last30';
  let range: Range;
  const from = params.get('from');
  const to = params.get('to');
  if (period === 'custom' && isDay(from) && isDay(to) && from <= to && lengthInDays({ from, to }) <= MAX_DAYS)
    range = { from, to };
  else {
    if (period === 'custom') period = 'last30';
    range = presetRange(period as Exclude<PeriodKind, 'custom'>, today);
  }
  const filters: ReportFilters = {};
  const unit = ids(params, 'unit');
  if (unit) filters.unit = unit;
  const priority = ids(params, 'priority');
  if (priority) filters.priority = priority;
  const type = params.get('type');
  if (type === 'incident' || type === 'service_request') filters.type = type;
  const service = params.get('service');
  if (service && SLUG.test(service)) filters.service = service;
  const provider = params.get('provider')?.trim();
  if (provider && provider.length <= 100) filters.provider = provider;
  const channel = params.get('channel');
  if (channel && CHANNEL.test(channel)) filters.channel = channel;
  const interval = params.get('interval');
  if (interval === 'day' || interval === 'week') filters.interval = interval;
  return {
    period,
    range,
    previous: previousRange(period, range),
    compare: params.get('compare') === '1',
    filters,
  };
}

/** The URL's search params for a view (only what differs from the defaults). */
export function paramsForView(view: {
  period: PeriodKind;
  range?: Range;
  compare?: boolean;
  filters: ReportFilters;
}): URLSearchParams {
  const p = new URLSearchParams();
  if (view.period !== 'last30') p.set('period', view.period);
  if (view.period === 'custom' && view.range) {
    p.set('from', view.range.from);
    p.set('to', view.range.to);
  }
  if (view.compare) p.set('compare', '1');
  const f = view.filters;
  if (f.unit?.length) p.set('unit', f.unit.join(','));
  if (f.priority?.length) p.set('priority', f.priority.join(','));
  if (f.type) p.set('type', f.type);
  if (f.service) p.set('service', f.service);
  if (f.provider) p.set('provider', f.provider);
  if (f.channel) p.set('channel', f.channel);
  if (f.interval) p.set('interval', f.interval);
  return p;
}

/** The BFF's query for a range and the filters (its parameter names). */
export function reportQuery(range: Range, f: ReportFilters) {
  return {
    from: range.from,
    to: range.to,
    ...(f.unit?.length ? { group_ids: f.unit.join(',') } : {}),
    ...(f.priority?.length ? { priority_ids: f.priority.join(',') } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.service ? { service: f.service } : {}),
    ...(f.provider ? { provider: f.provider } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.interval ? { interval: f.interval } : {}),
  };
}
export type ReportQuery = ReturnType<typeof reportQuery>;

/** The month (YYYY-MM) a range starts in: what the monthly report of this view covers. */
export const monthOfRange = (r: Range) => r.from.slice(0, 7);
