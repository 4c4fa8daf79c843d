/**
 * Outbound ticket mail: an agent's public article of type `email` is mailed to the customer (and
 * cc) by the worker, with threading headers, so a down SMTP server delays mail and loses none.
 * The article records what happened in Zammad's article preferences (`delivery_status`
 * `success` / `fail`, `delivery_retry`, `delivery_status_message`, `delivery_status_date`) and
 * its `message_id`, set before the first attempt so every retry sends the same Message-ID.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import type { Mailer } from '../../lib/mail.ts';
import { enqueue, type JobRow } from '../jobs.ts';
import type { Row } from '../shapes.ts';

export const MAIL_SEND_KIND = 'mail_send';
/** Attempts before a mail is given up (back-off 30 s, 1, 2, 4 … 32 min: about an hour). */
export const MAIL_MAX_ATTEMPTS = 8;
/** Zammad's ticket hook, written after the subject: "Subject [Ticket#31001]". */
export const TICKET_HOOK = 'Ticket#';

/** Queues the mail of a new article (the caller decided it is an agent's public e-mail). */
export async function queueArticleMail(db: Db, articleId: number): Promise<void> {
  await enqueue(db, MAIL_SEND_KIND, { article_id: articleId }, { maxAttempts: MAIL_MAX_ATTEMPTS });
}

interface MailArticle {
  id: number;
  ticket_id: number;
  number: string;
  title: string;
  customer_email: string | null;
  author: string | null;
  to: string | null;
  cc: string | null;
  subject: string | null;
  body: string;
  content_type: string;
  message_id: string | null;
  in_reply_to: string | null;
  preferences: Record<string, unknown>;
}

async function record(db: Db, articleId: number, prefs: Record<string, unknown>): Promise<void> {
  await db.query('UPDATE ticket_articles SET preferences = preferences || $2::jsonb WHERE id = $1', [
    articleId,
    JSON.stringify({ ...prefs, delivery_status_date: now().toISOString() }),
  ]);
}

/** The subject with the ticket hook after it (once). */
export function hookedSubject(subject: string, number: string): string {
  const hook = `[${TICKET_HOOK}${number}]`;
  return subject.includes(hook) ? subject : `${subject} ${hook}`.trim();
}

/** Plain text of a sanitised HTML body, for the text part. */
export function textOf(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d|blockquote|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The worker's job: sends one article's mail; a refusal is recorded and retried by the worker. */
export async function sendArticleMail(db: Db, mailer: Mailer, job: JobRow): Promise<Row> {
  const articleId = Number(job.payload.article_id);
  const a = await one<MailArticle>(
    db,
    `SELECT a.id, a.ticket_id, t.number, t.title, c.email AS customer_email,
            NULLIF(trim(concat_ws(' ', u.firstname, u.lastname)), '') AS author,
            a."to", a.cc, a.subject, a.body, a.content_type, a.message_id, a.in_reply_to, a.preferences
       FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id
       LEFT JOIN users c ON c.id = t.customer_id LEFT JOIN users u ON u.id = a.created_by_id AND u.id <> 1
      WHERE a.id = $1`,
    [articleId],
  );
  if (!a) return { skipped: 'the article no longer exists' };
  if (a.preferences.delivery_status === 'success') return { skipped: 'already sent' };
  const to = a.to?.trim() || a.customer_email?.trim() || '';
  const attempt = job.attempts + 1;
  if (!mailer.enabled || !to) {
    // Nothing a retry would change: said on the article at once.
    const message = !to
      ? 'No recipient: the article has no To and the customer no e-mail address.'
      : 'Not sent: the helpdesk has no outgoing mail server (SMTP_URL).';
    await record(db, a.id, {
      delivery_status: 'fail',
      delivery_retry: attempt,
      delivery_status_message: message,
    });
    return { sent: 0, failed: 1 };
  }
  // Threading: the whole conversation's Message-IDs, the last one (or the one answered) replied to.
  const earlier = await db.query<{ message_id: string }>(
    `SELECT message_id FROM ticket_articles
      WHERE ticket_id = $1 AND id < $2 AND message_id IS NOT NULL AND message_id <> '' ORDER BY id`,
    [a.ticket_id, a.id],
  );
  const references = earlier.map((r) => r.message_id).slice(-20);
  const inReplyTo = a.in_reply_to || references.at(-1);
  const domain = mailer.address.split('@')[1] || 'localhost';
  const messageId = a.message_id || `<${a.number}.${a.id}.${randomBytes(6).toString('hex')}@${domain}>`;
  const subject = hookedSubject(a.subject?.trim() || a.title, a.number);
  const fromName = `${a.author ?? 'Support'} via EOSC Helpdesk`;
  // Written before the first attempt: retries send the same Message-ID, and replies thread back.
  await db.query(
    `UPDATE ticket_articles SET message_id = $2, message_id_md5 = $3, "to" = $4, subject = $5,
            "from" = COALESCE("from", $6), in_reply_to = COALESCE(in_reply_to, $7), "references" = $8
      WHERE id = $1`,
    [
      a.id,
      messageId,
      createHash('md5').update(messageId).digest('hex'),
      to,
      subject,
      `${fromName} <${mailer.address}>`,
      inReplyTo ?? null,
      references.join(' ') || null,
    ],
  );
  const files = await db.query<{ filename: string; data: Buffer; content_type: string | null }>(
    `SELECT at.filename, f.data, at.preferences->>'Content-Type' AS content_type
       FROM attachments at JOIN store_files f ON f.id = at.store_file_id
      WHERE at.object = 'Ticket::Article' AND at.o_id = $1 ORDER BY at.id`,
    [a.id],
  );
  const html = a.content_type === 'text/html';
  try {
    await mailer.deliver({
      fromName,
      to,
      cc: a.cc ?? undefined,
      subject,
      text: html ? textOf(a.body) : a.body,
      html: html ? a.body : undefined,
      messageId,
      inReplyTo,
      references,
      attachments: files.map((f) => ({
        filename: f.filename,
        content: f.data,
        contentType: f.content_type ?? undefined,
      })),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const last = attempt >= job.max_attempts;
    await record(db, a.id, {
      delivery_retry: attempt,
      delivery_status_message: message.slice(0, 500),
      ...(last ? { delivery_status: 'fail' } : {}),
    });
    throw err;
  }
  await record(db, a.id, {
    delivery_status: 'success',
    delivery_retry: attempt,
    delivery_status_message: null,
  });
  return { sent: 1, to };
}
