/** The kinds of background work the desk runs (docs/service-levels.md, "The worker"). */
import '../domain/events/listeners.ts';
import { processPending } from '../domain/mail/inbound.ts';
import { sendNotificationMails } from '../domain/mail/notification-send.ts';
import { NOTIFY_MAIL_KIND } from '../domain/mail/notifications.ts';
import { MAIL_SEND_KIND, sendArticleMail } from '../domain/mail/outbound.ts';
import { runAckAlarms } from '../domain/redirect/alarm.ts';
import { sendForward } from '../domain/redirect/forward.ts';
import { ACK_KIND, FORWARD_KIND, RELAY_KIND } from '../domain/redirect/model.ts';
import { relayAnswer } from '../domain/redirect/reply.ts';
import { foldReportRollup } from '../domain/reports/rollup.ts';
import { RECOMPUTE_KIND } from '../domain/sla/changes.ts';
import { runEscalations, runPendingClose, runPendingReminders, runReviews } from '../domain/sla/due.ts';
import { recomputeOpenTickets } from '../domain/sla/recompute.ts';
import { sendWebhook } from '../domain/webhooks/deliver.ts';
import { WEBHOOK_SEND_KIND } from '../domain/webhooks/queue.ts';
import { createMailer, type Mailer } from '../lib/mail.ts';
import type { JobKind } from './worker.ts';

export const SERVICE_LEVEL_JOBS: JobKind[] = [
  { kind: 'escalation', every: 60, run: async (db) => ({ ...(await runEscalations(db)) }) },
  { kind: 'pending_reminder', every: 60, run: async (db) => ({ ...(await runPendingReminders(db)) }) },
  { kind: 'pending_close', every: 60, run: async (db) => ({ ...(await runPendingClose(db)) }) },
  { kind: 'review', every: 3600, run: async (db) => ({ ...(await runReviews(db)) }) },
  {
    // After a calendar, SLA or unit change; a retry goes on after the last batch it finished.
    kind: RECOMPUTE_KIND,
    run: async (db, job, ctx) => {
      const afterId = Number(job.payload.after_id ?? 0);
      const result = await recomputeOpenTickets(db, {
        afterId,
        onBatch: (lastId) => ctx.heartbeat({ ...job.payload, after_id: lastId }),
      });
      return { ...result, ...(afterId ? { resumed_after_id: afterId } : {}) };
    },
  },
];

/** Upkeep of the reports' daily rollup (docs/reports.md, "How the figures stay fast"). */
export const REPORT_JOBS: JobKind[] = [
  { kind: 'rollup_reports', every: 300, run: async (db) => ({ folded: await foldReportRollup(db) }) },
];

/**
 * Mail (issue 14): ticket mail and notification mails sent as one-off jobs, retried with
 * back-off; received mail left pending by a stop between storing and processing is picked up
 * every minute.
 */
export function mailJobs(mailer: Mailer, systemId = 31): JobKind[] {
  return [
    { kind: MAIL_SEND_KIND, run: (db, job) => sendArticleMail(db, mailer, job) },
    // Notification mails to agents per their matrix (domain/mail/notifications.ts).
    { kind: NOTIFY_MAIL_KIND, run: (db, job, ctx) => sendNotificationMails(db, mailer, job, ctx) },
    {
      kind: 'mail_inbound',
      every: 60,
      run: (db) => processPending(db, { systemId, ownAddress: mailer.address }, 30_000),
    },
  ];
}

/**
 * Ticket redirection (issue 16): forwards to providers' lists and their answers relayed to the
 * customer (one-off, retried), and the acknowledgement alarm (every minute).
 */
export function redirectJobs(mailer: Mailer): JobKind[] {
  return [
    { kind: FORWARD_KIND, run: (db, job) => sendForward(db, mailer, job) },
    { kind: RELAY_KIND, run: (db, job) => relayAnswer(db, mailer, job) },
    { kind: ACK_KIND, every: 60, run: async (db) => ({ ...(await runAckAlarms(db)) }) },
  ];
}

/** Webhook calls queued by triggers (issue 14): one-off, retried with back-off, each attempt logged. */
export const WEBHOOK_JOBS: JobKind[] = [{ kind: WEBHOOK_SEND_KIND, run: (db, job) => sendWebhook(db, job) }];

/** Every kind this desk version runs; without a mailer, ticket mail is recorded as not sent. */
export function deskJobKinds(deps: { mailer?: Mailer | undefined; systemId?: number } = {}): JobKind[] {
  const mailer = deps.mailer ?? createMailer({ log: () => undefined });
  return [
    ...SERVICE_LEVEL_JOBS,
    ...REPORT_JOBS,
    ...mailJobs(mailer, deps.systemId),
    ...WEBHOOK_JOBS,
    ...redirectJobs(mailer),
  ];
}
