import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { requirePermission } from '../lib/permissions.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, recordErrorResponses, reply } from '../openapi.ts';

/*
 * The e-mail channel for admins (`admin.channel_email`, checked here and by the helpdesk): the
 * support addresses and the units that send from them, and the mails received, with the ones
 * that failed to become tickets first, their raw bytes and "process again". The received-mail
 * store is the desk's (an EOSC extension); against a real Zammad the addresses still show and
 * the mail list answers its 404.
 */

const errors = recordErrorResponses('No such mail');
const mw = [requireSession, requirePermission('admin.channel_email')];

const AddressSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    active: z.boolean(),
    units: z.array(z.object({ id: z.number().int(), name: z.string() })).openapi({
      description: 'The groups (support units) whose tickets are answered from this address.',
    }),
  })
  .openapi('SupportAddress');

const InboundMailSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['pending', 'processed', 'ignored', 'failed']),
    from: z.string().nullable(),
    subject: z.string().nullable(),
    size: z.number().int(),
    received_at: z.string(),
    ticket_id: z.number().int().nullable(),
    reason: z.string().nullable().openapi({ description: 'Why it was ignored, or why it failed.' }),
    automatic: z
      .string()
      .nullable()
      .openapi({ description: 'Why it is never answered (auto-reply, bounce…).' }),
  })
  .openapi('InboundMail');

const MailQuery = z.object({
  status: z.enum(['pending', 'processed', 'ignored', 'failed']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const overview = createRoute({
  ...endpoint(
    'get',
    '/bff/agent/admin/mail',
    'Support addresses and received mail (admin.channel_email)',
    mw,
  ),
  request: { query: MailQuery },
  responses: {
    200: reply(
      'Addresses and a page of received mail, newest first',
      z.object({
        addresses: z.array(AddressSchema),
        mails: z.array(InboundMailSchema),
        total: z.number().int(),
        counts: z.record(z.string(), z.number().int()),
        per_page: z.number().int(),
      }),
    ),
    ...errors,
  },
});

const reprocess = createRoute({
  ...endpoint('post', '/bff/agent/admin/mail/{id}/reprocess', 'Process a failed or ignored mail again', mw),
  request: { params: IdParam },
  responses: { 200: reply('The mail after processing', InboundMailSchema), ...errors },
});

const raw = createRoute({
  ...endpoint('get', '/bff/agent/admin/mail/{id}/raw', 'The mail as received (.eml download)', mw),
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The raw mail',
      content: { 'message/rfc822': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errors,
  },
});

const PER_PAGE = 50;

function shape(m: Schemas['InboundMail']): z.infer<typeof InboundMailSchema> {
  const automatic = (m.flags as Record<string, unknown> | undefined)?.automatic;
  return {
    id: m.id,
    status: m.status,
    from: m.from_address ?? null,
    subject: m.subject ?? null,
    size: m.size,
    received_at: m.received_at,
    ticket_id: m.ticket_id ?? null,
    reason: m.error ?? m.reason ?? null,
    automatic: typeof automatic === 'string' ? automatic : null,
  };
}

export function mailAdminRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(overview, async (c) => {
    const { status, page } = c.req.valid('query');
    const upstream = c.get('upstream');
    const [addresses, groups, list] = await Promise.all([
      upstream.GET('/email_addresses'),
      upstream.GET('/groups'),
      upstream.GET('/channels_email/inbound_mails', {
        params: { query: { ...(status ? { status } : {}), page, per_page: PER_PAGE } },
      }),
    ]);
    const plain = (Array.isArray(addresses) ? addresses : []) as Schemas['EmailAddress'][];
    const groupList = (Array.isArray(groups) ? groups : []) as Schemas['Group'][];
    return c.json(
      {
        addresses: plain.map((a) => ({
          id: a.id,
          name: a.name,
          email: a.email,
          active: a.active,
          units: groupList
            .filter((g) => g.email_address_id === a.id)
            .map((g) => ({ id: g.id, name: g.name })),
        })),
        mails: list.mails.map(shape),
        total: list.total,
        counts: list.counts,
        per_page: PER_PAGE,
      },
      200,
    );
  });

  app.openapi(reprocess, async (c) => {
    const { id } = c.req.valid('param');
    const mail = await c
      .get('upstream')
      .POST('/channels_email/inbound_mails/{id}/reprocess', { params: { path: { id } } });
    return c.json(shape(mail), 200);
  });

  app.openapi(raw, async (c) => {
    const { id } = c.req.valid('param');
    const result = await c
      .get('upstream')
      .raw.GET('/channels_email/inbound_mails/{id}/raw', { params: { path: { id } }, parseAs: 'stream' });
    return c.body(result.data as ReadableStream<Uint8Array>, 200, {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `attachment; filename="mail-${id}.eml"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
    }) as never;
  });

  return app;
}
