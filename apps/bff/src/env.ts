import { resolve } from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DESK_PORT: z.coerce.number().int().default(3000),
  /** The Zammad-compatible upstream; default: the local desk. */
  ZAMMAD_URL: z.string().url().optional(),
  /** Service token with admin.user on the upstream; the BFF acts for people with `From`. */
  ZAMMAD_TOKEN: z.string().min(1),
  /** Key material for the session cookie (at least 32 characters). */
  SESSION_SECRET: z.string().min(32),
  /**
   * Where Idempotency-Keys are journaled, so a retry after a crash or restart is still recognised
   * (lib/idempotency.ts); `npm start` puts it in DATA_DIR when the BFF has no BFF_DATABASE_URL. Unset: kept in memory only.
   */
  IDEMPOTENCY_FILE: z.string().optional(),
  /**
   * PostgreSQL for the BFF's shared state (Idempotency-Keys, uploads, presence, sign-in counters,
   * live-update fan-out by LISTEN/NOTIFY), in its own schema `bff`: N BFF processes behind any load
   * balancer then serve one helpdesk, and a restart loses nothing. Unset: this process's memory.
   */
  BFF_DATABASE_URL: z.string().url().optional(),
  /**
   * The helpdesk's name in that shared state; default ZAMMAD_URL. Set it (the same everywhere)
   * when the BFF processes of one helpdesk reach it by different URLs.
   */
  HELPDESK_ID: z.string().min(1).max(200).optional(),
  /**
   * With BFF_DATABASE_URL: a process running an Idempotency-Key renews its claim every third of
   * this; a claim not renewed for this long belongs to a process that died mid-call, and its key is
   * in doubt (the retry looks upstream first). Longer: fewer renewals; shorter: faster recovery.
   */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().min(1).max(300).default(15),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  /** A session ends this long after sign-in, however active. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(12),
  /** How long the upstream's word on a person (active, session epoch) is cached. */
  SESSION_CHECK_SECONDS: z.coerce.number().min(0).max(300).default(5),
  /** Live-update streams one person may hold open at once (per BFF process). */
  LIVE_MAX_STREAMS: z.coerce.number().int().min(1).max(100).default(5),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Live updates (SSE): how often the upstream is polled per connected person. */
  LIVE_POLL_SECONDS: z.coerce.number().min(1).max(300).default(5),
  /** Where the built SPA is; served with an index.html fallback. */
  WEB_DIST: z.string().default('apps/web/dist'),
  /** Extra origins allowed to make state-changing calls (comma-separated), besides the BFF's own. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Report figures: from the desk's extension, computed by the BFF from Zammad's API, or auto (docs/reports.md). */
  REPORTS_SOURCE: z.enum(['desk', 'zammad', 'auto']).default('auto'),
  /** Set when a reverse proxy adds X-Forwarded-For (sign-in limits then count per client address). */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type Env = z.infer<typeof EnvSchema> & { ZAMMAD_URL: string };

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const env = EnvSchema.parse(cleaned);
  return {
    ...env,
    ZAMMAD_URL: env.ZAMMAD_URL ?? `http://127.0.0.1:${env.DESK_PORT}`,
    WEB_DIST: resolve(env.WEB_DIST),
  };
}
