/**
 * Shared drafts, saved on the server so a reload, a crash or another device never loses a reply.
 *
 * - Zoom drafts (Ticket::SharedDraftZoom): one per ticket, the reply being written in the ticket
 *   view (`new_article`: body, type, to, cc, internal...; `ticket_attributes`: state, owner...).
 *   Agents with `change` on the ticket's group read and write it; last write wins, and
 *   `updated_at` / `updated_by_id` tell the UI when and by whom it was last saved.
 * - Start drafts (Ticket::SharedDraftStart): named drafts of new tickets, shared in a group;
 *   agents with `create` on the group.
 *
 * Attachments of drafts (Zammad's upload cache, `form_id`) are not stored yet.
 */
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, groupsWith, hasGroupAccess, isAgent } from './actor.ts';
import { userAssets } from './assets.ts';
import { ForbiddenError, InvalidError, NotFoundError } from './errors.ts';
import { updateRow } from './records.ts';
import { type Assets, addAsset, type Row } from './shapes.ts';
import { agentMayChange, loadTicket, type TicketRow } from './ticket-access.ts';

export interface ZoomDraftRow {
  id: number;
  ticket_id: number;
  new_article: Row;
  ticket_attributes: Row;
  created_by_id: number;
  updated_by_id: number;
  created_at: Date;
  updated_at: Date;
}

/** A draft as sent: its JSON parts already parsed (http/input.ts). */
export interface DraftInput extends Row {
  new_article?: Row;
  ticket_attributes?: Row;
  content?: Row;
  name?: unknown;
  group_id?: unknown;
}

// ---- zoom drafts (one per ticket) ---------------------------------------------------------------

/** The ticket, when the actor may update it as an agent (agent_update_access?), else 404/403. */
export async function draftTicket(db: Db, actor: Actor, ticketId: number): Promise<TicketRow> {
  const t = await loadTicket(db, ticketId);
  if (!agentMayChange(actor, t)) throw new ForbiddenError();
  return t;
}

export async function zoomDraft(db: Db, ticketId: number): Promise<ZoomDraftRow | undefined> {
  return one<ZoomDraftRow>(db, 'SELECT * FROM ticket_shared_draft_zooms WHERE ticket_id = $1', [ticketId]);
}

export async function zoomDraftAssets(db: Db, actor: Actor, draft: ZoomDraftRow): Promise<Assets> {
  const assets: Assets = {};
  addAsset(assets, 'TicketSharedDraftZoom', { ...draft });
  await userAssets(db, actor, [draft.created_by_id, draft.updated_by_id], assets);
  return assets;
}

/** Creates or replaces the ticket's draft (an upsert: two devices saving at once both succeed). */
export async function saveZoomDraft(
  db: Db,
  actor: Actor,
  ticketId: number,
  input: DraftInput,
): Promise<ZoomDraftRow> {
  const current = await zoomDraft(db, ticketId);
  const newArticle = input.new_article ?? current?.new_article;
  const attrs = input.ticket_attributes ?? current?.ticket_attributes;
  return (await one<ZoomDraftRow>(
    db,
    `INSERT INTO ticket_shared_draft_zooms (ticket_id, new_article, ticket_attributes, created_by_id, updated_by_id)
     VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (ticket_id) DO UPDATE SET new_article = EXCLUDED.new_article,
       ticket_attributes = EXCLUDED.ticket_attributes, updated_by_id = EXCLUDED.updated_by_id,
       updated_at = clock_timestamp()
     RETURNING *`,
    [ticketId, JSON.stringify(newArticle ?? {}), JSON.stringify(attrs ?? {}), actor.user.id],
  )) as ZoomDraftRow;
}

export async function deleteZoomDraft(db: Db, ticketId: number): Promise<number> {
  const row = await one<{ id: number }>(
    db,
    'DELETE FROM ticket_shared_draft_zooms WHERE ticket_id = $1 RETURNING id',
    [ticketId],
  );
  if (!row) throw new NotFoundError('Ticket::SharedDraftZoom', ticketId, 'ticket_id');
  return row.id;
}

