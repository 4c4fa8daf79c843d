import { resolve } from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  DESK_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DESK_HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z.string().url().optional(),
  SEED: z.enum(['demo', 'none']).optional(),
  /** Token the BFF uses; seeded (hashed) for the service user when given. */
  DESK_SERVICE_TOKEN: z.string().min(32).optional(),
  /** Prefix of ticket numbers, as Zammad's system_id. */
  DESK_SYSTEM_ID: z.coerce.number().int().min(1).max(99).default(31),
  /** Outgoing mail (e.g. `smtp://127.0.0.1:2525`); unset: sign-ups are active at once, links go to the log. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('EOSC Helpdesk <helpdesk@localhost>'),
  /** Inbound mail: the SMTP listener's port for the support addresses (unset: no listener). */
  MAIL_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MAIL_HOST: z.string().default('127.0.0.1'),
  /** Largest inbound mail, in MB. */
  MAIL_MAX_MB: z.coerce.number().min(1).max(200).default(30),
  /** Mails per sender per hour before the sender's mail is no longer answered automatically. */
  MAIL_SENDER_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Largest request body with credentials, in MB (anonymous requests: 64 KB). */
  DESK_MAX_BODY_MB: z.coerce.number().min(1).max(2048).default(140),
  /** Base URL of the web app, for links in mails. */
  PUBLIC_URL: z.string().url().default('http://localhost:8080'),
  /**
   * Hosts webhooks may call although they resolve to private, loopback or reserved addresses
   * (comma separated names or addresses; default none).
   */
  WEBHOOK_ALLOW_HOSTS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    ),
  /** How often the background worker looks for due jobs, in milliseconds. */
  DESK_WORKER_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** `0` skips the demo's year of ticket history (seed/history.ts) on the first run with demo data. */
  DESK_DEMO_HISTORY: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v !== '0' && v !== 'false'),
  /** Tests only: serve /api/v1/eosc_test_clock, which moves the desk's clock. */
  DESK_TEST_CLOCK: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const env = EnvSchema.parse(cleaned);
  return { ...env, DATA_DIR: resolve(env.DATA_DIR) };
}
