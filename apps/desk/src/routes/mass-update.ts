import { Hono } from 'hono';
import type { DeskEnv } from '../auth.ts';
import { massUpdate } from '../domain/mass-update.ts';
import { params, reply } from '../lib/http.ts';

/** Bulk actions of the agent inbox. */
export function massUpdateRoutes() {
  const app = new Hono<DeskEnv>();

  // Zammad guards this route by authentication only; access is checked per ticket (agent change).
  app.post('/tickets/mass_update', async (c) => {
    const result = await massUpdate(c.get('db'), c.get('actor'), await params(c));
    return reply(c, result.body, result.ok ? 200 : 422);
  });

  return app;
}
