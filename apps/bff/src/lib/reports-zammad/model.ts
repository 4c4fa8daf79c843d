/*
 * The report figures computed by the BFF from Zammad's standard REST API (the Zammad path of
 * docs/reports.md, "Against a real Zammad"): the shapes the pure computation works on. Times are
 * epoch milliseconds; everything here is plain data, read from tickets, state history and
 * articles by fetch.ts and turned into panels by panels.ts.
 */

export interface ZTicket {
  id: number;
  group_id: number;
  priority_id: number;
  state_id: number;
  owner_id: number;
  created_at: number;
  updated_at: number;
  /** The first closing (Zammad's `close_at`, which never moves once set). */
  close_at: number | null;
  first_response_at: number | null;
  first_response_escalation_at: number | null;
  first_response_in_min: number | null;
  first_response_diff_in_min: number | null;
  close_in_min: number | null;
  last_contact_agent_at: number | null;
  /** EOSC ticket attributes (custom fields); null where the helpdesk has none. */
  eosc_service: string | null;
  eosc_ticket_type: string | null;
  /** The type of the ticket's first article (`create_article_type`, by name). */
  channel: string | null;
}

/** One change of the ticket's `state` attribute (a row of its history). */
export interface StateChange {
  /** The history row's id: ties on `at` are ordered by it. */
  id: number;
  at: number;
  from: number | null;
  to: number | null;
}

export interface ZArticle {
  ticket_id: number;
  created_by_id: number;
  created_at: number;
  internal: boolean;
  /** Sender name (`Agent`, `Customer`, `System`). */
  sender: string;
  /** Article type name (`email`, `note`, `web`…). */
  type: string;
}

/** Which state ids are closed (type `closed`) and merged (type `merged`). */
export interface StateKinds {
  closed: ReadonlySet<number>;
  merged: ReadonlySet<number>;
}

export const isEnded = (k: StateKinds, state: number | null) =>
  state !== null && (k.closed.has(state) || k.merged.has(state));

/** The period: from `start` (inclusive) to `end` (exclusive), from the days `from` and `to`. */
export interface Period {
  from: string;
  to: string;
  start: number;
  end: number;
}

export const DAY_MS = 86_400_000;

export function periodOf(from: string, to: string): Period {
  const start = Date.parse(`${from}T00:00:00Z`);
  return { from, to, start, end: Date.parse(`${to}T00:00:00Z`) + DAY_MS };
}

export const within = (p: Period, at: number | null): at is number =>
  at !== null && at >= p.start && at < p.end;

/** Reads an ISO timestamp (null stays null). */
export function ms(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}
