/**
 * What the ticket view reads: everything at once (`all=true`), the history with its authors,
 * the links to tickets the caller may see, and an article's attachment.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { loadAttachment, type StoredAttachment } from '../articles/attachments.ts';
import { loadArticle, visibleArticles } from '../articles/change.ts';
import { articleAssets, ticketAssets, userAssets } from '../assets.ts';
import { ForbiddenError } from '../errors.ts';
import { ticketHistory } from '../history.ts';
import { type LinkView, listLinks } from '../links.ts';
import { mentionAssets, ticketMentions } from '../mentions.ts';
import type { Assets } from '../shapes.ts';
import { listTags } from '../tags.ts';
import { canRead, loadReadableTicket, seesInternal, type TicketRow } from '../ticket-access.ts';

/**
 * A ticket's links, minus those to tickets the caller cannot see, with the linked tickets'
 * assets. `ticketsOnly` drops links to other objects (knowledge-base answers).
 */
export async function visibleLinks(
  db: Db,
  actor: Actor,
  ticketId: number,
  assets: Assets,
  opts: { ticketsOnly: boolean },
): Promise<LinkView[]> {
  const out: LinkView[] = [];
  for (const link of await listLinks(db, 'Ticket', ticketId)) {
    if (link.link_object !== 'Ticket') {
      if (!opts.ticketsOnly) out.push(link);
      continue;
    }
    const other = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1', [link.link_object_value]);
    if (!other || !canRead(actor, other)) continue;
    await ticketAssets(db, actor, [other], assets);
    out.push(link);
  }
  return out;
}

/** `all=true`: everything the ticket zoom needs in one reply. */
export async function ticketAll(db: Db, actor: Actor, t: TicketRow) {
  const assets = await ticketAssets(db, actor, [t]);
  const articles = await visibleArticles(db, actor, t);
  await articleAssets(db, actor, articles, assets);
  const mentions = await ticketMentions(db, t.id);
  await mentionAssets(db, actor, mentions, assets);
  const links = await visibleLinks(db, actor, t.id, assets, { ticketsOnly: false });
  return {
    ticket_id: t.id,
    ticket_article_ids: articles.map((a) => a.id),
    assets,
    links,
    tags: await listTags(db, 'Ticket', t.id),
    mentions: mentions.map((m) => m.id),
    time_accountings: [],
    form_meta: {},
  };
}

/** `GET /ticket_history/:id`: the rows (internal articles' only for who sees them) and their authors. */
export async function ticketHistoryOf(db: Db, actor: Actor, ticketId: number) {
  const ticket = await loadReadableTicket(db, actor, ticketId);
  const history = await ticketHistory(db, ticket.id, {
    includeInternalArticles: seesInternal(actor, ticket),
  });
  const assets = await ticketAssets(db, actor, [ticket]);
  await userAssets(
    db,
    actor,
    history.map((h) => h.created_by_id),
    assets,
  );
  return { history, assets };
}

/** An article's attachment, when the caller may read the ticket, the article and the file. */
export async function articleAttachment(
  db: Db,
  actor: Actor,
  ids: { ticket: number; article: number; attachment: number },
): Promise<StoredAttachment> {
  const ticket = await loadReadableTicket(db, actor, ids.ticket);
  const article = await loadArticle(db, ids.article);
  if (article.ticket_id !== ticket.id) throw new ForbiddenError();
  if (article.internal && !seesInternal(actor, ticket)) throw new ForbiddenError();
  const att = await loadAttachment(db, ids.attachment);
  if (att.object !== 'Ticket::Article' || att.o_id !== article.id) throw new ForbiddenError();
  return att;
}
