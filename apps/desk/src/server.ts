import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { openDb } from './db/client.ts';
import { DataDirLockedError, lockDataDir } from './db/data-dir-lock.ts';
import { migrate } from './db/migrate.ts';
import { processInbound, storeInbound } from './domain/mail/inbound.ts';
import { readEnv } from './env.ts';
import { deskJobKinds } from './jobs/kinds.ts';
import { Worker } from './jobs/worker.ts';
import { createMailer } from './lib/mail.ts';
import { isSupportAddress, type SmtpListener, startSmtpListener } from './lib/smtp-listener.ts';
import { ensureServiceToken, seedDemo } from './seed/demo.ts';
import { seedDemoHistory } from './seed/history.ts';

const env = readEnv();
// The embedded database is one desk's: a second desk on the same folder is refused.
let releaseLock = () => {};
if (!env.DATABASE_URL) {
  try {
    releaseLock = lockDataDir(env.DATA_DIR);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    console.error(`desk: ${err.message}`);
    process.exit(3);
  }
}
const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
const applied = await migrate(db);
const firstRun = applied.includes('0001_core.sql');
if (applied.length) console.info(`desk: applied migrations ${applied.join(', ')}`);
if (env.SEED === 'demo' || (env.SEED === undefined && firstRun)) {
  if (await seedDemo(db, env.DESK_SYSTEM_ID)) {
    console.info('desk: demo data seeded');
    if (env.DESK_DEMO_HISTORY) {
      const started = Date.now();
      await seedDemoHistory(db, env.DESK_SYSTEM_ID);
      console.info(`desk: a year of demo ticket history seeded for the reports (${Date.now() - started} ms)`);
    }
  }
}
if (env.DESK_SERVICE_TOKEN) await ensureServiceToken(db, env.DESK_SERVICE_TOKEN);

const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, publicUrl: env.PUBLIC_URL });
// Every desk process runs the worker; the jobs table gives each due job to one of them.
const worker = new Worker(db, deskJobKinds({ mailer, systemId: env.DESK_SYSTEM_ID }), {
  pollMs: env.DESK_WORKER_POLL_MS,
});
await worker.start();
if (env.DESK_TEST_CLOCK)
  console.warn(
    'desk: DESK_TEST_CLOCK=1: the clock can be moved through /api/v1/eosc_test_clock (tests only)',
  );
const app = createApp({
  db,
  systemId: env.DESK_SYSTEM_ID,
  mailer,
  maxBodyBytes: env.DESK_MAX_BODY_MB * 1024 * 1024,
  worker,
  testClock: env.DESK_TEST_CLOCK,
  webhookAllowHosts: env.WEBHOOK_ALLOW_HOSTS,
});
const server = serve({ fetch: app.fetch, port: env.DESK_PORT, hostname: env.DESK_HOST }, (info) => {
  console.info(
    `desk: Zammad-compatible API on http://${env.DESK_HOST === '0.0.0.0' ? 'localhost' : env.DESK_HOST}:${info.port}/api/v1 (${db.kind})`,
  );
});

// Inbound mail: an SMTP listener for the support addresses (issue 14, docs/mail.md).
let smtp: SmtpListener | undefined;
if (env.MAIL_PORT !== undefined) {
  const inbound = {
    systemId: env.DESK_SYSTEM_ID,
    ownAddress: mailer.address,
    senderLimitPerHour: env.MAIL_SENDER_LIMIT,
  };
  try {
    smtp = await startSmtpListener({
      port: env.MAIL_PORT,
      host: env.MAIL_HOST,
      maxBytes: env.MAIL_MAX_MB * 1024 * 1024,
      accepts: (address) => isSupportAddress(db, address),
      store: (raw, envelope) => storeInbound(db, raw, { ...envelope, channelId: 1 }),
      process: (id) => processInbound(db, id, inbound),
    });
    console.info(`desk: receiving mail for the support addresses on smtp://${env.MAIL_HOST}:${smtp.port}`);
  } catch (err) {
    // The API still serves; mail can also be delivered through POST /channels_email/inbound_mails.
    console.warn(`desk: no SMTP listener on port ${env.MAIL_PORT}: ${(err as Error).message}`);
  }
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.info(`desk: ${signal}, stopping`);
  server.close();
  await smtp?.close();
  await worker.stop();
  await db.close().catch(() => undefined);
  releaseLock();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
