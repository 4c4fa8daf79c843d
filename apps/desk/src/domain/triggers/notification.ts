/**
 * The `notification.email` action: Zammad writes the mail as an article of the ticket (type
 * email, sender System) and sends it; so do we, through the outbound mail job (mail/outbound.ts)
 * with its threading and retries. Recipients: `ticket_customer`, `ticket_owner`, `ticket_agents`,
 * `article_last_sender`, `userid_<n>`.
 *
 * Loop safety: nothing is sent in answer to an auto-reply (article preference
 * `is-auto-response`), never to the helpdesk's own addresses nor to system mailboxes
 * (mailer-daemon, postmaster, noreply...); every mail carries `X-Loop` (lib/mail.ts). A customer
 * who turned a kind off (`preference_key`: users.preferences.notification_config.customer.<key>
 * false) is left out.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { addressOf } from '../../lib/mail.ts';
import type { ArticleRow } from '../article-shapes.ts';
import { InvalidError } from '../errors.ts';
import { addHistory } from '../history.ts';
import { queueArticleMail } from '../mail/outbound.ts';
import { sanitizeHtml } from '../sanitize.ts';
import type { Row } from '../shapes.ts';
import type { TicketRow } from '../ticket-access.ts';
import { triggerConfig } from './config.ts';
import { loadRecords, templateContext } from './records.ts';
import { renderHtml, renderText } from './template.ts';

const EMAIL_TYPE = 1;
const SYSTEM_SENDER = 3;
export const RECIPIENTS = [
  'ticket_customer',
  'ticket_owner',
  'ticket_agents',
  'article_last_sender',
] as const;
/** Mailboxes no helpdesk answers (Zammad skips the same). */
const SYSTEM_MAILBOX = /^(mailer-daemon|postmaster|abuse|root|noreply|no-reply|no\.reply|bounce[s]?)@/i;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

export function recipientsOf(s: Row): string[] {
  const r = s.recipient;
  return (Array.isArray(r) ? r : [r]).filter((x) => typeof x === 'string' && x !== '') as string[];
}

export function checkEmailAction(s: Row): void {
  const recipients = recipientsOf(s);
  if (recipients.length === 0)
    throw new InvalidError("Invalid perform: 'notification.email' needs a recipient");
  for (const r of recipients)
    if (!(RECIPIENTS as readonly string[]).includes(r) && !/^userid_\d+$/.test(r))
      throw new InvalidError(`Invalid perform: unknown recipient '${r}'`);
  if (typeof s.subject !== 'string' || s.subject.trim() === '')
    throw new InvalidError("Invalid perform: 'notification.email' needs a subject");
  if (typeof s.body !== 'string' || s.body.trim() === '')
    throw new InvalidError("Invalid perform: 'notification.email' needs a body");
}

interface Recipient {
  email: string;
  userId: number | null;
}

async function user(db: Db, id: number | null | undefined): Promise<Recipient[]> {
  if (!id || id === 1) return [];
  const u = await one<{ id: number; email: string }>(
    db,
    'SELECT id, email FROM users WHERE id = $1 AND active',
    [id],
  );
  return u?.email ? [{ email: u.email, userId: u.id }] : [];
}

