/**
 * The e-mail channel's inbound side (issue 14). A received mail is first stored whole
 * (`inbound_mails`, before the sending server hears "250 OK"), then processed once: a new
 * ticket, a follow-up on the ticket it answers, a bounce recorded on the article that bounced,
 * or ignored as a loop. A mail that cannot be processed is marked `failed` with its error and
 * its bytes kept; admins see it, download it and process it again. Nothing is lost.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { type Actor, loadActor } from '../actor.ts';
import { type ArticleInput, CHANNEL_ORIGIN, createArticle } from '../articles/create.ts';
import { ticketChanged } from '../events/ticket-changed.ts';
import { addHistory } from '../history.ts';
import type { Row } from '../shapes.ts';
import { recomputeEscalations } from '../sla/recompute.ts';
import { loadTicket, type TicketRow } from '../ticket-access.ts';
import { createTicket } from '../tickets/create.ts';
import { stateTypeName } from '../tickets/rules.ts';
import { findOrCreateCustomer } from '../user-writes.ts';
import { type InboundMail, parseInbound } from './inbound-parse.ts';
import { TICKET_HOOK } from './outbound.ts';

const CUSTOMER = 2;
const SYSTEM = 3;

export interface InboundOptions {
  systemId: number;
  /** The helpdesk's own sending address (MAIL_FROM), besides the support addresses. */
  ownAddress?: string | undefined;
  /** Mails per sender per hour before the sender's mail is no longer answered automatically. */
  senderLimitPerHour?: number;
}

/** A sender above this many times the limit per hour is not even turned into articles. */
const FLOOD_FACTOR = 5;
export const DEFAULT_SENDER_LIMIT = 30;

export interface Envelope {
  channelId?: number;
  from?: string | null;
  to?: string[];
  remoteAddress?: string | null;
}

function sniff(raw: Buffer): { messageId: string | null; from: string | null; subject: string | null } {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw
    .subarray(0, end > 0 ? end : Math.min(raw.length, 64 * 1024))
    .toString('utf8')
    .replace(/\r?\n[ \t]+/g, ' ');
  const h = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? null;
  const from = h('from');
  return {
    messageId: h('message-id'),
    from: from ? (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from).toLowerCase().slice(0, 320) : null,
    subject: h('subject')?.slice(0, 500) ?? null,
  };
}

