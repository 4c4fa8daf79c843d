import { Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
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
import { idParam } from '../domain/reference-data.ts';
import { ApiError } from '../lib/errors.ts';
import { params, reply } from '../lib/http.ts';

const agent = requirePermission('ticket.agent');

/** Zammad's shared drafts (ticket zoom and ticket create), under /tickets. */
export function draftsRoutes() {
  const app = new Hono<DeskEnv>();

  // ---- the reply draft of one ticket ----

  app.get('/tickets/:ticket_id{[0-9]+}/shared_draft', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const ticket = await draftTicket(db, actor, idParam(c.req.param('ticket_id'), 'Ticket'));
    const draft = await zoomDraft(db, ticket.id);
    return reply(c, {
      shared_draft_id: draft?.id ?? null,
      assets: draft ? await zoomDraftAssets(db, actor, draft) : null,
    });
  });

  app.put('/tickets/:ticket_id{[0-9]+}/shared_draft', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const ticketId = idParam(c.req.param('ticket_id'), 'Ticket');
    const draft = await db.tx(async (tx) => {
      const ticket = await draftTicket(tx, actor, ticketId);
      return saveZoomDraft(tx, actor, ticket.id, q);
    });
    return reply(c, { shared_draft_id: draft.id, assets: await zoomDraftAssets(db, actor, draft) });
  });

  app.delete('/tickets/:ticket_id{[0-9]+}/shared_draft', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const ticket = await draftTicket(db, actor, idParam(c.req.param('ticket_id'), 'Ticket'));
    return reply(c, { shared_draft_id: await deleteZoomDraft(db, ticket.id) });
  });

  // ---- named drafts of new tickets, per group ----

  app.get('/tickets/shared_drafts', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    let groupId: number | undefined;
    if (q.group_id !== undefined && q.group_id !== '') {
      groupId = Number(q.group_id);
      if (!Number.isSafeInteger(groupId))
        throw new ApiError(422, `Invalid value for param 'group_id': ${JSON.stringify(q.group_id)}`);
    }
    const rows = await listStartDrafts(db, actor, groupId);
    return reply(c, {
      shared_draft_ids: rows.map((r) => r.id),
      assets: await startDraftAssets(db, actor, rows),
    });
  });

  app.get('/tickets/shared_drafts/:id{[0-9]+}', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const row = await loadStartDraft(db, actor, idParam(c.req.param('id'), 'Ticket::SharedDraftStart'));
    return reply(c, {
      shared_draft_id: row.id,
      shared_draft_content: row.content,
      assets: await startDraftAssets(db, actor, [row]),
    });
  });

  app.post('/tickets/shared_drafts', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const row = await db.tx((tx) => createStartDraft(tx, actor, q));
    return reply(c, { shared_draft_id: row.id, assets: await startDraftAssets(db, actor, [row]) });
  });

  app.put('/tickets/shared_drafts/:id{[0-9]+}', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await params(c);
    const id = idParam(c.req.param('id'), 'Ticket::SharedDraftStart');
    const row = await db.tx((tx) => updateStartDraft(tx, actor, id, q));
    return reply(c, { shared_draft_id: row.id, assets: await startDraftAssets(db, actor, [row]) });
  });

  app.delete('/tickets/shared_drafts/:id{[0-9]+}', agent, async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const id = idParam(c.req.param('id'), 'Ticket::SharedDraftStart');
    await db.tx((tx) => deleteStartDraft(tx, actor, id));
    return reply(c, { shared_draft_id: id });
  });

  return app;
}
