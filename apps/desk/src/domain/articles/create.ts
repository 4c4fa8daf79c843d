/**
 * Creating a ticket article (REFERENCE §3.2): the body sanitised, `data:` images and base64
 * attachments stored, the ticket's counters touched, mentions subscribed, and a `new` ticket
 * moved on by an agent's public reply.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { type Actor, isAgent } from '../actor.ts';
import type { ArticleRow } from '../article-shapes.ts';
import { InvalidError } from '../errors.ts';
import { addHistory } from '../history.ts';
import { queueArticleMail } from '../mail/outbound.ts';
import { mentionFromArticle } from '../mentions.ts';
import { resolveRef } from '../references.ts';
import { sanitizeHtml } from '../sanitize.ts';
import type { Row } from '../shapes.ts';
import { attach, parseAttachments } from './attachments.ts';

/**
 * What the e-mail channel knows of an article that came in by mail. A symbol key: it can never
 * come from a request body (JSON has no symbols), only from the desk's own inbound processor.
 */
export const CHANNEL_ORIGIN = Symbol('channel origin');
export interface ChannelOrigin {
  /** Sender: Customer (2) for mail from customers, System (3) for bounces. */
  senderId: number;
  internal: boolean;
  /** The mail's From header as received. */
  from: string;
  messageId: string | null;
  references: string | null;
  preferences: Row;
}

/** An article as sent: `internal` already cast (http/input.ts); type and sender by id or name. */
export interface ArticleInput extends Row {
  [CHANNEL_ORIGIN]?: ChannelOrigin;
  body?: unknown;
  internal?: boolean | null;
  content_type?: unknown;
  origin_by_id?: unknown;
  from?: unknown;
  subject?: unknown;
  preferences?: unknown;
  time_unit?: unknown;
  attachments?: unknown;
}

// Zammad's fixed ids: sender Agent 1, Customer 2; type note 10, web 11, email 1, phone 5.
const AGENT = 1;
const CUSTOMER = 2;
const NOTE = 10;
const WEB = 11;
const EMAIL = 1;

interface Who {
  typeId: number;
  senderId: number;
  internal: boolean;
  originById: number | null;
}

/** Type, sender and visibility. Non-agents write as Customer, never internal, note or web only. */
async function whoAndHow(db: Db, actor: Actor, input: ArticleInput): Promise<Who> {
  const channel = input[CHANNEL_ORIGIN];
  if (channel)
    return { typeId: EMAIL, senderId: channel.senderId, internal: channel.internal, originById: null };
  const agent = isAgent(actor);
  const typeId = (await resolveRef(db, input, 'type')) ?? NOTE;
  const senderId = (await resolveRef(db, input, 'sender')) ?? (agent ? AGENT : CUSTOMER);
  const internal = input.internal === true;
  if (!agent)
    return {
      typeId: typeId === NOTE || typeId === WEB ? typeId : NOTE,
      senderId: CUSTOMER,
      internal: false,
      originById: null,
    };
  const origin = input.origin_by_id;
  // An agent may write on a customer's behalf (a phone call): the article is the customer's.
  if (origin !== undefined && origin !== null && origin !== '')
    return { typeId, senderId: CUSTOMER, internal, originById: Number(origin) };
  return { typeId, senderId, internal, originById: null };
}

interface Author {
  firstname: string;
  lastname: string;
  login: string;
  email: string;
}

function displayName(u: Author): string {
  const name = `${u.firstname} ${u.lastname}`.trim();
  return name || u.email || u.login;
}

/** `from`: as sent by an agent, else the author's name; a customer's e-mail or web article adds the address. */
async function fromLine(db: Db, actor: Actor, input: ArticleInput, who: Who): Promise<string> {
  const channel = input[CHANNEL_ORIGIN];
  if (channel) return channel.from;
  const author = await one<Author>(db, 'SELECT firstname, lastname, login, email FROM users WHERE id = $1', [
    who.originById ?? actor.user.id,
  ]);
  if (!author) throw new InvalidError(`Invalid value for param 'origin_by_id': ${who.originById}`);
  if (who.senderId === CUSTOMER && (who.typeId === WEB || who.typeId === 5) && author.email)
    return `${displayName(author)} <${author.email}>`;
  return typeof input.from === 'string' && isAgent(actor) ? input.from : displayName(author);
}

interface InlineImage {
  cid: string;
  mime: string;
  data: Buffer;
}

