import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError } from '../lib/errors.ts';
import { type Actor, isAgent } from './actor.ts';
import { resolveRef } from './lookups.ts';
import { nameMaps, userLogins } from './serialize.ts';

export interface ArticleRow {
  id: number;
  ticket_id: number;
  type_id: number;
  sender_id: number;
  internal: boolean;
  created_by_id: number;
  updated_by_id: number;
  [key: string]: unknown;
}

interface AttachmentInput {
  filename: string;
  data: string;
  'mime-type': string;
  charset?: string;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

function parseAttachments(raw: unknown): AttachmentInput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ApiError(422, "Invalid value for param 'attachments'");
  return raw.map((a) => {
    if (!a || typeof a !== 'object') throw new ApiError(422, "Invalid value for param 'attachments'");
    const att = a as Record<string, unknown>;
    for (const key of ['filename', 'data', 'mime-type']) {
      if (typeof att[key] !== 'string' || att[key] === '') {
        throw new ApiError(
          422,
          `Attachment needs '${key}' param for attachment with index '${raw.indexOf(a)}'`,
        );
      }
    }
    if (!BASE64.test(att.data as string)) {
      throw new ApiError(422, `Invalid base64 for attachment with index '${raw.indexOf(a)}'`);
    }
    return att as unknown as AttachmentInput;
  });
}

export async function storeFile(db: Db, data: Buffer): Promise<number> {
  const sha = createHash('sha256').update(data).digest('hex');
  const existing = await one<{ id: number }>(db, 'SELECT id FROM store_files WHERE sha = $1', [sha]);
  if (existing) return existing.id;
  const row = await one<{ id: number }>(
    db,
    'INSERT INTO store_files (sha, data) VALUES ($1, $2) ON CONFLICT (sha) DO UPDATE SET sha = EXCLUDED.sha RETURNING id',
    [sha, data],
  );
  return (row as { id: number }).id;
}

function displayName(u: { firstname: string; lastname: string; login: string; email: string }): string {
  const name = `${u.firstname} ${u.lastname}`.trim();
  return name || u.email || u.login;
}

/**
 * Creates an article on a ticket the caller may write to (checked by the caller).
 * Applies Zammad's rules for non-agents: sender Customer, never internal, type note or web.
 */
