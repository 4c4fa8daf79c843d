/**
 * The forward job: mails a forward article to the provider's list (the user's text and files,
 * `[Ticket#N]` in the subject, `Reply-To` the support address, thread headers) and records the
 * delivery on the article as the outbound mail does (`delivery_status` …). The first success
 * tells the customer where the request went (a public System e-mail, mailed by the outbound
 * job). A refusal is retried; a permanent one (5xx) or the last attempt marks the forward failed,
 * says the server's reason on the ticket and alerts the first line. Nothing is lost: the ticket,
 * its text and the failed forward stay, and the first line can re-send or take it over.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import type { Mailer } from '../../lib/mail.ts';
import type { JobRow } from '../jobs.ts';
import { queueArticleMail, textOf } from '../mail/outbound.ts';
import type { Row } from '../shapes.ts';
import { alertFirstLine, insertSystemArticle, supportAddress } from './model.ts';

interface ForwardArticle {
  id: number;
  ticket_id: number;
  number: string;
  group_id: number;
  customer_id: number;
  customer_email: string | null;
  customer_name: string | null;
  to: string;
  subject: string;
  body: string;
  content_type: string;
  message_id: string | null;
  preferences: Record<string, unknown> & { eosc_redirect?: Row };
}

async function record(db: Db, articleId: number, prefs: Record<string, unknown>): Promise<void> {
  await db.query('UPDATE ticket_articles SET preferences = preferences || $2::jsonb WHERE id = $1', [
    articleId,
    JSON.stringify({ ...prefs, delivery_status_date: now().toISOString() }),
  ]);
}

async function files(db: Db, articleId: number) {
  const rows = await db.query<{ filename: string; data: Buffer; content_type: string | null }>(
    `SELECT at.filename, f.data, at.preferences->>'Content-Type' AS content_type
       FROM attachments at JOIN store_files f ON f.id = at.store_file_id
      WHERE at.object = 'Ticket::Article' AND at.o_id = $1 ORDER BY at.id`,
    [articleId],
  );
  return rows.map((f) => ({
    filename: f.filename,
    content: f.data,
    contentType: f.content_type ?? undefined,
  }));
}

/** A 5xx answer (550 no such list, 552, 554 …): retrying will not help. */
function permanent(err: unknown): boolean {
  const code = Number((err as { responseCode?: number }).responseCode);
  return code >= 500 && code < 600;
}

/** The customer hears once where the request went (portal and mail). */
async function tellCustomer(db: Db, a: ForwardArticle, mailer: Mailer): Promise<void> {
  const r = a.preferences.eosc_redirect ?? {};
  if (Number(r.forward ?? 1) !== 1 || r.follow_up || !a.customer_email) return;
  const service = await one<{ name: string }>(db, 'SELECT name FROM eosc_services WHERE key = $1', [
    String(r.service ?? ''),
  ]);
  const team = String(r.provider || service?.name || 'the provider');
  const body = [
    `Dear ${a.customer_name || a.customer_email},`,
    '',
    `your request ${a.number} about ${service?.name ?? 'the service'} was forwarded to the mailing list of ${team} (${a.to}), the people who support this service directly.`,
    'Their answer reaches you here and by e-mail. You can add to your request by replying to this mail or in the helpdesk portal.',
    '',
    `Your request: ${mailer.publicUrl}/tickets/${a.ticket_id}`,
    '',
    'EOSC Helpdesk',
  ].join('\n');
  const id = await insertSystemArticle(db, {
    ticketId: a.ticket_id,
    type: 'email',
    internal: false,
    from: `EOSC Helpdesk <${mailer.address}>`,
    to: a.customer_email,
    subject: `Your request was forwarded to ${team}`,
    body,
    preferences: { eosc_redirect: { notice: 'forwarded', mailing_list: a.to } },
  });
  await queueArticleMail(db, id);
}