async function lastSender(db: Db, ticket: TicketRow, article: ArticleRow | null): Promise<Recipient[]> {
  const a =
    article ??
    (await one<ArticleRow>(
      db,
      `SELECT * FROM ticket_articles WHERE ticket_id = $1 AND sender_id <> $2 ORDER BY id DESC LIMIT 1`,
      [ticket.id, SYSTEM_SENDER],
    ));
  if (!a) return [];
  const raw = (a.reply_to as string | null) || (a.from as string | null) || '';
  const email = addressOf(raw);
  if (EMAIL.test(email)) {
    const u = await one<{ id: number }>(db, 'SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
    return [{ email, userId: u?.id ?? null }];
  }
  return user(db, (a.origin_by_id as number | null) ?? a.created_by_id);
}

async function agents(db: Db, groupId: number): Promise<Recipient[]> {
  return db.query<Recipient>(
    `SELECT DISTINCT u.email, u.id AS "userId" FROM users u
      WHERE u.active AND u.email <> '' AND u.id <> 1
        AND EXISTS (SELECT 1 FROM roles_users ru JOIN roles r ON r.id = ru.role_id AND r.active
                      JOIN permissions_roles pr ON pr.role_id = r.id
                      JOIN permissions p ON p.id = pr.permission_id AND p.name = 'ticket.agent'
                     WHERE ru.user_id = u.id)
        AND (EXISTS (SELECT 1 FROM groups_users gu WHERE gu.user_id = u.id AND gu.group_id = $1)
          OR EXISTS (SELECT 1 FROM roles_users ru JOIN groups_roles gr ON gr.role_id = ru.role_id
                      WHERE ru.user_id = u.id AND gr.group_id = $1))`,
    [groupId],
  );
}

/** The helpdesk's own addresses: MAIL_FROM and, once the e-mail channel has them, its addresses. */
async function ownAddresses(db: Db): Promise<Set<string>> {
  const own = new Set([triggerConfig().address.toLowerCase()]);
  const table = await one<{ t: string | null }>(db, "SELECT to_regclass('email_addresses')::text AS t");
  if (table?.t) {
    const rows = await db.query<{ email: string }>('SELECT email FROM email_addresses');
    for (const r of rows) own.add(r.email.toLowerCase());
  }
  return own;
}

/** Whether a customer left this kind of mail on (default on). */
async function wants(db: Db, userId: number | null, key: unknown): Promise<boolean> {
  if (userId === null || typeof key !== 'string' || key === '') return true;
  const row = await one<{ v: unknown }>(
    db,
    "SELECT preferences #> ARRAY['notification_config', 'customer', $2] AS v FROM users WHERE id = $1",
    [userId, key],
  );
  return row?.v !== false;
}

async function resolveRecipients(db: Db, s: Row, ticket: TicketRow, article: ArticleRow | null) {
  const found: Recipient[] = [];
  for (const r of recipientsOf(s)) {
    if (r === 'ticket_customer') found.push(...(await user(db, ticket.customer_id)));
    else if (r === 'ticket_owner') found.push(...(await user(db, ticket.owner_id)));
    else if (r === 'ticket_agents') found.push(...(await agents(db, ticket.group_id)));
    else if (r === 'article_last_sender') found.push(...(await lastSender(db, ticket, article)));
    else if (r.startsWith('userid_')) found.push(...(await user(db, Number(r.slice(7)))));
  }
  const own = await ownAddresses(db);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of found) {
    const email = r.email.trim();
    const key = email.toLowerCase();
    if (!EMAIL.test(email) || seen.has(key) || own.has(key) || SYSTEM_MAILBOX.test(email)) continue;
    // The customer's own choice (helper B's settings) only binds mails to the ticket's customer.
    if (r.userId === ticket.customer_id && !(await wants(db, r.userId, s.preference_key))) continue;
    seen.add(key);
    out.push(email);
  }
  return out;
}

/** Writes the mail as a System e-mail article and queues it; returns the article id, or why not. */
export async function sendTriggerEmail(
  db: Db,
  trigger: { id: number; name: string },
  s: Row,
  ticket: TicketRow,
  article: ArticleRow | null,
): Promise<{ articleId?: number; skipped?: string }> {
  const prefs = (article?.preferences ?? {}) as Row;
  if (prefs['is-auto-response'] === true) return { skipped: 'the article is an auto-response' };
  const to = await resolveRecipients(db, s, ticket, article);
  if (to.length === 0) return { skipped: 'no recipient' };
  const records = await loadRecords(db, ticket.id, article?.id ?? null);
  if (!records) return { skipped: 'the ticket is gone' };
  const ctx = templateContext(records);
  const subject = renderText(String(s.subject ?? ''), ctx)
    .replace(/\s+/g, ' ')
    .trim();
  const body = sanitizeHtml(renderHtml(String(s.body ?? ''), ctx));
  const at = now();
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO ticket_articles (ticket_id, type_id, sender_id, "from", "to", subject, content_type, body,
        internal, preferences, created_by_id, updated_by_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'text/html', $7, $8, $9, 1, 1, $10, $10) RETURNING id`,
    [
      ticket.id,
      EMAIL_TYPE,
      SYSTEM_SENDER,
      triggerConfig().address,
      to.join(', '),
      subject,
      body,
      s.internal === true,
      JSON.stringify({ perform_origin: 'trigger', trigger_id: trigger.id, trigger: trigger.name }),
      at,
    ],
  )) as { id: number };
  await db.query('UPDATE tickets SET article_count = article_count + 1 WHERE id = $1', [ticket.id]);
  await addHistory(db, {
    o_id: row.id,
    object: 'Ticket::Article',
    type: 'created',
    related_object: 'Ticket',
    related_o_id: ticket.id,
    created_by_id: 1,
  });
  await queueArticleMail(db, row.id);
  return { articleId: row.id };
}
