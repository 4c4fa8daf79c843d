import { Hono } from 'hono';
import type { Db } from './db/client.ts';
import { authenticate } from './http/auth.ts';
import type { DeskEnv } from './http/env.ts';
import { errorReply } from './http/errors.ts';
import { bodyLimits } from './http/limits.ts';
import { reply } from './http/reply.ts';
import './domain/events/listeners.ts';
import { configureTriggers } from './domain/triggers/config.ts';
import { configureWebhooks } from './domain/webhooks/config.ts';
import { deskJobKinds } from './jobs/kinds.ts';
import { Worker } from './jobs/worker.ts';
import { now } from './lib/clock.ts';
import { createMailer, type Mailer } from './lib/mail.ts';
import { accessTokensRoutes } from './routes/access-tokens.ts';
import { accountsAnonymousRoute, accountsRoutes } from './routes/accounts.ts';
import { calendarsRoutes } from './routes/calendars.ts';
import { channelsEmailRoutes } from './routes/channels-email.ts';
import { communitiesRoutes } from './routes/communities.ts';
import { draftsRoutes } from './routes/drafts.ts';
import { groupsRoutes } from './routes/groups.ts';
import { kbAnonymousRoute, knowledgeBaseRoutes } from './routes/knowledge-base.ts';
import { linksRoutes } from './routes/links.ts';
import { mentionsRoutes } from './routes/mentions.ts';
import { objectManagerRoutes } from './routes/object-manager.ts';
import { onlineNotificationsRoutes } from './routes/online-notifications.ts';
import { organizationsRoutes } from './routes/organizations.ts';
import { overviewsRoutes } from './routes/overviews.ts';
import { reportsRoutes } from './routes/reports.ts';
import { rolesRoutes } from './routes/roles.ts';
import { searchRoutes } from './routes/search.ts';
import { servicesRoutes } from './routes/services.ts';
import { sessionsRoutes } from './routes/sessions.ts';
import { slasRoutes } from './routes/slas.ts';
import { tagsRoutes } from './routes/tags.ts';
import { textModulesRoutes } from './routes/text-modules.ts';
import { ticketArticleRoutes } from './routes/ticket-articles.ts';
import { ticketRedirectRoutes } from './routes/ticket-redirects.ts';
import { ticketStatesRoutes } from './routes/ticket-states.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { triggersRoutes } from './routes/triggers.ts';
import { userPreferencesRoutes } from './routes/user-preferences.ts';
import { userRoutes } from './routes/users.ts';
import { webhooksRoutes } from './routes/webhooks.ts';
import { testClockRoutes, workerRoutes } from './routes/worker.ts';

export interface DeskOptions {
  db: Db;
  systemId?: number;
  /** Sign-up and password-reset mail; default: no SMTP, links are logged. */
  mailer?: Mailer;
  /** Largest request body with credentials (default 140 MB: ten 10 MB attachments in base64). */
  maxBodyBytes?: number;
  /**
   * The background worker the admin routes show and run (server.ts starts it polling); default:
   * one that runs only when asked (tests).
   */
  worker?: Worker;
  /** Serve `/eosc_test_clock` (DESK_TEST_CLOCK=1; tests only). */
  testClock?: boolean;
  /** Hosts webhooks may call although private (WEBHOOK_ALLOW_HOSTS). */
  webhookAllowHosts?: string[];
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, GET, PUT, DELETE, PATCH, OPTIONS',
  'Access-Control-Max-Age': '1728000',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, From, X-On-Behalf-Of, Accept',
};

/** The desk: a Zammad-compatible REST API under /api/v1. */
export function createApp(opts: DeskOptions) {
  const app = new Hono<DeskEnv>();
  const systemId = opts.systemId ?? 31;
  const worker = opts.worker ?? new Worker(opts.db, deskJobKinds({ mailer: opts.mailer, systemId }));
  const mailer = opts.mailer ?? createMailer();
  // Triggers' templates link to the web app and never mail the helpdesk itself.
  configureTriggers({ publicUrl: mailer.publicUrl, address: mailer.address });
  configureWebhooks({ allowHosts: opts.webhookAllowHosts ?? [] });

  app.use(async (c, next) => {
    c.set('db', opts.db);
    // Set before the route runs, so they are part of the reply it builds (a handler may still
    // override one). Set afterwards, each would copy the finished reply again (issue 15).
    c.header('Cache-Control', 'no-cache, no-store');
    c.header('Pragma', 'no-cache');
    c.header('Expires', '-1');
    // The desk's clock, not the machine's (they differ only under DESK_TEST_CLOCK): clients
    // showing time left before a due time compare with it.
    c.header('Date', now().toUTCString());
    for (const [k, v] of Object.entries(CORS)) c.header(k, v);
    await next();
  });

  app.options('*', (c) => c.body('', 200, { 'Content-Type': 'text/plain' }));

  app.get('/', (c) => c.text('EOSC Helpdesk desk: a Zammad-compatible REST API under /api/v1\n'));

  const api = new Hono<DeskEnv>();
  api.use(bodyLimits(opts.maxBodyBytes ?? 140 * 1024 * 1024));
  // Only the public knowledge-base routes (published content) and the self-service account
  // routes (sign-up, verification, password reset) answer without credentials.
  api.use(authenticate((m, p) => kbAnonymousRoute(m, p) || accountsAnonymousRoute(m, p)));
  // Search routes first: `/tickets/search` and `/users/search` must win over `/:id` routes.
  api.route('/', searchRoutes());
  api.route('/', ticketRoutes({ systemId }));
  api.route('/', ticketArticleRoutes());
  api.route('/', ticketRedirectRoutes());
  // Before userRoutes: an anonymous `POST /users` is the sign-up.
  api.route('/', accountsRoutes({ mailer }));
  api.route('/', sessionsRoutes());
  api.route('/', userPreferencesRoutes());
  api.route('/', userRoutes());
  api.route('/', organizationsRoutes());
  api.route('/', groupsRoutes());
  api.route('/', rolesRoutes());
  api.route('/', ticketStatesRoutes());
  api.route('/', accessTokensRoutes());
  api.route('/', tagsRoutes());
  api.route('/', linksRoutes());
  api.route('/', onlineNotificationsRoutes());
  api.route('/', mentionsRoutes());
  api.route('/', knowledgeBaseRoutes());
  api.route('/', objectManagerRoutes());
  api.route('/', servicesRoutes());
  api.route('/', communitiesRoutes());
  api.route('/', overviewsRoutes());
  api.route('/', textModulesRoutes());
  api.route('/', draftsRoutes());
  api.route('/', calendarsRoutes());
  api.route('/', slasRoutes());
  api.route('/', reportsRoutes());
  api.route('/', channelsEmailRoutes({ systemId, ownAddress: opts.mailer?.address }));
  api.route('/', triggersRoutes());
  api.route('/', webhooksRoutes());
  api.route('/', workerRoutes(worker));
  api.route('/', testClockRoutes({ enabled: opts.testClock === true, worker }));
  app.route('/api/v1', api);

  app.notFound((c) => reply(c, { error: `No route matches [${c.req.method}] ${c.req.path}` }, 404));

  app.onError((err, c) => errorReply(err, c));

  return app;
}