// ---- start drafts (named, per group) ------------------------------------------------------------

export interface StartDraftRow {
  id: number;
  group_id: number;
  name: string;
  content: Row;
  created_by_id: number;
  updated_by_id: number;
  created_at: Date;
  updated_at: Date;
}

/** Groups whose start drafts the actor sees: `create` access (Ticket::SharedDraftStartPolicy). */
function startGroups(actor: Actor): number[] {
  return isAgent(actor) ? groupsWith(actor, 'create') : [];
}

export async function listStartDrafts(db: Db, actor: Actor, groupId?: number): Promise<StartDraftRow[]> {
  const groups = startGroups(actor).filter((g) => groupId === undefined || g === groupId);
  return db.query<StartDraftRow>(
    'SELECT * FROM ticket_shared_draft_starts WHERE group_id = ANY($1::int[]) ORDER BY updated_at DESC, id DESC',
    [groups],
  );
}

/** One start draft in the actor's scope, else 404 (Zammad's `scope.find`). */
export async function loadStartDraft(db: Db, actor: Actor, id: number): Promise<StartDraftRow> {
  const row = await one<StartDraftRow>(
    db,
    'SELECT * FROM ticket_shared_draft_starts WHERE id = $1 AND group_id = ANY($2::int[])',
    [id, startGroups(actor)],
  );
  if (!row) throw new NotFoundError('Ticket::SharedDraftStart', id);
  return row;
}

/** Assets without `content` (it may be large; `show` returns it separately). */
export async function startDraftAssets(db: Db, actor: Actor, rows: StartDraftRow[]): Promise<Assets> {
  const assets: Assets = {};
  for (const { content: _content, ...rest } of rows) addAsset(assets, 'TicketSharedDraftStart', rest);
  await userAssets(
    db,
    actor,
    rows.flatMap((r) => [r.created_by_id, r.updated_by_id]),
    assets,
  );
  return assets;
}

async function startAttributes(db: Db, actor: Actor, input: DraftInput, creating: boolean): Promise<Row> {
  const out: Row = {};
  if ('name' in input || creating) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name) throw new InvalidError("Attribute 'name' required!");
    out.name = name;
  }
  if ('group_id' in input || creating) {
    const raw = input.group_id;
    const id = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw ?? '')) ? Number(raw) : Number.NaN;
    const group = Number.isSafeInteger(id)
      ? await one<{ id: number }>(db, 'SELECT id FROM groups WHERE id = $1', [id])
      : undefined;
    if (!group) throw new InvalidError("The required value 'group_id' is missing.");
    if (!isAgent(actor) || !hasGroupAccess(actor, group.id, 'create'))
      throw new InvalidError('This user does not have access to the given group');
    out.group_id = group.id;
  }
  if ('content' in input || creating) out.content = JSON.stringify(input.content ?? {});
  return out;
}

export async function createStartDraft(db: Db, actor: Actor, input: DraftInput): Promise<StartDraftRow> {
  const attrs = await startAttributes(db, actor, input, true);
  return (await one<StartDraftRow>(
    db,
    `INSERT INTO ticket_shared_draft_starts (group_id, name, content, created_by_id, updated_by_id)
     VALUES ($1, $2, $3, $4, $4) RETURNING *`,
    [attrs.group_id, attrs.name, attrs.content, actor.user.id],
  )) as StartDraftRow;
}

export async function updateStartDraft(
  db: Db,
  actor: Actor,
  id: number,
  input: DraftInput,
): Promise<StartDraftRow> {
  await loadStartDraft(db, actor, id);
  const attrs = await startAttributes(db, actor, input, false);
  return updateRow<StartDraftRow>(db, 'ticket_shared_draft_starts', id, attrs, actor.user.id, {
    clock: true,
  });
}

export async function deleteStartDraft(db: Db, actor: Actor, id: number): Promise<void> {
  await loadStartDraft(db, actor, id);
  await db.query('DELETE FROM ticket_shared_draft_starts WHERE id = $1', [id]);
}
