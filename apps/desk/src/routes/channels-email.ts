import { Hono } from 'hono';
import { z } from 'zod';
import { InvalidError } from '../domain/errors.ts';
import {
  channelsEmailIndex,
  destroyAccount,
  EMAIL_ADDRESSES,
  inboundMail,
  inboundMailRaw,
  listInboundMails,
  setAccountActive,
  setAccountGroup,
} from '../domain/mail/channel.ts';
import {
  type InboundOptions,
  processInbound,
  reprocessInbound,
  storeInbound,
} from '../domain/mail/inbound.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import {
  bool,
  input,
  int,
  nullableText,
  oneOf,
  optionalInt,
  parse,
  pathId,
  ref,
  text,
} from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { resourceRoutes } from '../http/resource.ts';

const admin = requirePermission('admin.channel_email');
const IdBody = z.looseObject({ id: ref });
const AddressInput = z.looseObject({
  name: text,
  email: text,
  channel_id: ref,
  active: bool,
  note: nullableText,
});
const STATUSES = ['pending', 'processed', 'ignored', 'failed'] as const;

/**
 * Zammad's e-mail channel API (`/channels_email…`, `/email_addresses`) and the desk's received
 * mail store (`/channels_email/inbound_mails…`, ours): list, download the raw mail, process again,
 * and deliver a raw mail over HTTP (an MTA's pipe, or a test).
 */
export function channelsEmailRoutes(opts: InboundOptions) {
  const app = new Hono<DeskEnv>();

  app.get('/channels_email', admin, async (c) => reply(c, await channelsEmailIndex(c.get('db'))));

  for (const [path, active] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    app.post(`/channels_email_${path}`, admin, async (c) => {
      const { id } = await input(c, IdBody);
      await setAccountActive(c.get('db'), parse(int('id'), id), active);
      return reply(c, {});
    });

  app.delete('/channels_email', admin, async (c) => {
    const { id } = await input(c, IdBody);
    await destroyAccount(c.get('db'), parse(int('id'), id));
    return reply(c, {});
  });

  app.post('/channels_email_group/:id{[0-9]+}', admin, async (c) => {
    const { group_id } = await input(c, z.looseObject({ group_id: ref }));
    await setAccountGroup(
      c.get('db'),
      pathId(c.req.param('id'), 'Channel'),
      parse(int('group_id'), group_id),
    );
    return reply(c, {});
  });

  app.get('/channels_email/inbound_mails', admin, async (c) => {
    const q = await input(
      c,
      z.looseObject({
        status: oneOf('status', STATUSES).optional(),
        page: optionalInt('page'),
        per_page: optionalInt('per_page'),
      }),
    );
    const perPage = Math.min(Math.max(q.per_page ?? 50, 1), 200);
    const page = Math.max(q.page ?? 1, 1);
    return reply(
      c,
      await listInboundMails(c.get('db'), { status: q.status, limit: perPage, offset: (page - 1) * perPage }),
    );
  });

  app.post('/channels_email/inbound_mails', admin, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'message/rfc822')
      throw new InvalidError('Send the raw mail as the body, with Content-Type: message/rfc822.');
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (raw.length === 0) throw new InvalidError('The mail is empty.');
    const db = c.get('db');
    const id = await storeInbound(db, raw, { remoteAddress: 'api' });
    const result = await processInbound(db, id, opts);
    return reply(c, { ...(await inboundMail(db, id)), result }, 201);
  });

  app.get('/channels_email/inbound_mails/:id{[0-9]+}', admin, async (c) =>
    reply(c, await inboundMail(c.get('db'), pathId(c.req.param('id'), 'InboundMail'))),
  );

  app.get('/channels_email/inbound_mails/:id{[0-9]+}/raw', admin, async (c) => {
    const id = pathId(c.req.param('id'), 'InboundMail');
    const raw = await inboundMailRaw(c.get('db'), id);
    return c.body(new Uint8Array(raw), 200, {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `attachment; filename="mail-${id}.eml"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });

  app.post('/channels_email/inbound_mails/:id{[0-9]+}/reprocess', admin, async (c) => {
    const db = c.get('db');
    const id = pathId(c.req.param('id'), 'InboundMail');
    await inboundMail(db, id);
    const result = await reprocessInbound(db, id, opts);
    if (!result) throw new InvalidError('Only a failed or ignored mail can be processed again.');
    return reply(c, { ...(await inboundMail(db, id)), result });
  });

  app.route(
    '/',
    resourceRoutes({
      ...EMAIL_ADDRESSES,
      path: 'email_addresses',
      // Zammad: agents read the addresses (to pick a sender), admins manage them.
      permissions: { read: ['ticket.agent', 'admin.channel_email'], write: 'admin.channel_email' },
      input: AddressInput,
    }),
  );
  return app;
}
