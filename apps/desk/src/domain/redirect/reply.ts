/**
 * The provider's answer: a mail threaded back onto a redirected ticket by the e-mail channel
 * (its `[Ticket#N]` or In-Reply-To) from anyone but the ticket's customer. It is the
 * acknowledgement: the redirection is `acknowledged`, the ticket leaves "waiting for provider"
 * for `open`, the answer counts as the first response (the SLA clock restarts from it), and it is
 * relayed to the customer by mail (the portal shows the article itself: it is public).
 *
 * Mail through a list carries list headers, which the channel marks as automatic; on a
 * redirected ticket that is expected, so only a real auto-reply (vacation, bounce, robot) does
 * not count as an answer.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { addressOf, type Mailer } from '../../lib/mail.ts';
import type { ArticleRow } from '../article-shapes.ts';
import { enqueue, type JobRow } from '../jobs.ts';
import { hookedSubject, textOf } from '../mail/outbound.ts';
import type { Row } from '../shapes.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { loadTicket, type TicketRow } from '../ticket-access.ts';
import { FORWARD_MAX_ATTEMPTS, loadRedirect, RELAY_KIND, supportAddress, WAITING_STATE } from './model.ts';
import { moveToState } from './start.ts';

const LIST_TRAFFIC = /List-Id|Precedence: list/i;

function isPersonsMail(article: ArticleRow): boolean {
  const p = (article.preferences ?? {}) as Row;
  if (p['is-auto-response'] !== true) return true;
  return LIST_TRAFFIC.test(String(p.auto_response_reason ?? ''));
}

/** The listener's part for inbound mail; returns the ticket when it changed it. */
export async function providerAnswered(
  db: Db,
  ticket: TicketRow,
  article: ArticleRow,
): Promise<TicketRow | undefined> {
  if (article.type_id !== 1 || article.sender_id !== 2 || article.internal) return undefined;
  const redirect = await loadRedirect(db, ticket.id, true);
  if (!redirect || redirect.status === 'taken_over') return undefined;
  const customer = await one<{ email: string }>(db, 'SELECT email FROM users WHERE id = $1', [
    ticket.customer_id,
  ]);
  const sender = addressOf(String(article.from ?? '')).toLowerCase();
  if (!sender || sender === (customer?.email ?? '').toLowerCase()) return undefined;
  if (!isPersonsMail(article)) return undefined;
  const at = new Date(article.created_at as Date);
  if (redirect.status !== 'acknowledged')
    await db.query(
      `UPDATE ticket_redirects SET status = 'acknowledged', acknowledged_at = $2, updated_at = $2
        WHERE ticket_id = $1`,
      [ticket.id, at],
    );
  // The provider's answer is the helpdesk's response: first response and agent contact.
  await db.query(
    `UPDATE tickets SET first_response_at = COALESCE(first_response_at, $2), last_contact_agent_at = $2,
        last_contact_at = $2 WHERE id = $1`,
    [ticket.id, at],
  );
  const state = await one<{ name: string }>(db, 'SELECT name FROM ticket_states WHERE id = $1', [
    ticket.state_id,
  ]);
  if (state?.name === WAITING_STATE || state?.name === 'new') await moveToState(db, 1, ticket, 'open');
  await enqueue(db, RELAY_KIND, { article_id: article.id }, { maxAttempts: FORWARD_MAX_ATTEMPTS });
  await recomputeEscalations(db, [ticket.id]);
  return loadTicket(db, ticket.id);
}

/** The worker's `redirect_relay` job: the provider's answer, mailed to the customer. */
export async function relayAnswer(db: Db, mailer: Mailer, job: JobRow): Promise<Row> {
  const a = await one<{
    id: number;
    ticket_id: number;
    number: string;
    title: string;
    group_id: number;
    from: string | null;
    subject: string | null;
    body: string;
    content_type: string;
    message_id: string | null;
    customer_email: string | null;
    preferences: Row;
  }>(
    db,
    `SELECT a.id, a.ticket_id, t.number, t.title, t.group_id, a."from", a.subject, a.body, a.content_type,
            a.message_id, c.email AS customer_email, a.preferences
       FROM ticket_articles a JOIN tickets t ON t.id = a.ticket_id LEFT JOIN users c ON c.id = t.customer_id
      WHERE a.id = $1`,
    [Number(job.payload.article_id)],
  );
  if (!a) return { skipped: 'the article no longer exists' };
  const relay = (a.preferences.eosc_relay ?? {}) as Row;
  if (relay.delivery_status === 'success') return { skipped: 'already relayed' };
  const to = a.customer_email?.trim();
  const attempt = job.attempts + 1;
  const note = (prefs: Row) =>
    db.query('UPDATE ticket_articles SET preferences = preferences || $2::jsonb WHERE id = $1', [
      a.id,
      JSON.stringify({ eosc_relay: { ...relay, ...prefs, to, date: now().toISOString() } }),
    ]);
  if (!to || !mailer.enabled) {
    await note({
      delivery_status: 'fail',
      message: to ? 'No outgoing mail server (SMTP_URL).' : 'No address.',
    });
    return { sent: 0 };
  }
  const domain = mailer.address.split('@')[1] || 'localhost';
  const messageId = `<${a.number}.${a.id}.relay.${randomBytes(6).toString('hex')}@${domain}>`;
  const name =
    String(a.from ?? '')
      .replace(/\s*<[^>]*>\s*$/, '')
      .replace(/"/g, '') || 'Service provider';
  const html = a.content_type === 'text/html';
  try {
    await mailer.deliver({
      fromName: `${name} via EOSC Helpdesk`,
      to,
      subject: hookedSubject(a.subject?.trim() || a.title, a.number),
      text: html ? textOf(a.body) : a.body,
      html: html ? a.body : undefined,
      messageId,
      inReplyTo: a.message_id ?? undefined,
      references: a.message_id ? [a.message_id] : [],
      replyTo: await supportAddress(db, a.group_id, mailer.address),
      attachments: (
        await db.query<{ filename: string; data: Buffer; content_type: string | null }>(
          `SELECT at.filename, f.data, at.preferences->>'Content-Type' AS content_type
             FROM attachments at JOIN store_files f ON f.id = at.store_file_id
            WHERE at.object = 'Ticket::Article' AND at.o_id = $1 ORDER BY at.id`,
          [a.id],
        )
      ).map((f) => ({ filename: f.filename, content: f.data, contentType: f.content_type ?? undefined })),
    });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    await note({
      retry: attempt,
      message,
      ...(attempt >= job.max_attempts ? { delivery_status: 'fail' } : {}),
    });
    throw err;
  }
  await note({ delivery_status: 'success', retry: attempt, message: null });
  return { sent: 1, to };
}
