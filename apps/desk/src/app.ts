import { Hono } from 'hono';
import { authenticate, type DeskEnv } from './auth.ts';
import type { Db } from './db/client.ts';
import { can } from './domain/actor.ts';
import { ApiError } from './lib/errors.ts';
import { reply } from './lib/http.ts';
import { createMailer, type Mailer } from './lib/mail.ts';
import { accessTokensRoutes } from './routes/access-tokens.ts';
import { accountsAnonymousRoute, accountsRoutes } from './routes/accounts.ts';
import { draftsRoutes } from './routes/drafts.ts';
import { groupsRoutes } from './routes/groups.ts';
import { kbAnonymousRoute, knowledgeBaseRoutes } from './routes/knowledge-base.ts';
import { linksRoutes } from './routes/links.ts';
import { massUpdateRoutes } from './routes/mass-update.ts';
import { mentionsRoutes } from './routes/mentions.ts';
import { objectManagerRoutes } from './routes/object-manager.ts';
import { onlineNotificationsRoutes } from './routes/online-notifications.ts';
import { organizationsRoutes } from './routes/organizations.ts';
import { overviewsRoutes } from './routes/overviews.ts';
import { rolesRoutes } from './routes/roles.ts';
import { searchRoutes } from './routes/search.ts';
import { servicesRoutes } from './routes/services.ts';
import { tagsRoutes } from './routes/tags.ts';
import { textModulesRoutes } from './routes/text-modules.ts';
import { ticketStatesRoutes } from './routes/ticket-states.ts';
import { ticketArticleRoutes, ticketRoutes } from './routes/tickets.ts';
import { userRoutes } from './routes/users.ts';

export interface DeskOptions {
  db: Db;
  systemId?: number;
  /** Sign-up and password-reset mail; default: no SMTP, links are logged. */
  mailer?: Mailer;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, GET, PUT, DELETE, PATCH, OPTIONS',
  'Access-Control-Max-Age': '1728000',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, From, X-On-Behalf-Of, Accept',
};

function errorId(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

/** The desk: a Zammad-compatible REST API under /api/v1. */
export function createApp(opts: DeskOptions) {
  const app = new Hono<DeskEnv>();
  const systemId = opts.systemId ?? 31;

  app.use(async (c, next) => {
    c.set('db', opts.db);
    await next();
    c.header('Cache-Control', 'no-cache, no-store');
    c.header('Pragma', 'no-cache');
    c.header('Expires', '-1');
    for (const [k, v] of Object.entries(CORS)) c.header(k, v);
  });

  app.options('*', (c) => c.body('', 200, { 'Content-Type': 'text/plain' }));

  app.get('/', (c) => c.text('EOSC Helpdesk desk: a Zammad-compatible REST API under /api/v1\n'));

  const api = new Hono<DeskEnv>();
  // Only the public knowledge-base routes (published content) and the self-service account
  // routes (sign-up, verification, password reset) answer without credentials.
  api.use(authenticate((m, p) => kbAnonymousRoute(m, p) || accountsAnonymousRoute(m, p)));
  // Search routes first: `/tickets/search` and `/users/search` must win over `/:id` routes.
  api.route('/', searchRoutes());
  api.route('/', ticketRoutes({ systemId }));
  api.route('/', ticketArticleRoutes());
  // Before userRoutes: an anonymous `POST /users` is the sign-up.
  api.route('/', accountsRoutes({ mailer: opts.mailer ?? createMailer() }));
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
  api.route('/', overviewsRoutes());
  api.route('/', textModulesRoutes());
  api.route('/', draftsRoutes());
  api.route('/', massUpdateRoutes());
  app.route('/api/v1', api);

  app.notFound((c) => reply(c, { error: `No route matches [${c.req.method}] ${c.req.path}` }, 404));

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      const body = err.human ? { error: err.message, error_human: err.message } : { error: err.message };
      if (err.status === 401 || err.status === 403) c.header('X-Failure', err.message);
      return reply(c, body, err.status as 400);
    }
    const pgCode = (err as { code?: string }).code;
    if (pgCode === '23505')
      return reply(
        c,
        { error: 'This object already exists.', error_human: 'This object already exists.' },
        422,
      );
    if (pgCode === '23502') {
      const column = (err as { column?: string }).column ?? 'unknown';
      const msg = `Attribute '${column}' required!`;
      return reply(c, { error: msg, error_human: msg }, 422);
    }
    if (pgCode === '23503') {
      const msg = "Can't delete, object has references.";
      return reply(c, { error: msg, error_human: msg }, 422);
    }
    console.error(err);
    const actor = c.get('actor');
    const message =
      actor && can(actor, 'admin')
        ? String(err.message)
        : `Error ID ${errorId()}: Please contact your administrator.`;
    return reply(c, { error: message }, 500);
  });

  return app;
}
