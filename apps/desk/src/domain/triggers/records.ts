/**
 * The ticket (and article) a trigger acts on, with what hangs off it, loaded once: rendered into
 * mail templates (`templateContext`) and into Zammad's default webhook payload
 * (`webhookPayload`, TriggerWebhookJob::RecordPayload's shape: the record's attributes, the names
 * of its references, and the referenced records; users without password and preferences).
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { textOf } from '../mail/outbound.ts';
import type { Row } from '../shapes.ts';
import { configValues } from './config.ts';
import { Raw, type TemplateContext, type TemplateValue } from './template.ts';

/** User attributes a payload or template never carries (Zammad's USER_ATTRIBUTE_BLACKLIST). */
const USER_HIDDEN = ['password', 'preferences', 'last_login', 'login_failed'];

export interface TicketRecords {
  ticket: Row;
  state: Row | null;
  priority: Row | null;
  group: Row | null;
  organization: Row | null;
  owner: Row | null;
  customer: Row | null;
  createdBy: Row | null;
  updatedBy: Row | null;
  article: Row | null;
  articleType: string | null;
  articleSender: string | null;
  articleCreatedBy: Row | null;
  articleUpdatedBy: Row | null;
  attachments: Row[];
}

async function record(db: Db, table: string, id: unknown): Promise<Row | null> {
  if (id === null || id === undefined) return null;
  // `table` comes from the fixed calls below, never from input.
  const row = await one<Row>(db, `SELECT * FROM ${table} WHERE id = $1`, [id]);
  if (!row) return null;
  if (table === 'users') for (const k of USER_HIDDEN) delete row[k];
  return row;
}

export async function loadRecords(
  db: Db,
  ticketId: number,
  articleId: number | null,
): Promise<TicketRecords | undefined> {
  const ticket = await record(db, 'tickets', ticketId);
  if (!ticket) return undefined;
  const article = articleId ? await record(db, 'ticket_articles', articleId) : null;
  const names = article
    ? await one<{ type: string; sender: string }>(
        db,
        `SELECT ty.name AS type, se.name AS sender FROM ticket_article_types ty, ticket_article_senders se
          WHERE ty.id = $1 AND se.id = $2`,
        [article.type_id, article.sender_id],
      )
    : undefined;
  return {
    ticket,
    state: await record(db, 'ticket_states', ticket.state_id),
    priority: await record(db, 'ticket_priorities', ticket.priority_id),
    group: await record(db, 'groups', ticket.group_id),
    organization: await record(db, 'organizations', ticket.organization_id),
    owner: await record(db, 'users', ticket.owner_id),
    customer: await record(db, 'users', ticket.customer_id),
    createdBy: await record(db, 'users', ticket.created_by_id),
    updatedBy: await record(db, 'users', ticket.updated_by_id),
    article,
    articleType: names?.type ?? null,
    articleSender: names?.sender ?? null,
    articleCreatedBy: article ? await record(db, 'users', article.created_by_id) : null,
    articleUpdatedBy: article ? await record(db, 'users', article.updated_by_id) : null,
    attachments: article
      ? await db.query<Row>(
          `SELECT id, filename, size, preferences FROM attachments
            WHERE object = 'Ticket::Article' AND o_id = $1 ORDER BY id`,
          [article.id],
        )
      : [],
  };
}

const name = (r: Row | null) => (r ? (r.name as string) : null);
const fullName = (u: Row | null) => (u ? `${u.firstname} ${u.lastname}`.trim() || (u.login as string) : null);

/** Zammad's default webhook payload: `{ticket: {...}, article: {...}}`. */
export function webhookPayload(
  r: TicketRecords,
  apiBase: string,
): { ticket: Row; article: Row | Record<string, never> } {
  const ticket: Row = {
    ...r.ticket,
    state: name(r.state),
    priority: r.priority ?? {},
    group: r.group ?? {},
    organization: r.organization ?? {},
    owner: r.owner ?? {},
    customer: r.customer ?? {},
    created_by: r.createdBy ?? {},
    updated_by: r.updatedBy ?? {},
  };
  if (!r.article) return { ticket, article: {} };
  const a = r.article;
  const article: Row = {
    ...a,
    type: r.articleType,
    sender: r.articleSender,
    created_by: r.articleCreatedBy ?? {},
    updated_by: r.articleUpdatedBy ?? {},
    attachments: r.attachments.map((at) => ({
      ...at,
      url: `${apiBase}/ticket_attachment/${a.ticket_id}/${a.id}/${at.id}`,
    })),
    accounted_time: Number(a.time_unit ?? 0),
  };
  return { ticket, article };
}

function userContext(u: Row | null): TemplateContext | null {
  if (!u) return null;
  return { ...(u as TemplateContext), fullname: fullName(u) };
}

/** What `#{…}` placeholders see: `ticket.*` (with state, owner, customer...), `article.*`, `config.*`. */
export function templateContext(r: TicketRecords): TemplateContext {
  const ticket: TemplateContext = {
    ...(r.ticket as Record<string, TemplateValue>),
    state: r.state as TemplateContext | null,
    priority: r.priority as TemplateContext | null,
    group: r.group as TemplateContext | null,
    organization: r.organization as TemplateContext | null,
    owner: userContext(r.owner),
    customer: userContext(r.customer),
    created_by: userContext(r.createdBy),
    updated_by: userContext(r.updatedBy),
  };
  let article: TemplateContext | null = null;
  if (r.article) {
    const a = r.article;
    const html = a.content_type === 'text/html';
    const body = String(a.body ?? '');
    const plain = html ? textOf(body) : body;
    const asHtml = html ? body : plainToHtml(body);
    article = {
      ...(a as Record<string, TemplateValue>),
      body: plain,
      body_as_text: plain,
      body_as_html: new Raw(asHtml, plain),
      type: { name: r.articleType },
      sender: { name: r.articleSender },
      created_by: userContext(r.articleCreatedBy),
      updated_by: userContext(r.articleUpdatedBy),
    };
  }
  return { ticket, article, config: configValues() };
}

/** A plain-text body as safe HTML: escaped, line breaks kept. */
function plainToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return escaped.replace(/\r?\n/g, '<br>');
}
