/**
 * The `notify_mail` job: renders and sends one change's notification mails, one per recipient,
 * each in the recipient's language. A refusal is retried by the worker; the recipients already
 * mailed are kept in the job's payload (heartbeat), so a retry never mails anyone twice.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import type { JobContext } from '../../jobs/worker.ts';
import type { Mailer } from '../../lib/mail.ts';
import type { JobRow } from '../jobs.ts';
import type { Row } from '../shapes.ts';
import type { TicketRow } from '../ticket-access.ts';
import type { Recipient } from './notification-recipients.ts';
import { languageOf, type NotificationContent, renderNotification } from './notification-templates.ts';
import type { NotifyPayload, ToldAttribute } from './notifications.ts';
import { hookedSubject, textOf } from './outbound.ts';

/** Where the web app shows a ticket to agents, and the person's notification settings. */
export const ticketUrl = (mailer: Mailer, id: number) => `${mailer.publicUrl}/agent/tickets/${id}`;
export const settingsUrl = (mailer: Mailer) => `${mailer.publicUrl}/profile#notifications`;

interface ArticleInfo {
  body: string;
  content_type: string;
  internal: boolean;
  author: string | null;
}

const fullName = (u: { firstname?: unknown; lastname?: unknown; login?: unknown }) =>
  `${String(u.firstname ?? '')} ${String(u.lastname ?? '')}`.trim() || String(u.login ?? '');