export async function createArticle(
  db: Db,
  actor: Actor,
  ticket: { id: number; customer_id: number },
  input: Record<string, unknown>,
): Promise<ArticleRow> {
  if (input.body === undefined || input.body === null)
    throw new ApiError(422, "Need at least an 'article body' field.");
  const agent = isAgent(actor);
  let typeId = (await resolveRef(db, input, 'type')) ?? 10;
  let senderId = (await resolveRef(db, input, 'sender')) ?? (agent ? 1 : 2);
  let internal = input.internal === true || input.internal === 'true' || input.internal === '1';
  let originById: number | null = null;
  if (!agent) {
    senderId = 2;
    internal = false;
    if (typeId !== 10 && typeId !== 11) typeId = 10;
  } else if (input.origin_by_id !== undefined && input.origin_by_id !== null && input.origin_by_id !== '') {
    originById = Number(input.origin_by_id);
    senderId = 2;
  }
  const contentType = input.content_type === 'text/html' ? 'text/html' : 'text/plain';
  const attachments = parseAttachments(input.attachments);
  const authorId = originById ?? actor.user.id;
  const author = await one<{ firstname: string; lastname: string; login: string; email: string }>(
    db,
    'SELECT firstname, lastname, login, email FROM users WHERE id = $1',
    [authorId],
  );
  if (!author) throw new ApiError(422, `Invalid value for param 'origin_by_id': ${originById}`);
  let from = typeof input.from === 'string' && agent ? input.from : displayName(author);
  if (senderId === 2 && (typeId === 11 || typeId === 5) && author.email)
    from = `${displayName(author)} <${author.email}>`;
  const subject = typeof input.subject === 'string' ? input.subject.replace(/\s+/g, ' ') : null;
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : null);
  const preferences =
    input.preferences && typeof input.preferences === 'object' && !Array.isArray(input.preferences) && agent
      ? input.preferences
      : {};
  const timeUnit =
    input.time_unit !== undefined && input.time_unit !== null && input.time_unit !== ''
      ? String(input.time_unit)
      : null;

  const row = await one<ArticleRow>(
    db,
    `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", "to", cc, subject, reply_to, in_reply_to,
       content_type, body, internal, preferences, origin_by_id, time_unit, created_by_id, updated_by_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16) RETURNING *`,
    [
      ticket.id,
      typeId,
      senderId,
      from,
      str('to'),
      str('cc'),
      subject,
      str('reply_to'),
      str('in_reply_to'),
      contentType,
      String(input.body),
      internal,
      JSON.stringify(preferences),
      originById,
      timeUnit,
      actor.user.id,
    ],
  );
  const article = row as ArticleRow;
  for (const att of attachments) {
    const data = Buffer.from(att.data, 'base64');
    const fileId = await storeFile(db, data);
    const mime = att['mime-type'];
    await db.query(
      `INSERT INTO attachments (object, o_id, filename, size, preferences, store_file_id, created_by_id)
       VALUES ('Ticket::Article', $1, $2, $3, $4, $5, $6)`,
      [
        article.id,
        att.filename,
        data.length,
        JSON.stringify({
          'Mime-Type': mime,
          'Content-Type': att.charset ? `${mime}; charset=${att.charset}` : mime,
          ...(att.charset ? { Charset: att.charset } : {}),
        }),
        fileId,
        actor.user.id,
      ],
    );
  }
  const type = await one<{ communication: boolean }>(
    db,
    'SELECT communication FROM ticket_article_types WHERE id = $1',
    [typeId],
  );
  await db.query(
    `UPDATE tickets SET article_count = article_count + 1,
        last_contact_at = CASE WHEN $2 AND NOT $3 THEN now() ELSE last_contact_at END,
        last_contact_customer_at = CASE WHEN $2 AND NOT $3 AND $4 = 2 THEN now() ELSE last_contact_customer_at END,
        last_contact_agent_at = CASE WHEN $2 AND NOT $3 AND $4 = 1 THEN now() ELSE last_contact_agent_at END,
        first_response_at = CASE WHEN $2 AND NOT $3 AND $4 = 1 AND first_response_at IS NULL THEN now() ELSE first_response_at END,
        updated_at = now(), updated_by_id = $5
      WHERE id = $1`,
    [ticket.id, type?.communication ?? false, internal, senderId, actor.user.id],
  );
  await db.query(
    `INSERT INTO histories (o_id, object, type, related_object, related_o_id, created_by_id)
     VALUES ($1, 'Ticket::Article', 'created', 'Ticket', $2, $3)`,
    [article.id, ticket.id, actor.user.id],
  );
  return article;
}

/** Articles always carry names and attachments (Zammad's show, by_ticket and create). */
export async function serializeArticles(db: Db, rows: ArticleRow[]): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const names = await nameMaps(db);
  const logins = await userLogins(
    db,
    rows.flatMap((r) => [r.created_by_id, r.updated_by_id]),
  );
  const atts = await db.query<{
    id: number;
    o_id: number;
    filename: string;
    size: number;
    preferences: Record<string, unknown>;
    store_file_id: number;
  }>(
    `SELECT id, o_id, filename, size, preferences, store_file_id FROM attachments
      WHERE object = 'Ticket::Article' AND o_id = ANY($1) ORDER BY id`,
    [rows.map((r) => r.id)],
  );
  const byArticle = new Map<number, Record<string, unknown>[]>();
  for (const a of atts) {
    const list = byArticle.get(a.o_id) ?? [];
    list.push({
      id: a.id,
      filename: a.filename,
      size: String(a.size),
      preferences: a.preferences,
      store_file_id: a.store_file_id,
    });
    byArticle.set(a.o_id, list);
  }
  return rows.map((r) => ({
    ...r,
    type: names.type.get(r.type_id),
    sender: names.sender.get(r.sender_id),
    created_by: logins.get(r.created_by_id),
    updated_by: logins.get(r.updated_by_id),
    attachments: byArticle.get(r.id) ?? [],
  }));
}
