import { Hono } from 'hono';
import { z } from 'zod';
import {
  createStartDraft,
  deleteStartDraft,
  deleteZoomDraft,
  draftTicket,
  listStartDrafts,
  loadStartDraft,
  saveZoomDraft,
  startDraftAssets,
  updateStartDraft,
  zoomDraft,
  zoomDraftAssets,
} from '../domain/drafts.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { input, jsonObject, optionalInt, pathId } from '../http/input.ts';
import { reply } from '../http/reply.ts';

const agent = requirePermission('ticket.agent');
const START = 'Ticket::SharedDraftStart';

/** Draft parts are JSON objects, also as JSON text (form posts); blank is empty. */
const DraftInput = z.looseObject({
  new_article: jsonObject('new_article', { blankIsEmpty: true }),
  ticket_attributes: jsonObject('ticket_attributes', { blankIsEmpty: true }),
  content: jsonObject('content', { blankIsEmpty: true }),
});

/** The reply draft of one ticket (Ticket::SharedDraftZoom). */
function zoomDraftRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/tickets/:ticket_id{[0-9]+}/shared_draft', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const ticket = await draftTicket(db, actor, pathId(c.req.param('ticket_id'), 'Ticket'));
    const draft = await zoomDraft(db, ticket.id);
    return reply(c, {
      shared_draft_id: draft?.id ?? null,
      assets: draft ? await zoomDraftAssets(db, actor, draft) : null,
    });
  });

  app.put('/tickets/:ticket_id{[0-9]+}/shared_draft', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const body = await input(c, DraftInput);
    const ticketId = pathId(c.req.param('ticket_id'), 'Ticket');
    const draft = await db.tx(async (tx) => {
      const ticket = await draftTicket(tx, actor, ticketId);
      return saveZoomDraft(tx, actor, ticket.id, body);
    });
    return reply(c, { shared_draft_id: draft.id, assets: await zoomDraftAssets(db, actor, draft) });
  });

  app.delete('/tickets/:ticket_id{[0-9]+}/shared_draft', agent, async (c) => {
    const db = c.get('db');
    const ticket = await draftTicket(db, c.get('actor'), pathId(c.req.param('ticket_id'), 'Ticket'));
    return reply(c, { shared_draft_id: await deleteZoomDraft(db, ticket.id) });
  });

  return app;
}

/** Named drafts of new tickets, per group (Ticket::SharedDraftStart). */
function startDraftRoutes() {
  const app = new Hono<DeskEnv>();

  app.get('/tickets/shared_drafts', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, z.looseObject({ group_id: optionalInt('group_id') }));
    const rows = await listStartDrafts(db, actor, q.group_id);
    return reply(c, {
      shared_draft_ids: rows.map((r) => r.id),
      assets: await startDraftAssets(db, actor, rows),
    });
  });

  app.get('/tickets/shared_drafts/:id{[0-9]+}', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const row = await loadStartDraft(db, actor, pathId(c.req.param('id'), START));
    return reply(c, {
      shared_draft_id: row.id,
      shared_draft_content: row.content,
      assets: await startDraftAssets(db, actor, [row]),
    });
  });

  app.post('/tickets/shared_drafts', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const body = await input(c, DraftInput);
    const row = await db.tx((tx) => createStartDraft(tx, actor, body));
    return reply(c, { shared_draft_id: row.id, assets: await startDraftAssets(db, actor, [row]) });
  });

  app.put('/tickets/shared_drafts/:id{[0-9]+}', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const body = await input(c, DraftInput);
    const id = pathId(c.req.param('id'), START);
    const row = await db.tx((tx) => updateStartDraft(tx, actor, id, body));
    return reply(c, { shared_draft_id: row.id, assets: await startDraftAssets(db, actor, [row]) });
  });

  app.delete('/tickets/shared_drafts/:id{[0-9]+}', agent, async (c) => {
    const id = pathId(c.req.param('id'), START);
    await c.get('db').tx((tx) => deleteStartDraft(tx, c.get('actor'), id));
    return reply(c, { shared_draft_id: id });
  });

  return app;
}

/** Zammad's shared drafts (ticket zoom and ticket create), under /tickets. */
export function draftsRoutes() {
  const app = new Hono<DeskEnv>();
  app.route('/', zoomDraftRoutes());
  app.route('/', startDraftRoutes());
  return app;
}
