import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { ApiError } from '../lib/errors.ts';
import { type Actor, isAgent } from './actor.ts';
import { mentionFromArticle } from './article-mentions.ts';
import { addHistory } from './history.ts';
import { resolveRef } from './lookups.ts';
import { sanitizeHtml } from './sanitize.ts';
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
    const compact = (att.data as string).replace(/\s+/g, '');
    if (!BASE64.test(att.data as string) || compact.length % 4 === 1) {
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
  opts: { first?: boolean } = {},
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
  // HTML bodies are sanitised; `data:` images become inline attachments, stored below once the
  // article has an id, their `src` pointing at a placeholder until then.
  const inlineImages: { cid: string; mime: string; data: Buffer }[] = [];
  let body = String(input.body);
  if (contentType === 'text/html') {
    body = sanitizeHtml(body, {
      inlineImage: (mime, data) => {
        const cid = `${randomBytes(12).toString('hex')}@desk.inline`;
        inlineImages.push({ cid, mime, data });
        return `cid:${cid}`;
      },
    });
  }
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
      body,
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
  if (inlineImages.length > 0) {
    for (const [i, img] of inlineImages.entries()) {
      const fileId = await storeFile(db, img.data);
      const ext = img.mime.split('/')[1] ?? 'bin';
      const att = (await one<{ id: number }>(
        db,
        `INSERT INTO attachments (object, o_id, filename, size, preferences, store_file_id, created_by_id)
         VALUES ('Ticket::Article', $1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          article.id,
          `image${i + 1}.${ext}`,
          img.data.length,
          JSON.stringify({
            'Mime-Type': img.mime,
            'Content-Type': img.mime,
            'Content-ID': img.cid,
            'Content-Disposition': 'inline',
          }),
          fileId,
          actor.user.id,
        ],
      )) as { id: number };
      body = body.replaceAll(
        `cid:${img.cid}`,
        `/api/v1/ticket_attachment/${ticket.id}/${article.id}/${att.id}?view=inline`,
      );
    }
    await db.query('UPDATE ticket_articles SET body = $2 WHERE id = $1', [article.id, body]);
    article.body = body;
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
  await addHistory(db, {
    o_id: article.id,
    object: 'Ticket::Article',
    type: 'created',
    related_object: 'Ticket',
    related_o_id: ticket.id,
    created_by_id: actor.user.id,
  });
  if (contentType === 'text/html') await mentionFromArticle(db, actor, ticket.id, body);
  // A public reply by an agent on a ticket still `new` moves it to the follow-up state (`open`).
  if (!opts.first && senderId === 1 && !internal && type?.communication) {
    const state = await one<{ type: string }>(
      db,
      `SELECT st.name AS type FROM tickets t JOIN ticket_states s ON s.id = t.state_id
         JOIN ticket_state_types st ON st.id = s.state_type_id WHERE t.id = $1`,
      [ticket.id],
    );
    const followUp = await one<{ id: number; name: string }>(
      db,
      'SELECT id, name FROM ticket_states WHERE default_follow_up AND active ORDER BY id LIMIT 1',
    );
    if (state?.type === 'new' && followUp) {
      const from = await one<{ id: number; name: string }>(
        db,
        'SELECT s.id, s.name FROM tickets t JOIN ticket_states s ON s.id = t.state_id WHERE t.id = $1',
        [ticket.id],
      );
      await db.query('UPDATE tickets SET state_id = $2 WHERE id = $1', [ticket.id, followUp.id]);
      await addHistory(db, {
        o_id: ticket.id,
        object: 'Ticket',
        type: 'updated',
        attribute: 'state',
        value_from: from?.name ?? null,
        value_to: followUp.name,
        id_from: from?.id ?? null,
        id_to: followUp.id,
        created_by_id: actor.user.id,
      });
    }
  }
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

/** `PUT /ticket_articles/:id`: only `internal` and `preferences.highlight` are writable. */
export async function updateArticle(
  db: Db,
  actor: Actor,
  article: ArticleRow,
  input: Record<string, unknown>,
): Promise<ArticleRow> {
  const sets: string[] = [];
  const values: unknown[] = [article.id];
  if (input.internal !== undefined && input.internal !== null) {
    values.push(
      input.internal === true ||
        input.internal === 'true' ||
        input.internal === '1' ||
        input.internal === 't',
    );
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
  const age = (Date.now() - new Date(article.created_at as Date).getTime()) / 1000;
  return age <= frame;
}

export async function deleteArticle(db: Db, actor: Actor, article: ArticleRow): Promise<void> {
  await db.query(`DELETE FROM attachments WHERE object = 'Ticket::Article' AND o_id = $1`, [article.id]);
  await db.query('DELETE FROM ticket_articles WHERE id = $1', [article.id]);
  await db.query(
    `UPDATE tickets SET article_count = GREATEST(article_count - 1, 0), updated_at = now(), updated_by_id = $2
      WHERE id = $1`,
    [article.ticket_id, actor.user.id],
  );
  await addHistory(db, {
    o_id: article.id,
    object: 'Ticket::Article',
    type: 'removed',
    related_object: 'Ticket',
    related_o_id: article.ticket_id,
    created_by_id: actor.user.id,
  });
}
