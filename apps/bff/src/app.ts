import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { BffDeps, BffEnv } from './context.ts';
import { BffError } from './lib/errors.ts';
import { renderError, requestId } from './middleware/errors.ts';
import { csrf, securityHeaders } from './middleware/security.ts';
import { readSession } from './middleware/session.ts';
import { healthRoutes } from './routes/health.ts';
import { sessionRoutes } from './routes/session.ts';
import { ticketRoutes } from './routes/tickets.ts';

/** The BFF: the web app's only server. Composition only; each route group lives in routes/. */
export function createApp(deps: BffDeps) {
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
  });
  app.use(
    '/bff/*',
    csrf((method, path) => method === 'POST' && path === '/bff/session'),
  );
  app.use('/bff/*', readSession);

  app.route('/', healthRoutes());
  app.route('/', sessionRoutes());
  app.route('/', ticketRoutes());

  app.doc31('/bff/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'EOSC Helpdesk BFF',
      version: '1.0.0',
      description:
        "The web app's own API. Cookie sessions; every state-changing call needs the X-EOSC-CSRF: 1 header and a same-origin Origin.",
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
  return app;
}