async function names(db: Db, table: 'groups' | 'ticket_states' | 'ticket_priorities', ids: unknown[]) {
  const list = ids.filter((v): v is number => typeof v === 'number');
  const rows = await db.query<{ id: number; name: string }>(
    `SELECT id, name FROM ${table} WHERE id = ANY($1)`,
    [list],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function userNames(db: Db, ids: unknown[]) {
  const list = ids.filter((v): v is number => typeof v === 'number');
  const rows = await db.query<{ id: number; firstname: string; lastname: string; login: string }>(
    'SELECT id, firstname, lastname, login FROM users WHERE id = ANY($1)',
    [list],
  );
  return new Map(rows.map((r) => [r.id, fullName(r)]));
}

/** The changes with names instead of ids (unassigned owners are "-"). */
async function describeChanges(db: Db, payload: NotifyPayload): Promise<NotificationContent['changes']> {
  const entries = Object.entries(payload.changes) as [ToldAttribute, [unknown, unknown]][];
  const all = entries.flatMap(([, v]) => v);
  const [groups, states, priorities, users] = await Promise.all([
    names(db, 'groups', all),
    names(db, 'ticket_states', all),
    names(db, 'ticket_priorities', all),
    userNames(db, all),
  ]);
  const show = (attr: ToldAttribute, v: unknown): string | null => {
    if (v === null || v === undefined || v === '') return null;
    if (attr === 'group_id') return groups.get(v as number) ?? String(v);
    if (attr === 'state_id') return states.get(v as number) ?? String(v);
    if (attr === 'priority_id') return priorities.get(v as number) ?? String(v);
    if (attr === 'owner_id' || attr === 'customer_id')
      return v === 1 ? null : (users.get(v as number) ?? String(v));
    return String(v);
  };
  return entries.map(([attribute, [from, to]]) => ({
    attribute,
    from: show(attribute, from),
    to: show(attribute, to),
  }));
}

async function loadArticle(db: Db, id: number | null): Promise<ArticleInfo | undefined> {
  if (id === null) return undefined;
  return one<ArticleInfo>(
    db,
    `SELECT a.body, a.content_type, a.internal,
            NULLIF(trim(concat_ws(' ', u.firstname, u.lastname)), '') AS author
       FROM ticket_articles a LEFT JOIN users u ON u.id = a.created_by_id
      WHERE a.id = $1`,
    [id],
  );
}

/** The ticket's thread: a stable root per ticket, then its mails' Message-IDs (last 19). */
async function thread(db: Db, ticket: TicketRow, domain: string): Promise<string[]> {
  const rows = await db.query<{ message_id: string }>(
    `SELECT message_id FROM ticket_articles
      WHERE ticket_id = $1 AND message_id IS NOT NULL AND message_id <> '' ORDER BY id`,
    [ticket.id],
  );
  return [`<ticket.${ticket.number}@${domain}>`, ...rows.map((r) => r.message_id).slice(-19)];
}

function parsePayload(raw: Row): NotifyPayload {
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
  const recipients = Array.isArray(raw.recipients) ? (raw.recipients as Recipient[]) : [];
  return {
    event: raw.event as NotifyPayload['event'],
    ticket_id: Number(raw.ticket_id),
    article_id: typeof raw.article_id === 'number' ? raw.article_id : null,
    actor_id: Number(raw.actor_id ?? 1),
    changes: (raw.changes && typeof raw.changes === 'object' ? raw.changes : {}) as NotifyPayload['changes'],
    mentioned_ids: ids(raw.mentioned_ids),
    recipients: recipients.filter((r) => typeof r?.user_id === 'number'),
    sent: ids(raw.sent),
  };
}

/** The worker's job. */
export async function sendNotificationMails(
  db: Db,
  mailer: Mailer,
  job: JobRow,
  ctx: JobContext,
): Promise<Row> {
  const payload = parsePayload(job.payload);
  const ticket = await one<TicketRow>(db, 'SELECT * FROM tickets WHERE id = $1', [payload.ticket_id]);
  if (!ticket) return { skipped: 'the ticket no longer exists' };
  if (!mailer.enabled) return { skipped: 'no outgoing mail server (SMTP_URL)' };
  const article = await loadArticle(db, payload.article_id);
  const sent = new Set(payload.sent);
  const todo = payload.recipients.filter((r) => !sent.has(r.user_id));
  if (todo.length === 0) return { sent: 0, already: sent.size };
  const people = new Map(
    (
      await db.query<Person>(
        'SELECT id, email, firstname, lastname, login, preferences, active FROM users WHERE id = ANY($1)',
        [todo.map((r) => r.user_id)],
      )
    ).map((p) => [p.id, p]),
  );

  const actor = await one<{ firstname: string; lastname: string; login: string }>(
    db,
    'SELECT firstname, lastname, login FROM users WHERE id = $1',
    [payload.actor_id],
  );
  const group = await one<{ name: string }>(db, 'SELECT name FROM groups WHERE id = $1', [ticket.group_id]);
  const changes = await describeChanges(db, payload);
  const domain = mailer.address.split('@')[1] || 'localhost';
  const references = await thread(db, ticket, domain);
  const failures: string[] = [];
  let count = 0;
  for (const r of todo) {
    const person = people.get(r.user_id);
    // Deactivated (or gone) since the change, or no address any more: nobody to tell.
    if (!person?.active || !person.email) continue;
    try {
      await mailOne(mailer, r, person, {
        ticket,
        group: group?.name ?? '',
        actorName: payload.actor_id === 1 || !actor ? 'EOSC Helpdesk' : fullName(actor),
        changes,
        article,
        references,
        domain,
        jobId: job.id,
      });
    } catch (err) {
      failures.push(`${person.email}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    sent.add(r.user_id);
    count++;
    await ctx.heartbeat({ ...job.payload, sent: [...sent] });
  }
  if (failures.length > 0)
    throw new Error(
      `${failures.length} of ${todo.length} notification mails not sent: ${failures.join('; ')}`,
    );
  return { sent: count, recipients: [...sent] };
}

interface Person {
  id: number;
  email: string;
  firstname: string;
  lastname: string;
  login: string;
  preferences: unknown;
  active: boolean;
}

async function mailOne(
  mailer: Mailer,
  r: Recipient,
  user: Person,
  m: {
    ticket: TicketRow;
    group: string;
    actorName: string;
    changes: NotificationContent['changes'];
    article: ArticleInfo | undefined;
    references: string[];
    domain: string;
    jobId: number;
  },
): Promise<void> {
  const settings = settingsUrl(mailer);
  const body = renderNotification({
    lang: languageOf(user.preferences),
    kind: r.kind,
    reason: r.reason,
    recipientName: fullName(user),
    actorName: m.actorName,
    ticket: { number: m.ticket.number, title: m.ticket.title, group: m.group },
    changes: m.changes,
    article: m.article
      ? {
          author: m.article.author ?? m.actorName,
          text: m.article.content_type === 'text/html' ? textOf(m.article.body) : m.article.body,
          internal: m.article.internal,
        }
      : null,
    ticketUrl: ticketUrl(mailer, m.ticket.id),
    settingsUrl: settings,
  });
  await mailer.deliverNotification({
    to: user.email,
    subject: hookedSubject(body.subject, m.ticket.number),
    text: body.text,
    html: body.html,
    messageId: `<notification.${m.ticket.id}.${user.id}.${m.jobId}.${Date.now().toString(36)}@${m.domain}>`,
    inReplyTo: m.references.at(-1),
    references: m.references,
    settingsUrl: settings,
  });
}
