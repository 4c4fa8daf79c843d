import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import { one } from '../db/client.ts';
import { hasGroupAccess } from '../domain/actor.ts';
import { type Assets, addAsset, userAssets } from '../domain/assets.ts';
import { addHistory } from '../domain/history.ts';
import { addMention, loadTicket } from '../domain/tickets.ts';
import { ApiError, notAuthorized, notFound } from '../lib/errors.ts';
import { intParam, params, reply, truthy } from '../lib/http.ts';

function ticketParam(q: Record<string, unknown>): number {
  if (q.mentionable_type !== 'Ticket')
    throw new ApiError(
      422,
      `Invalid value for param 'mentionable_type': ${JSON.stringify(q.mentionable_type ?? null)}`,
    );
  return intParam(q.mentionable_id, 'mentionable_id');
}

interface MentionRow {
  id: number;
  mentionable_type: string;
  mentionable_id: number;
  user_id: number;
  [key: string]: unknown;
}

/** Mentions (subscriptions) are an agent feature: agent `read` on the ticket is needed. */
export function mentionsRoutes() {
  const app = new Hono<DeskEnv>();
  const agent = requirePermission('ticket.agent');

  app.get('/mentions', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const ticket = await loadTicket(db, ticketParam(q));
    if (!hasGroupAccess(actor, ticket.group_id, 'read')) throw notAuthorized();
    const rows = await db.query<MentionRow>(
      `SELECT * FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $1 ORDER BY id`,
      [ticket.id],
    );
    if (truthy(q.full)) {
      const assets: Assets = {};
      for (const m of rows) addAsset(assets, 'Mention', m);
      await userAssets(
        db,
        actor,
        rows.map((m) => m.user_id),
        assets,
      );
      return reply(c, { record_ids: rows.map((m) => m.id), assets });
    }
    return reply(c, { mentions: rows });
  });

  app.post('/mentions', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const ticket = await loadTicket(db, ticketParam(q));
    if (!hasGroupAccess(actor, ticket.group_id, 'read')) throw notAuthorized();
    await db.tx((tx) => addMention(tx, actor, ticket, actor.user.id));
    return reply(c, true, 201);
  });

  app.delete('/mentions/:id{[0-9]+}', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = intParam(c.req.param('id'), 'id');
    const row = await one<MentionRow>(db, 'SELECT * FROM mentions WHERE id = $1', [id]);
    if (!row) throw notFound('Mention', id);
    if (row.user_id !== actor.user.id) throw notAuthorized();
    await db.query('DELETE FROM mentions WHERE id = $1', [id]);
    await addHistory(db, {
      o_id: id,
      object: 'Mention',
      type: 'removed',
      value_to: String(row.user_id),
      related_object: row.mentionable_type,
      related_o_id: row.mentionable_id,
      created_by_id: actor.user.id,
    });
    return reply(c, true);
  });

  return app;
}
