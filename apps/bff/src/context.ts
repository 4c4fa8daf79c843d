import type { ZammadClient } from '@eosc/zammad-api';
import type { LiveHub } from './lib/live.ts';
import type { ReferenceCache } from './lib/reference.ts';
import type { ReportCaches } from './lib/report-caches.ts';
import type { SessionData, SessionSealer } from './lib/session-cookie.ts';
import type { BffState, IdempotencyKeys, Limiter, Presence, Uploads } from './lib/state.ts';

export interface BffDeps {
  zammadUrl: string;
  /**
   * The helpdesk's name in the BFF's shared state (HELPDESK_ID; default `zammadUrl`): the same on
   * every BFF process of one helpdesk, even when they reach it by different URLs.
   */
  helpdeskId?: string | undefined;
  /**
   * Where Idempotency-Keys, uploads, presence, sign-in counters and live events live: PostgreSQL
   * (BFF_DATABASE_URL, lib/pg-state.ts), shared by N processes; default this process's memory.
   */
  state?: BffState;
  zammadToken: string;
  sealer: SessionSealer;
  idleSeconds: number;
  /** Absolute session lifetime, however active (default 12 h). */
  maxSessionSeconds?: number;
  /** How long the upstream's word on a person (active, session epoch) is trusted (default 5 s). */
  sessionCheckMs?: number;
  /** Open event streams per person and process (default 5). */
  maxStreamsPerPerson?: number;
  upstreamTimeoutMs: number;
  allowedOrigins: string[];
  webDist?: string | undefined;
  /** Journal of Idempotency-Keys that survives restarts (see lib/idempotency.ts); default: memory only. */
  idempotencyFile?: string | undefined;
  /** For tests: the fetch used for upstream calls. */
  fetch?: (req: Request) => Promise<Response>;
  /** How long states, priorities and groups are cached (default 60 s). */
  referenceTtlMs?: number;
  /** How often live updates poll the upstream per connected person (default 5 s). */
  pollIntervalMs?: number;
  /** Behind a reverse proxy: count sign-in attempts per the X-Forwarded-For address it adds. */
  trustProxy?: boolean;
  /** SSE heartbeat comment interval (default 15 s). */
  heartbeatMs?: number;
  /**
   * Where report figures come from (REPORTS_SOURCE): the desk's `/eosc_reports` extension, the
   * BFF's own computation from Zammad's standard API, or `auto` (default): the desk's when its
   * `GET /eosc_reports/scope` exists (lib/reports-source.ts).
   */
  reportsSource?: 'desk' | 'zammad' | 'auto';
}

/**
 * What one BFF app holds: per-process caches, and the state shared by every BFF process of the
 * helpdesk when it is in PostgreSQL (lib/state.ts).
 */
export interface BffServices {
  reference: ReferenceCache;
  idempotency: IdempotencyKeys;
  live: LiveHub;
  /** Files uploaded ahead of the message that will carry them. */
  uploads: Uploads;
  /** Who views or types on which ticket. */
  presence: Presence;
  /** Attempt counters (sign-in, sign-up, password reset), by limit name. */
  limiter(name: string, limit: number, windowMs: number): Limiter;
  /** The memory or PostgreSQL state behind the above; `close` on shutdown. */
  state: BffState;
  /** Which report source each helpdesk has, and state histories read for reports (Zammad path). */
  reports: ReportCaches;
}

export type BffEnv = {
  Variables: {
    requestId: string;
    deps: BffDeps;
    session: SessionData | undefined;
    /** The upstream acting for the signed-in person (service token + From). */
    upstream: ZammadClient;
    /** The `Date` of the upstream's latest reply to this request: the helpdesk's clock. */
    upstreamDate: string | undefined;
  };
};

/** The helpdesk's key in shared state: its configured id, or the upstream URL. */
export function helpdeskOf(deps: BffDeps): string {
  return deps.helpdeskId ?? deps.zammadUrl;
}