/** Stores a received mail as `pending`; returns its id. The caller acknowledges after this. */
export async function storeInbound(db: Db, raw: Buffer, env: Envelope = {}): Promise<number> {
  const s = sniff(raw);
  const row = await one<{ id: string }>(
    db,
    `INSERT INTO inbound_mails (channel_id, envelope_from, envelope_to, remote_address, message_id,
        from_address, subject, size, raw, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      env.channelId ?? 1,
      env.from ?? null,
      env.to ?? [],
      env.remoteAddress ?? null,
      s.messageId,
      s.from,
      s.subject,
      raw.length,
      raw,
      now(),
    ],
  );
  return Number(row?.id);
}

export type InboundResult =
  | { status: 'processed'; ticketId: number; articleId: number; followUp: boolean; automatic: string | null }
  | { status: 'ignored'; reason: string; ticketId?: number }
  | { status: 'failed'; error: string }
  | { status: 'skipped' };

async function ownAddresses(db: Db, extra?: string): Promise<Set<string>> {
  const rows = await db.query<{ email: string }>('SELECT lower(email) AS email FROM email_addresses');
  const set = new Set(rows.map((r) => r.email));
  if (extra) set.add(extra.toLowerCase());
  return set;
}

/** The ticket a mail answers: Zammad's `[Ticket#N]` in the subject, else In-Reply-To / References. */
async function threadedTicket(db: Db, mail: InboundMail): Promise<TicketRow | undefined> {
  const hook = new RegExp(`\\[${TICKET_HOOK.replace('#', '#')}\\s*(\\d+)\\]`, 'i').exec(mail.subject);
  if (hook) {
    const t = await one<{ id: number }>(db, 'SELECT id FROM tickets WHERE number = $1', [hook[1]]);
    if (t) return loadTicket(db, t.id);
  }
  const ids = [mail.inReplyTo, ...mail.references.slice().reverse()].filter((x): x is string => !!x);
  if (ids.length === 0) return undefined;
  const row = await one<{ ticket_id: number }>(
    db,
    `SELECT a.ticket_id FROM unnest($1::text[]) WITH ORDINALITY AS m(id, pos)
       JOIN ticket_articles a ON a.message_id_md5 = md5(m.id)
      ORDER BY m.pos LIMIT 1`,
    [ids],
  );
  return row ? loadTicket(db, row.ticket_id) : undefined;
}

/** A follow-up is taken unless the ticket is closed and its group takes none (then: new ticket). */
async function followUpPossible(db: Db, t: TicketRow): Promise<boolean> {
  if ((await stateTypeName(db, t.state_id)) !== 'closed') return true;
  const g = await one<{ follow_up_possible: string; reopen_time_in_days: number | null }>(
    db,
    'SELECT follow_up_possible, reopen_time_in_days FROM groups WHERE id = $1',
    [t.group_id],
  );
  if (!g || g.follow_up_possible === 'yes') return true;
  if (g.follow_up_possible !== 'new_ticket_after_certain_time') return false;
  const closed = (t.last_close_at ?? t.close_at) as Date | null;
  const days = g.reopen_time_in_days ?? 0;
  return days > 0 && closed !== null && (now().getTime() - new Date(closed).getTime()) / 86_400_000 < days;
}

/** The group of a new ticket: the support unit whose address the mail was sent to. */
async function groupFor(db: Db, mail: InboundMail, envelopeTo: string[], channelId: number): Promise<number> {
  const addresses = [...mail.to, ...mail.cc]
    .map((a) => a.address)
    .concat(envelopeTo.map((a) => a.toLowerCase()));
  const row = await one<{ id: number }>(
    db,
    `SELECT g.id FROM unnest($1::text[]) WITH ORDINALITY AS m(addr, pos)
       JOIN email_addresses e ON lower(e.email) = m.addr AND e.active
       JOIN groups g ON g.email_address_id = e.id AND g.active
      ORDER BY m.pos, g.id LIMIT 1`,
    [addresses],
  );
  if (row) return row.id;
  const channel = await one<{ group_id: number | null }>(db, 'SELECT group_id FROM channels WHERE id = $1', [
    channelId,
  ]);
  return channel?.group_id ?? 1;
}

async function senderActor(db: Db, mail: InboundMail): Promise<Actor> {
  const system = (await loadActor(db, 1)) as Actor;
  const name = (mail.from?.name ?? '').trim();
  const [firstname, ...rest] = name.includes('@') ? [''] : name.split(/\s+/);
  const id = await findOrCreateCustomer(db, system, {
    email: mail.from?.address ?? '',
    firstname: firstname ?? '',
    lastname: rest.join(' '),
  });
  return (await loadActor(db, id)) as Actor;
}

function articleInput(
  mail: InboundMail,
  flags: { automatic: string | null; inboundId: number },
): ArticleInput {
  return {
    body: mail.html ?? mail.text,
    content_type: mail.html ? 'text/html' : 'text/plain',
    subject: mail.subject || null,
    to: mail.toHeader || null,
    cc: mail.ccHeader || null,
    in_reply_to: mail.inReplyTo,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      data: a.content.toString('base64'),
      'mime-type': a.contentType.split(';')[0]?.trim() || 'application/octet-stream',
    })),
    [CHANNEL_ORIGIN]: {
      senderId: CUSTOMER,
      internal: false,
      from: mail.fromHeader,
      messageId: mail.messageId,
      references: mail.references.join(' ') || null,
      preferences: {
        'send-auto-response': flags.automatic === null,
        'is-auto-response': flags.automatic !== null,
        ...(flags.automatic ? { auto_response_reason: flags.automatic } : {}),
        inbound_mail_id: flags.inboundId,
      },
    },
  };
}