/**
 * HTML bodies are sanitised; `data:` images become inline attachments, stored once the article
 * has an id, their `src` pointing at a placeholder until then.
 */
function cleanBody(input: ArticleInput): { contentType: string; body: string; images: InlineImage[] } {
  const contentType = input.content_type === 'text/html' ? 'text/html' : 'text/plain';
  const images: InlineImage[] = [];
  if (contentType !== 'text/html') return { contentType, body: String(input.body), images };
  const body = sanitizeHtml(String(input.body), {
    inlineImage: (mime, data) => {
      const cid = `${randomBytes(12).toString('hex')}@desk.inline`;
      images.push({ cid, mime, data });
      return `cid:${cid}`;
    },
  });
  return { contentType, body, images };
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

async function insertArticle(
  db: Db,
  actor: Actor,
  ticketId: number,
  input: ArticleInput,
  fields: Who & { from: string; contentType: string; body: string },
): Promise<ArticleRow> {
  const agent = isAgent(actor);
  const channel = input[CHANNEL_ORIGIN];
  const prefs = input.preferences;
  const preferences = channel
    ? channel.preferences
    : prefs && typeof prefs === 'object' && !Array.isArray(prefs) && agent
      ? prefs
      : {};
  const timeUnit = input.time_unit !== undefined && input.time_unit !== null && input.time_unit !== '';
  // A mail's own Message-ID (importers, the e-mail channel): what replies thread by. Agents only.
  const messageId = channel ? channel.messageId : agent ? str(input.message_id) : null;
  return (await one<ArticleRow>(
    db,
    `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", "to", cc, subject, reply_to, in_reply_to,
       content_type, body, internal, preferences, origin_by_id, time_unit, created_by_id, updated_by_id,
       created_at, updated_at, message_id, message_id_md5, "references")
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16,$17,$17,$18,
             CASE WHEN $18::text IS NULL THEN NULL ELSE md5($18::text) END, $19) RETURNING *`,
    [
      ticketId,
      fields.typeId,
      fields.senderId,
      fields.from,
      str(input.to),
      str(input.cc),
      typeof input.subject === 'string' ? input.subject.replace(/\s+/g, ' ') : null,
      str(input.reply_to),
      str(input.in_reply_to),
      fields.contentType,
      fields.body,
      fields.internal,
      JSON.stringify(preferences),
      fields.originById,
      timeUnit ? String(input.time_unit) : null,
      actor.user.id,
      now(),
      messageId,
      channel?.references ?? null,
    ],
  )) as ArticleRow;
}

async function storeAttachments(
  db: Db,
  actor: Actor,
  article: ArticleRow,
  input: ArticleInput,
): Promise<void> {
  for (const att of parseAttachments(input.attachments)) {
    const mime = att['mime-type'];
    const preferences = {
      'Mime-Type': mime,
      'Content-Type': att.charset ? `${mime}; charset=${att.charset}` : mime,
      ...(att.charset ? { Charset: att.charset } : {}),
    };
    const data = Buffer.from(att.data, 'base64');
    await attach(
      db,
      { object: 'Ticket::Article', id: article.id },
      { filename: att.filename, data, preferences },
      actor.user.id,
    );
  }
}

/** Stores the body's inline images and points their `src` at the attachment download. */
async function storeInlineImages(
  db: Db,
  actor: Actor,
  article: ArticleRow,
  images: InlineImage[],
): Promise<void> {
  if (images.length === 0) return;
  let body = article.body as string;
  for (const [i, img] of images.entries()) {
    const id = await attach(
      db,
      { object: 'Ticket::Article', id: article.id },
      {
        filename: `image${i + 1}.${img.mime.split('/')[1] ?? 'bin'}`,
        data: img.data,
        preferences: {
          'Mime-Type': img.mime,
          'Content-Type': img.mime,
          'Content-ID': img.cid,
          'Content-Disposition': 'inline',
        },
      },
      actor.user.id,
    );
    body = body.replaceAll(
      `cid:${img.cid}`,
      `/api/v1/ticket_attachment/${article.ticket_id}/${article.id}/${id}?view=inline`,
    );
  }
  await db.query('UPDATE ticket_articles SET body = $2 WHERE id = $1', [article.id, body]);
  article.body = body;
}

/**
 * The ticket's article count and contact times (public communication only), as Zammad's
 * HasTicketContactAttributesImpact with its default `check_if_agent_already_replied`: an
 * agent's message is a contact (and the first one the first response); a customer's message
 * starts a new customer contact only after an agent's, so `last_contact_customer_at` is when
 * the customer began waiting. Times are the article's.
 */
async function touchTicket(db: Db, actor: Actor, article: ArticleRow, communication: boolean): Promise<void> {
  const customerWaitStarts = `(last_contact_customer_at IS NULL OR last_contact_agent_at IS NULL
          OR last_contact_agent_at > last_contact_customer_at)
        AND NOT (last_contact_customer_at IS NOT NULL AND last_contact_customer_at = last_contact_at)`;
  await db.query(
    `UPDATE tickets SET article_count = article_count + 1,
        last_contact_at = CASE WHEN $2 AND NOT $3 AND ($4 = 1 OR ($4 = 2 AND ${customerWaitStarts}))
                               THEN $6 ELSE last_contact_at END,
        last_contact_customer_at = CASE WHEN $2 AND NOT $3 AND $4 = 2 AND ${customerWaitStarts}
                                        THEN $6 ELSE last_contact_customer_at END,
        last_contact_agent_at = CASE WHEN $2 AND NOT $3 AND $4 = 1 THEN $6 ELSE last_contact_agent_at END,
        first_response_at = CASE WHEN $2 AND NOT $3 AND $4 = 1 AND first_response_at IS NULL THEN $6 ELSE first_response_at END,
        updated_at = $6, updated_by_id = $5
      WHERE id = $1`,
    [
      article.ticket_id,
      communication,
      article.internal,
      article.sender_id,
      actor.user.id,
      article.created_at,
    ],
  );
}

/** A public reply by an agent on a ticket still `new` moves it to the follow-up state (`open`). */
async function moveOnFromNew(db: Db, actor: Actor, ticketId: number): Promise<void> {
  const state = await one<{ id: number; name: string; type: string }>(
    db,
    `SELECT s.id, s.name, st.name AS type FROM tickets t JOIN ticket_states s ON s.id = t.state_id
       JOIN ticket_state_types st ON st.id = s.state_type_id WHERE t.id = $1`,
    [ticketId],
  );
  const followUp = await one<{ id: number; name: string }>(
    db,
    'SELECT id, name FROM ticket_states WHERE default_follow_up AND active ORDER BY id LIMIT 1',
  );
  if (state?.type !== 'new' || !followUp) return;
  await db.query('UPDATE tickets SET state_id = $2, updated_at = $3 WHERE id = $1', [
    ticketId,
    followUp.id,
    now(),
  ]);
  await addHistory(db, {
    o_id: ticketId,
    object: 'Ticket',
    type: 'updated',
    attribute: 'state',
    value_from: state.name,
    value_to: followUp.name,
    id_from: state.id,
    id_to: followUp.id,
    created_by_id: actor.user.id,
  });
}

/**
 * Creates an article on a ticket the caller may write to (checked by the caller). `first`: the
 * ticket's own first article, which never moves its state.
 */
export async function createArticle(
  db: Db,
  actor: Actor,
  ticket: { id: number },
  input: ArticleInput,
  opts: { first?: boolean; noMail?: boolean } = {},
): Promise<ArticleRow> {
  if (input.body === undefined || input.body === null)
    throw new InvalidError("Need at least an 'article body' field.");
  const who = await whoAndHow(db, actor, input);
  const { contentType, body, images } = cleanBody(input);
  parseAttachments(input.attachments);
  const from = await fromLine(db, actor, input, who);
  const article = await insertArticle(db, actor, ticket.id, input, { ...who, from, contentType, body });
  await storeAttachments(db, actor, article, input);
  await storeInlineImages(db, actor, article, images);
  const type = await one<{ communication: boolean }>(
    db,
    'SELECT communication FROM ticket_article_types WHERE id = $1',
    [who.typeId],
  );
  await touchTicket(db, actor, article, type?.communication ?? false);
  await addHistory(db, {
    o_id: article.id,
    object: 'Ticket::Article',
    type: 'created',
    related_object: 'Ticket',
    related_o_id: ticket.id,
    created_by_id: actor.user.id,
  });
  if (contentType === 'text/html') await mentionFromArticle(db, actor, ticket.id, article.body as string);
  if (!opts.first && who.senderId === AGENT && !who.internal && type?.communication)
    await moveOnFromNew(db, actor, ticket.id);
  // An agent's public e-mail goes out through the worker (domain/mail/outbound.ts).
  if (who.typeId === EMAIL && who.senderId === AGENT && !who.internal && !opts.noMail)
    await queueArticleMail(db, article.id);
  return article;
}
