/**
 * Zammad's e-mail channel records: `channels` (an e-mail account and the notification sender)
 * and `email_addresses` (the support addresses, one per support unit), plus the desk's store of
 * received mails that admins look into (`inbound_mails`).
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import type { RecordModel } from '../crud.ts';
import { InvalidError, NotFoundError } from '../errors.ts';
import { requireName } from '../records.ts';
import type { Row } from '../shapes.ts';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export const EMAIL_ADDRESSES: RecordModel = {
  table: 'email_addresses',
  model: 'EmailAddress',
  referencedBy: [['groups', 'email_address_id']],
  prepare(_db, _actor, attrs, input, current) {
    // Zammad before 6 called the display name `realname`.
    if (attrs.name === undefined && typeof (input as Row).realname === 'string')
      attrs.name = (input as Row).realname;
    requireName(attrs, !current);
    if (!current || attrs.email !== undefined) {
      const email = typeof attrs.email === 'string' ? attrs.email.trim() : '';
      if (!EMAIL.test(email)) throw new InvalidError(`Invalid email '${String(attrs.email ?? '')}'`);
      attrs.email = email.toLowerCase();
    }
  },
};

interface ChannelRow extends Row {
  id: number;
  area: string;
  options: Row;
  active: boolean;
}

/** `GET /channels_email`: Zammad's reply, the accounts' and addresses' ids with their assets. */
export async function channelsEmailIndex(db: Db): Promise<Row> {
  const channels = await db.query<ChannelRow>('SELECT * FROM channels ORDER BY id');
  const addresses = await db.query<Row & { id: number; channel_id: number | null; active: boolean }>(
    'SELECT * FROM email_addresses ORDER BY id',
  );
  const channelIds = new Set(channels.map((c) => c.id));
  return {
    accounts_fixed: [],
    assets: {
      Channel: Object.fromEntries(channels.map((c) => [c.id, c])),
      EmailAddress: Object.fromEntries(addresses.map((a) => [a.id, a])),
    },
    account_channel_ids: channels.filter((c) => c.area === 'Email::Account').map((c) => c.id),
    notification_channel_ids: channels
      .filter((c) => c.area === 'Email::Notification' && c.active)
      .map((c) => c.id),
    email_address_ids: addresses.map((a) => a.id),
    not_used_email_address_ids: addresses
      .filter((a) => !a.channel_id || !a.active || !channelIds.has(a.channel_id))
      .map((a) => a.id),
    channel_driver: {
      email: { inbound: { smtp_listener: 'SMTP listener (MAIL_PORT)' }, outbound: { smtp: 'SMTP' } },
    },
    config: { notification_sender: 'EOSC Helpdesk <noreply@helpdesk.example.org>' },
  };
}

export async function emailAccount(db: Db, id: number): Promise<ChannelRow> {
  // Ids are PostgreSQL integers: a larger one names no channel.
  if (id > 2_147_483_647) throw new NotFoundError('Channel', id);
  const row = await one<ChannelRow>(db, "SELECT * FROM channels WHERE id = $1 AND area = 'Email::Account'", [
    id,
  ]);
  if (!row) throw new NotFoundError('Channel', id);
  return row;
}

export async function setAccountActive(db: Db, id: number, active: boolean): Promise<void> {
  await emailAccount(db, id);
  await db.query('UPDATE channels SET active = $2, updated_at = now() WHERE id = $1', [id, active]);
}

export async function setAccountGroup(db: Db, id: number, groupId: number): Promise<void> {
  await emailAccount(db, id);
  const g = await one(db, 'SELECT id FROM groups WHERE id = $1', [groupId]);
  if (!g) throw new InvalidError(`Invalid value for param 'group_id': ${groupId}`);
  await db.query('UPDATE channels SET group_id = $2, updated_at = now() WHERE id = $1', [id, groupId]);
}

export async function destroyAccount(db: Db, id: number): Promise<void> {
  await emailAccount(db, id);
  await db.query('DELETE FROM channels WHERE id = $1', [id]);
}

const MAIL_COLUMNS = `id::int, channel_id, status, envelope_from, envelope_to, remote_address, message_id,
  from_address, subject, size, ticket_id, article_id, reason, error, flags, attempts, received_at, processed_at`;

/** The received mails, newest first; `status` filters (failed: the ones admins must look at). */
export async function listInboundMails(
  db: Db,
  q: { status?: string | undefined; limit: number; offset: number },
): Promise<{ mails: Row[]; total: number; counts: Record<string, number> }> {
  const where = q.status ? 'WHERE status = $3' : '';
  const params: unknown[] = [q.limit, q.offset, ...(q.status ? [q.status] : [])];
  const mails = await db.query<Row>(
    `SELECT ${MAIL_COLUMNS} FROM inbound_mails ${where} ORDER BY id DESC LIMIT $1 OFFSET $2`,
    params,
  );
  const counts = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM inbound_mails GROUP BY status',
  );
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n]));
  const total = q.status ? (byStatus[q.status] ?? 0) : counts.reduce((s, c) => s + c.n, 0);
  return { mails, total, counts: byStatus };
}

export async function inboundMail(db: Db, id: number): Promise<Row> {
  const row = await one<Row>(db, `SELECT ${MAIL_COLUMNS} FROM inbound_mails WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError('InboundMail', id);
  return row;
}

export async function inboundMailRaw(db: Db, id: number): Promise<Buffer> {
  const row = await one<{ raw: Buffer }>(db, 'SELECT raw FROM inbound_mails WHERE id = $1', [id]);
  if (!row) throw new NotFoundError('InboundMail', id);
  return row.raw;
}
