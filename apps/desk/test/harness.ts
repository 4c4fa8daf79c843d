import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { inject } from 'vitest';
import { createApp, type DeskOptions } from '../src/app.ts';
import { type Db, openPostgres } from '../src/db/client.ts';
import { ensureServiceToken } from '../src/seed/demo.ts';
import { checkResponse } from './contract.ts';

export const SERVICE_TOKEN = 'test-service-token-0123456789abcdef0123456789';

export interface RunningDesk {
  url: string;
  db: Db;
  /** The private database's URL (a second pool on it plays a second desk process). */
  dbUrl: string;
  /**
   * fetch against /api/v1 with Basic credentials of a demo account or a header set. The reply is
   * validated against openapi.yaml when the route is documented (`contract: false` skips that,
   * for tests that send deliberately malformed requests to undocumented statuses).
   */
  api(path: string, init?: RequestInit & { as?: Credentials; contract?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

export type Credentials =
  | 'admin'
  | 'agent'
  | 'customer'
  | { basic: [string, string] }
  | { token: string; from?: string }
  | 'none';

const DEMO: Record<string, [string, string]> = {
  admin: ['admin@example.org', 'demo-admin-pass'],
  agent: ['agent@example.org', 'demo-agent-pass'],
  customer: ['customer@example.org', 'demo-customer-pass'],
};

export function authHeader(as: Credentials): Record<string, string> {
  if (as === 'none') return {};
  if (typeof as === 'string') {
    const [l, p] = DEMO[as] as [string, string];
    return { Authorization: `Basic ${Buffer.from(`${l}:${p}`).toString('base64')}` };
  }
  if ('basic' in as) return { Authorization: `Basic ${Buffer.from(as.basic.join(':')).toString('base64')}` };
  return { Authorization: `Token token=${as.token}`, ...(as.from ? { From: as.from } : {}) };
}

/** Starts the desk over real HTTP on a private copy of the seeded test database. */
export async function startDesk(
  options: Omit<DeskOptions, 'db'> & {
    /** Wraps the database the app uses (e.g. to count its statements). */
    wrapDb?: (db: Db) => Db;
  } = {},
): Promise<RunningDesk> {
  const template = inject('deskTemplate');
  const name = `desk_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(template.url);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${template.template}`);
  const dbUrl = new URL(template.url);
  dbUrl.pathname = `/${name}`;
  const db: Db = await openPostgres(dbUrl.toString());
  const cleanup = async () => {
    await db.close();
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  };
  await ensureServiceToken(db, SERVICE_TOKEN);
  const { wrapDb, ...deskOptions } = options;
  const app = createApp({ systemId: 31, ...deskOptions, db: wrapDb ? wrapDb(db) : db });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    db,
    dbUrl: dbUrl.toString(),
    async api(path, init = {}) {
      const { as = 'none', headers, contract = true, ...rest } = init;
      const res = await fetch(`${url}/api/v1${path}`, {
        ...rest,
        headers: {
          ...(rest.body && typeof rest.body === 'string' ? { 'Content-Type': 'application/json' } : {}),
          ...authHeader(as),
          ...(headers as Record<string, string>),
        },
      });
      // Every reply of a documented route is checked against openapi.yaml (see contract.ts).
      if (contract) await checkResponse(rest.method ?? 'GET', path, res);
      return res;
    },
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await cleanup();
    },
  };
}

/** Reads a JSON reply; tests assert its shape field by field, so it is left untyped. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions inspect arbitrary JSON.
export async function json(res: Response): Promise<any> {
  return res.json();
}
