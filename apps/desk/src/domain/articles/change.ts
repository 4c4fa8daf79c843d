/** What happens to an article after it is written: its flags edited, or its deletion. */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now, nowMs } from '../../lib/clock.ts';
import { type Actor, isAgent } from '../actor.ts';
import type { ArticleRow } from '../article-shapes.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { addHistory } from '../history.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { loadReadableTicket, seesInternal, type TicketRow } from '../ticket-access.ts';
import { deleteAttachments } from './attachments.ts';

export async function loadArticle(db: Db, id: number): Promise<ArticleRow> {
  const row = await one<ArticleRow>(db, 'SELECT * FROM ticket_articles WHERE id = $1', [id]);
  if (!row) throw new NotFoundError('Ticket::Article', id);
  return row;
}

/** An article and its ticket, when the caller may read both (internal ones need agent read). */
export async function loadReadableArticle(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ article: ArticleRow; ticket: TicketRow }> {
  const article = await loadArticle(db, id);
  const ticket = await loadReadableTicket(db, actor, article.ticket_id);
  if (article.internal && !seesInternal(actor, ticket)) throw new ForbiddenError();
  return { article, ticket };
}

/** A ticket's articles the caller may see, oldest first. */
export async function visibleArticles(db: Db, actor: Actor, t: TicketRow): Promise<ArticleRow[]> {
  const internalFilter = seesInternal(actor, t) ? '' : 'AND NOT internal';
  return db.query<ArticleRow>(
    `SELECT * FROM ticket_articles WHERE ticket_id = $1 ${internalFilter} ORDER BY id ASC`,
    [t.id],
  );
}

/** `GET /ticket_articles` (admin): every article, a page at a time. */
export async function allArticles(db: Db, page: { limit: number; offset: number }): Promise<ArticleRow[]> {
  return db.query<ArticleRow>(
    `SELECT * FROM ticket_articles ORDER BY id ASC LIMIT ${page.limit} OFFSET ${page.offset}`,
  );
}

/** `PUT /ticket_articles/:id`: only `internal` and `preferences.highlight` are writable. */
export async function updateArticle(
  db: Db,
  actor: Actor,
  article: ArticleRow,
  input: { internal?: boolean | null; preferences?: unknown },
): Promise<ArticleRow> {
  const sets: string[] = [];
  const values: unknown[] = [article.id];
  if (input.internal !== undefined && input.internal !== null) {
    values.push(input.internal);
    sets.push(`internal = $${values.length}`);
  }
  const prefs = input.preferences;
  if (prefs && typeof prefs === 'object' && !Array.isArray(prefs) && 'highlight' in prefs) {
    const merged = {
      ...((article.preferences as Record<string, unknown>) ?? {}),
      highlight: (prefs as Record<string, unknown>).highlight,
    };
    values.push(JSON.stringify(merged));
    sets.push(`preferences = $${values.length}`);
  }
  if (sets.length === 0) return article;
  values.push(actor.user.id);
  const row = (await one<ArticleRow>(
    db,
    `UPDATE ticket_articles SET ${sets.join(', ')}, updated_at = now(), updated_by_id = $${values.length}
      WHERE id = $1 RETURNING *`,
    values,
  )) as ArticleRow;
  if (row.internal !== article.internal) {
    await addHistory(db, {
      o_id: article.id,
      object: 'Ticket::Article',
      type: 'updated',
      attribute: 'internal',
      value_from: String(article.internal),
      value_to: String(row.internal),
      related_object: 'Ticket',
      related_o_id: article.ticket_id,
      created_by_id: actor.user.id,
    });
  }
  return row;
}

/**
 * Zammad lets an agent delete only their own note or internal article, within
 * `ui_ticket_zoom_article_delete_timeframe` seconds (0 = no limit). Admin rights do not help.
 */
export async function mayDeleteArticle(db: Db, actor: Actor, article: ArticleRow): Promise<boolean> {
  if (!isAgent(actor) || article.created_by_id !== actor.user.id) return false;
  const type = await one<{ communication: boolean }>(
    db,
    'SELECT communication FROM ticket_article_types WHERE id = $1',
    [article.type_id],
  );
  if (type?.communication && !article.internal) return false;
  const setting = await one<{ value: unknown }>(
    db,
    "SELECT value FROM settings WHERE name = 'ui_ticket_zoom_article_delete_timeframe'",
  );
  const frame = Number(setting?.value ?? 600);
  if (!Number.isFinite(frame) || frame <= 0) return true;
  const age = (nowMs() - new Date(article.created_at as Date).getTime()) / 1000;
  return age <= frame;
}

export async function deleteArticle(db: Db, actor: Actor, article: ArticleRow): Promise<void> {
  await deleteAttachments(db, 'Ticket::Article', [article.id]);
  await db.query('DELETE FROM ticket_articles WHERE id = $1', [article.id]);
  await db.query(
    `UPDATE tickets SET article_count = GREATEST(article_count - 1, 0), updated_at = $3, updated_by_id = $2
      WHERE id = $1`,
    [article.ticket_id, actor.user.id, now()],
  );
  await addHistory(db, {
    o_id: article.id,
    object: 'Ticket::Article',
    type: 'removed',
    related_object: 'Ticket',
    related_o_id: article.ticket_id,
    created_by_id: actor.user.id,
  });
  // A note gone is a change: the review rule counts from it.
  await recomputeEscalations(db, [article.ticket_id]);
}