/** A follow-up reopens a ticket that is not new or open (Zammad's default follow-up state). */
async function reopen(db: Db, actor: Actor, t: TicketRow): Promise<void> {
  const type = await stateTypeName(db, t.state_id);
  if (type === 'new' || type === 'open') return;
  const followUp = await one<{ id: number; name: string }>(
    db,
    'SELECT id, name FROM ticket_states WHERE default_follow_up AND active ORDER BY id LIMIT 1',
  );
  if (!followUp) return;
  const from = await one<{ name: string }>(db, 'SELECT name FROM ticket_states WHERE id = $1', [t.state_id]);
  await db.query(
    'UPDATE tickets SET state_id = $2, pending_time = NULL, updated_at = $3, updated_by_id = $4 WHERE id = $1',
    [t.id, followUp.id, now(), actor.user.id],
  );
  await addHistory(db, {
    o_id: t.id,
    object: 'Ticket',
    type: 'updated',
    attribute: 'state',
    value_from: from?.name ?? null,
    value_to: followUp.name,
    id_from: t.state_id,
    id_to: followUp.id,
    created_by_id: actor.user.id,
  });
}

/** A bounce of one of our mails: the article that bounced says so, and the report is kept on it. */
async function recordBounce(db: Db, mail: InboundMail, inboundId: number): Promise<InboundResult> {
  const b = mail.bounce;
  if (!b || b.originalMessageIds.length === 0)
    return { status: 'ignored', reason: 'a bounce of no mail of ours' };
  const original = await one<{ id: number; ticket_id: number }>(
    db,
    `SELECT id, ticket_id FROM ticket_articles WHERE message_id_md5 = ANY (
       SELECT md5(x) FROM unnest($1::text[]) x) ORDER BY id DESC LIMIT 1`,
    [b.originalMessageIds],
  );
  if (!original) return { status: 'ignored', reason: 'a bounce of no mail of ours' };
  const message = [b.status, b.diagnostic].filter(Boolean).join(' ') || 'The mail was returned (bounce).';
  await db.query('UPDATE ticket_articles SET preferences = preferences || $2::jsonb WHERE id = $1', [
    original.id,
    JSON.stringify({
      ...(b.permanent ? { delivery_status: 'fail' } : {}),
      delivery_status_message: message,
      delivery_status_date: now().toISOString(),
      bounced: true,
    }),
  ]);
  const system = (await loadActor(db, 1)) as Actor;
  const input = articleInput(mail, { automatic: mail.automatic, inboundId });
  const origin = input[CHANNEL_ORIGIN];
  if (origin) Object.assign(origin, { senderId: SYSTEM, internal: true });
  const article = await createArticle(db, system, { id: original.ticket_id }, input, { noMail: true });
  return {
    status: 'processed',
    ticketId: original.ticket_id,
    articleId: article.id,
    followUp: true,
    automatic: mail.automatic,
  };
}

interface StoredMail {
  id: string;
  channel_id: number | null;
  envelope_to: string[];
  raw: Buffer;
}