/** After the last refusal: the forward failed, the ticket says why, the first line is told. */
async function failed(db: Db, a: ForwardArticle, message: string): Promise<void> {
  // The forward itself fails the redirection; a follow-up's failure is told all the same.
  await db.query(
    `UPDATE ticket_redirects SET status = 'failed', updated_at = $2
      WHERE ticket_id = $1 AND article_id = $3 AND status IN ('forwarding', 'forwarded')`,
    [a.ticket_id, now(), a.id],
  );
  await alertFirstLine(
    db,
    a.ticket_id,
    `The forward to ${a.to} was not delivered. The mail server said: ${message}\nRe-send it (after checking the address) or take the ticket over.`,
    'forward_failed',
  );
}

/** The worker's `redirect_forward` job. */
export async function sendForward(db: Db, mailer: Mailer, job: JobRow): Promise<Row> {
  const articleId = Number(job.payload.article_id);
  const a = await one<ForwardArticle>(
    db,
    `SELECT a.id, a.ticket_id, t.number, t.group_id, t.customer_id, c.email AS customer_email,
            NULLIF(trim(concat_ws(' ', c.firstname, c.lastname)), '') AS customer_name,
            a."to", a.subject, a.body, a.content_type, a.message_id, a.preferences
       FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id LEFT JOIN users c ON c.id = t.customer_id
      WHERE a.id = $1`,
    [articleId],
  );
  if (!a) return { skipped: 'the article no longer exists' };
  if (a.preferences.delivery_status === 'success') return { skipped: 'already sent' };
  const attempt = job.attempts + 1;
  const replyTo = await supportAddress(db, a.group_id, mailer.address);
  const domain = mailer.address.split('@')[1] || 'localhost';
  const messageId = a.message_id || `<${a.number}.${a.id}.${randomBytes(6).toString('hex')}@${domain}>`;
  // Written before the first attempt: retries send the same Message-ID; answers thread back.
  await db.query(
    `UPDATE ticket_articles SET message_id = $2, message_id_md5 = $3, reply_to = $4,
            "from" = $5 WHERE id = $1`,
    [
      a.id,
      messageId,
      createHash('md5').update(messageId).digest('hex'),
      replyTo,
      `EOSC Helpdesk <${mailer.address}>`,
    ],
  );
  const earlier = await db.query<{ message_id: string }>(
    `SELECT message_id FROM ticket_articles WHERE ticket_id = $1 AND id < $2 AND message_id IS NOT NULL
        AND message_id <> '' ORDER BY id`,
    [a.ticket_id, a.id],
  );
  const references = earlier.map((r) => r.message_id).slice(-20);
  const source = Number(a.preferences.eosc_redirect?.source_article_id ?? 0);
  const html = a.content_type === 'text/html';
  try {
    if (!mailer.enabled) {
      const err = new Error('Not sent: the helpdesk has no outgoing mail server (SMTP_URL).');
      (err as Error & { responseCode: number }).responseCode = 550;
      throw err;
    }
    await mailer.deliver({
      fromName: 'EOSC Helpdesk',
      to: a.to,
      subject: a.subject,
      text: html ? textOf(a.body) : a.body,
      html: html ? a.body : undefined,
      messageId,
      inReplyTo: references.at(-1),
      references,
      replyTo,
      headers: { 'X-EOSC-Ticket': a.number },
      attachments: source ? await files(db, source) : [],
    });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    const last = permanent(err) || attempt >= job.max_attempts;
    await record(db, a.id, {
      delivery_retry: attempt,
      delivery_status_message: message,
      ...(last ? { delivery_status: 'fail' } : {}),
    });
    if (!last) throw err;
    await db.tx((tx) => failed(tx, a, message));
    return { sent: 0, failed: 1, to: a.to };
  }
  await db.tx(async (tx) => {
    await record(tx, a.id, {
      delivery_status: 'success',
      delivery_retry: attempt,
      delivery_status_message: null,
    });
    await tx.query(
      `UPDATE ticket_redirects SET status = CASE WHEN status IN ('forwarding', 'failed') THEN 'forwarded' ELSE status END,
        forwarded_at = $3, updated_at = $3
      WHERE ticket_id = $1 AND article_id = $2`,
      [a.ticket_id, a.id, now()],
    );
    await tellCustomer(tx, a, mailer);
  });
  return { sent: 1, to: a.to };
}
