import type { Server } from 'node:http';
import { replyValidator } from '@eosc/zammad-api';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { readEnv } from './env.ts';
import { openPgState } from './lib/pg-state.ts';
import { SessionSealer } from './lib/session-cookie.ts';

const env = readEnv();
const helpdeskId = env.HELPDESK_ID ?? env.ZAMMAD_URL;
const state = env.BFF_DATABASE_URL
  ? await openPgState({
      url: env.BFF_DATABASE_URL,
      scope: helpdeskId,
      idempotencyLeaseMs: env.IDEMPOTENCY_LEASE_SECONDS * 1000,
    })
  : undefined;
const app = createApp({
  zammadUrl: env.ZAMMAD_URL,
  helpdeskId,
  ...(state ? { state } : {}),
  zammadToken: env.ZAMMAD_TOKEN,
  sealer: new SessionSealer(env.SESSION_SECRET),
  idleSeconds: env.SESSION_IDLE_MINUTES * 60,
  maxSessionSeconds: Math.round(env.SESSION_MAX_HOURS * 3600),
  sessionCheckMs: env.SESSION_CHECK_SECONDS * 1000,
  maxStreamsPerPerson: env.LIVE_MAX_STREAMS,
  upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
  pollIntervalMs: env.LIVE_POLL_SECONDS * 1000,
  trustProxy: env.TRUST_PROXY,
  allowedOrigins: env.ALLOWED_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  webDist: env.WEB_DIST,
  idempotencyFile: env.IDEMPOTENCY_FILE,
  reportsSource: env.REPORTS_SOURCE,
});

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  console.info(
    `bff: web app on http://localhost:${info.port}/ (upstream ${env.ZAMMAD_URL}; state in ${state ? 'PostgreSQL' : 'memory'})`,
  );
  // The checks of the busiest upstream replies, compiled now rather than on someone's request.
  setImmediate(() =>
    replyValidator().prepare([
      ['GET', '/tickets/{id}', 'TicketAll'],
      ['POST', '/tickets/search', 'AssetsList'],
      ['GET', '/ticket_states', 'list'],
      ['GET', '/ticket_priorities', 'list'],
      ['GET', '/groups', 'list'],
    ]),
  );
});

function stop(signal: string) {
  console.info(`bff: ${signal}, stopping`);
  app.services.live.close(); // stop polling; open event streams end with the server
  (server as Server).closeAllConnections();
  server.close(() => {
    // The pool and the LISTEN connection, once no request uses them any more.
    app.services.state.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  });
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