async function decide(
  db: Db,
  stored: StoredMail,
  mail: InboundMail,
  opts: InboundOptions,
): Promise<InboundResult> {
  const id = Number(stored.id);
  const own = await ownAddresses(db, opts.ownAddress);
  const sender = mail.from?.address ?? '';
  if (own.has(sender)) return { status: 'ignored', reason: `sent from the helpdesk's own address ${sender}` };
  if (mail.loop.some((l) => own.has(l)))
    return { status: 'ignored', reason: 'X-Loop: a mail the helpdesk sent came back' };
  if (mail.bounce) return recordBounce(db, mail, id);
  const limit = opts.senderLimitPerHour ?? DEFAULT_SENDER_LIMIT;
  const recent = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM inbound_mails
      WHERE lower(from_address) = $1 AND received_at > $2 AND id < $3 AND status <> 'failed'`,
    [sender, new Date(now().getTime() - 3_600_000), id],
  );
  const count = recent?.n ?? 0;
  if (count >= limit * FLOOD_FACTOR)
    return { status: 'ignored', reason: `more than ${limit * FLOOD_FACTOR} mails from ${sender} in an hour` };
  const automatic =
    mail.automatic ?? (count >= limit ? `more than ${limit} mails from ${sender} in an hour` : null);
  const actor = await senderActor(db, mail);
  const input = articleInput(mail, { automatic, inboundId: id });
  const existing = await threadedTicket(db, mail);
  if (existing && (await followUpPossible(db, existing))) {
    await db.query('SELECT id FROM tickets WHERE id = $1 FOR UPDATE', [existing.id]);
    const before = await loadTicket(db, existing.id);
    const article = await createArticle(db, actor, before, input);
    if (!automatic) await reopen(db, actor, before);
    await recomputeEscalations(db, [before.id]);
    await ticketChanged(db, {
      type: 'update',
      actor,
      ticket: await loadTicket(db, before.id),
      before,
      article,
      source: 'email',
    });
    return { status: 'processed', ticketId: before.id, articleId: article.id, followUp: true, automatic };
  }
  const groupId = await groupFor(db, mail, stored.envelope_to, stored.channel_id ?? 1);
  const ticket = await createTicket(
    db,
    actor,
    {
      title: mail.subject || '(no subject)',
      group_id: groupId,
      customer_id: actor.user.id,
      article: input,
    },
    { systemId: opts.systemId, source: 'email' },
  );
  const first = await one<{ id: number }>(
    db,
    'SELECT id FROM ticket_articles WHERE ticket_id = $1 ORDER BY id LIMIT 1',
    [ticket.id],
  );
  return { status: 'processed', ticketId: ticket.id, articleId: first?.id ?? 0, followUp: false, automatic };
}

/** Processes one stored mail, once (a mail another process holds is skipped). */
export async function processInbound(db: Db, id: number, opts: InboundOptions): Promise<InboundResult> {
  try {
    return await db.tx(async (tx) => {
      const stored = await one<StoredMail>(
        tx,
        `SELECT id, channel_id, envelope_to, raw FROM inbound_mails
          WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED`,
        [id],
      );
      if (!stored) return { status: 'skipped' } as const;
      const mail = await parseInbound(stored.raw);
      const result = await decide(tx, stored, mail, opts);
      await tx.query(
        `UPDATE inbound_mails SET status = $2, ticket_id = $3, article_id = $4, reason = $5,
            flags = $6, processed_at = $7, attempts = attempts + 1, error = NULL,
            message_id = COALESCE($8, message_id), from_address = COALESCE($9, from_address)
          WHERE id = $1`,
        [
          id,
          result.status,
          'ticketId' in result ? (result.ticketId ?? null) : null,
          'articleId' in result ? result.articleId : null,
          result.status === 'ignored' ? result.reason : null,
          JSON.stringify({
            automatic: result.status === 'processed' ? result.automatic : null,
            bounce: mail.bounce !== null,
            follow_up: result.status === 'processed' ? result.followUp : false,
          }),
          now(),
          mail.messageId,
          mail.from?.address ?? null,
        ],
      );
      return result;
    });
  } catch (err) {
    // The transaction rolled back; the mail is kept, marked failed with the reason.
    const error = err instanceof Error ? err.message : String(err);
    await db.query(
      `UPDATE inbound_mails SET status = 'failed', error = $2, attempts = attempts + 1, processed_at = $3
        WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 2000), now()],
    );
    return { status: 'failed', error };
  }
}

/** Processes what is still pending (after a crash between storing and processing). */
export async function processPending(
  db: Db,
  opts: InboundOptions,
  olderThanMs = 0,
  limit = 200,
): Promise<Row> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM inbound_mails WHERE status = 'pending' AND received_at <= $1 ORDER BY id LIMIT $2`,
    [new Date(now().getTime() - olderThanMs), limit],
  );
  const out: Record<string, number> = { processed: 0, ignored: 0, failed: 0, skipped: 0 };
  for (const r of rows) {
    const res = await processInbound(db, Number(r.id), opts);
    out[res.status] = (out[res.status] ?? 0) + 1;
  }
  return out;
}

/** An admin's "process again": a failed or ignored mail goes back to pending and is processed. */
export async function reprocessInbound(
  db: Db,
  id: number,
  opts: InboundOptions,
): Promise<InboundResult | null> {
  const row = await one<{ id: string }>(
    db,
    `UPDATE inbound_mails SET status = 'pending', error = NULL, reason = NULL
      WHERE id = $1 AND status IN ('failed', 'ignored') RETURNING id`,
    [id],
  );
  if (!row) return null;
  return processInbound(db, id, opts);
}
