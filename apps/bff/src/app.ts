import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { BffDeps, BffEnv, BffServices } from './context.ts';
import { BffError } from './lib/errors.ts';
import { LiveHub } from './lib/live.ts';
import { ReferenceCache } from './lib/reference.ts';
import { ReportCaches } from './lib/report-caches.ts';
import { memoryState } from './lib/state.ts';
import { renderError, requestId } from './middleware/errors.ts';
import { csrf, securityHeaders } from './middleware/security.ts';
import { readSession } from './middleware/session.ts';
import { accountsRoutes } from './routes/accounts.ts';
import { agentRoutes } from './routes/agents.ts';
import { articleRoutes } from './routes/articles.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { calendarRoutes } from './routes/calendars.ts';
import { communityRoutes } from './routes/communities.ts';
import { communityAdminRoutes } from './routes/community-admin.ts';
import { eventsRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { homeRoutes } from './routes/home.ts';
import { kbRoutes } from './routes/kb.ts';
import { kbEditorRoutes } from './routes/kb-editor.ts';
import { linkRoutes } from './routes/links.ts';
import { mailAdminRoutes } from './routes/mail-admin.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { overviewAdminRoutes } from './routes/overview-admin.ts';
import { overviewRoutes } from './routes/overviews.ts';
import { presenceRoutes } from './routes/presence.ts';
import { profileRoutes } from './routes/profile.ts';
import { referenceRoutes } from './routes/reference.ts';
import { reportRoutes } from './routes/reports.ts';
import { roleRoutes } from './routes/roles.ts';
import { serviceAdminRoutes } from './routes/service-admin.ts';
import { serviceRoutes } from './routes/services.ts';
import { sessionRoutes } from './routes/session.ts';
import { slaRoutes } from './routes/slas.ts';
import { supportUnitRoutes } from './routes/support-units.ts';
import { tagRoutes } from './routes/tags.ts';
import { textModuleRoutes } from './routes/text-modules.ts';
import { ticketActionRoutes } from './routes/ticket-actions.ts';
import { ticketContextRoutes } from './routes/ticket-context.ts';
import { ticketDraftRoutes } from './routes/ticket-drafts.ts';
import { ticketHistoryRoutes } from './routes/ticket-history.ts';
import { ticketRedirectRoutes } from './routes/ticket-redirect.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { triggerRoutes } from './routes/triggers.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { workerJobRoutes } from './routes/worker-jobs.ts';

/** The BFF: the web app's only server. Composition only; each route group lives in routes/. */
/** The `Date` of the helpdesk's latest reply to a request (when it asked the helpdesk). */
export const HELPDESK_DATE_HEADER = 'X-Helpdesk-Date';

/** Writes that change tickets (create, reply, update, tags, links, merge, bulk): live updates follow at once. */
const TICKET_WRITE = /^\/bff\/(agent\/)?tickets(\/|$)/;
/** The ticket a write names in its path (none: a new ticket, a bulk update). */
const TICKET_IN_PATH = /^\/bff\/(?:agent\/)?tickets\/(\d+)(?:\/|$)/;
/** Under those paths, but changing no ticket. */
const NOT_A_CHANGE = /\/(presence|draft)$/;

export function createApp(deps: BffDeps) {
  const state = deps.state ?? memoryState({ idempotencyFile: deps.idempotencyFile });
  const live = new LiveHub(deps.pollIntervalMs ?? 5000);
  // A write through any BFF process makes every process's pollers ask the upstream now.
  live.follow(state.tickets);
  const services: BffServices = {
    reference: new ReferenceCache(deps.referenceTtlMs ?? 60_000),
    idempotency: state.idempotency,
    live,
    uploads: state.uploads,
    presence: state.presence,
    limiter: (name, limit, windowMs) => state.limiter(name, limit, windowMs),
    state,
    reports: new ReportCaches(),
  };
  const app = new OpenAPIHono<BffEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        return c.json(
          {
            error: `${where}${issue?.message ?? 'Invalid input'}`,
            code: 'invalid_input',
            request_id: c.get('requestId'),
          },
          400,
        );
      }
    },
  });

  app.use(requestId);
  app.use(securityHeaders);
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('/bff/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    // The helpdesk's clock, which due times run on: the SPA shows time left against it.
    const date = c.get('upstreamDate');
    if (date) c.header(HELPDESK_DATE_HEADER, date);
  });
  // Inputs are small (the longest is a 100,000-character message): refuse big bodies unread.
  // File uploads have their own, larger limit (routes/uploads.ts).
  const limit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw new BffError(413, 'too_large', 'The request is too large.');
    },
  });
  app.use('/bff/*', (c, next) => (c.req.path === '/bff/uploads' ? next() : limit(c, next)));
  app.use(
    '/bff/*',
    csrf((method, path) => method === 'POST' && path === '/bff/session'),
  );
  app.use('/bff/*', readSession);
  app.use('/bff/*', async (c, next) => {
    await next();
    if (
      c.req.method !== 'GET' &&
      c.res.status < 400 &&
      TICKET_WRITE.test(c.req.path) &&
      !NOT_A_CHANGE.test(c.req.path)
    ) {
      const id = TICKET_IN_PATH.exec(c.req.path)?.[1];
      state.tickets.publish(id ? [Number(id)] : undefined);
    }
  });

  // One sub-app per resource. The order is the order of the paths in /bff/openapi.json.
  for (const routes of [
    healthRoutes(services),
    sessionRoutes(services),
    accountsRoutes(services),
    homeRoutes(services),
    referenceRoutes(services),
    ticketRoutes(services),
    articleRoutes(services),
    tagRoutes(services),
    uploadRoutes(services),
    attachmentRoutes(),
    eventsRoutes(services),
    kbRoutes(),
    serviceRoutes(),
    serviceAdminRoutes(),
    communityRoutes(),
    communityAdminRoutes(),
    ticketRedirectRoutes(),
    notificationRoutes(),
    profileRoutes(),
    overviewRoutes(services),
    ticketActionRoutes(services),
    ticketDraftRoutes(),
    textModuleRoutes(),
    agentRoutes(),
    ticketContextRoutes(services),
    ticketHistoryRoutes(services),
    linkRoutes(services),
    presenceRoutes(services),
    roleRoutes(),
    overviewAdminRoutes(),
    kbEditorRoutes(),
    supportUnitRoutes(services),
    calendarRoutes(),
    slaRoutes(services),
    workerJobRoutes(),
    mailAdminRoutes(),
    triggerRoutes(services),
    webhookRoutes(),
    reportRoutes(services),
  ])
    app.route('/', routes);

  app.doc31('/bff/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'EOSC Helpdesk BFF',
      version: '1.0.0',
      description: [
        "The web app's own API. Cookie sessions (sealed, HttpOnly, SameSite=Lax, idle timeout with rolling renewal,",
        'an absolute lifetime, and revocation checked with the helpdesk on each request: deactivation, a password',
        'change or "end all sessions" end them).',
        'Every state-changing call needs the `X-EOSC-CSRF: 1` header and a same-origin `Origin`.',
        'Errors are always JSON `{error, code, request_id}`. `code: "unauthenticated"` (401) alone means',
        'the session is gone. An upstream 401 comes back as 401 `upstream_unauthorized`: the helpdesk',
        "refused the BFF's service token; the session is kept, so show the message rather than signing out.",
        "Upstream 403/404/422 keep their status and the helpdesk's message; a helpdesk that is down,",
        'slow or broken gives 503 `upstream_unavailable`, 504 `upstream_timeout` (bounded by',
        'UPSTREAM_TIMEOUT_MS, 10 s by default) or 502 `upstream_error`/`upstream_malformed`.',
        'Creates and replies take an `Idempotency-Key` header (see those routes).',
        'Live updates: `GET /bff/events` (Server-Sent Events, polling every 5 s per person, and at once after a ticket write through any BFF process).',
      ].join(' '),
    },
  });

  app.all('/bff/*', () => {
    throw new BffError(404, 'not_found', 'No such BFF route.');
  });

  if (deps.webDist && existsSync(join(deps.webDist, 'index.html'))) {
    const dist = deps.webDist;
    const index = readFileSync(join(dist, 'index.html'), 'utf8');
    app.use(
      '/assets/*',
      serveStatic({
        root: relative(process.cwd(), dist),
        onFound: (_path, c) => {
          c.header('Cache-Control', 'public, max-age=31536000, immutable');
        },
      }),
    );
    app.use('*', serveStatic({ root: relative(process.cwd(), dist) }));
    // Client-side routes: every other GET gets the SPA's shell.
    app.get('*', (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.html(index);
    });
  }

  app.notFound(() => {
    throw new BffError(404, 'not_found', 'Not found.');
  });
  app.onError(renderError);
  return Object.assign(app, { services });
}
