import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type BffEnv, type BffServices, helpdeskOf } from '../context.ts';
import { BffError } from '../lib/errors.ts';
import type { StoredReply } from '../lib/idempotency.ts';
import type { ReferenceData } from '../lib/reference.ts';
import { authorOf, once, referenceFor, sessionOf } from '../lib/request.ts';
import { Resolver } from '../lib/resolve.ts';
import { findOwnNewArticle } from '../lib/ticket-queries.ts';
import {
  MessageAttachments,
  MessageContentType,
  uploadOwner,
  type ZammadAttachment,
} from '../lib/uploads.ts';
import { signedIn } from '../middleware/session.ts';
import {
  endpoint,
  IdempotencyInProgress,
  IdParam,
  jsonBody,
  recordErrorResponses,
  reply,
} from '../openapi.ts';
import { ArticleSchema, IdempotencyHeader } from '../schemas.ts';

/*
 * Replies to a ticket. Customers write web messages (and reopen a closed ticket by replying);
 * agents write notes, public or internal, and may change the ticket with the same submit.
 */

/** One or more addresses separated by commas (blank allowed). */
const ADDRESS_LIST =
  /^(\s*[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+\s*(,\s*[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+\s*)*)?$/;

const ReplyBody = z
  .object({
    body: z.string().trim().min(1, 'Write a message.').max(100_000),
    content_type: MessageContentType,
    attachments: MessageAttachments,
    internal: z.boolean().default(false).openapi({ description: 'Agents only: an internal note.' }),
    channel: z.enum(['web', 'email']).default('web').openapi({
      description:
        "Agents' public replies: `web` (shown in the portal and notified) or `email` (also mailed to the customer, or to `to`, with threading headers).",
    }),
    to: z
      .string()
      .trim()
      .max(1000)
      .regex(ADDRESS_LIST, 'Give e-mail addresses separated by commas.')
      .optional()
      .openapi({ description: 'E-mail replies: recipients (default: the customer).' }),
    cc: z
      .string()
      .trim()
      .max(1000)
      .regex(ADDRESS_LIST, 'Give e-mail addresses separated by commas.')
      .optional()
      .openapi({ description: 'E-mail replies: copies.' }),
    // Agents: ticket changes made by the same submit, saved with the article in one upstream
    // update, so either both land or neither does.
    state_id: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: 'Agents: the state after sending.' }),
    priority_id: z.number().int().positive().optional().openapi({ description: 'Agents.' }),
    group_id: z.number().int().positive().optional().openapi({ description: 'Agents.' }),
    owner_id: z
      .number()
      .int()
      .positive()
      .nullable()
      .optional()
      .openapi({ description: 'Agents; null: unassign.' }),
    pending_time: z.iso.datetime().optional().openapi({ description: 'Required with a pending state.' }),
  })
  .openapi('TicketReply');
type ReplyInput = z.infer<typeof ReplyBody>;

const replyRoute = createRoute({
  ...endpoint('post', '/bff/tickets/{id}/articles', signedIn),
  summary: 'Reply to a ticket (agents may add internal notes)',
  description:
    'Agents may change state, priority, group and owner in the same submit: one upstream update with the article, all or nothing.',
  request: {
    params: IdParam,
    body: jsonBody(ReplyBody),
    headers: IdempotencyHeader,
  },
  responses: {
    201: reply('The new article', ArticleSchema),
    ...recordErrorResponses('No such ticket'),
    ...IdempotencyInProgress,
  },
});

type Ctx = Context<BffEnv>;

function noGroupAccess(ref: ReferenceData, groupId: number): BffError {
  const group = ref.groups.find((g) => g.id === groupId)?.name ?? `#${groupId}`;
  return new BffError(
    403,
    'forbidden',
    `You have no access to the group "${group}", so you cannot move the ticket there; nothing was saved (neither the message nor the changes).`,
  );
}

/** The article the person just wrote, read back (the update that carried it answers the ticket). */
async function readBack(c: Ctx, services: BffServices, id: number, body: string, since: number) {
  const s = sessionOf(c);
  const found = await findOwnNewArticle(c.get('upstream'), id, s.uid, body, since);
  if (!found) return undefined;
  const ref = await referenceFor(c, services);
  return { status: 201 as const, body: { ...new Resolver(ref).article(found), author: authorOf(s) } };
}

async function savedWithUpdate(c: Ctx, services: BffServices, id: number, body: string, since: number) {
  const found = await readBack(c, services, id, body, since);
  if (!found) throw new BffError(502, 'upstream', 'The message was saved but could not be read back.');
  return found;
}

/**
 * An agent's article plus ticket changes in ONE upstream `PUT /tickets/{id}` with `article`: the
 * helpdesk saves both in one transaction, so a refused change (a group the agent may not move the
 * ticket to, a state that needs a time) leaves neither the article nor any field saved.
 */
async function replyWithChanges(
  c: Ctx,
  services: BffServices,
  id: number,
  input: ReplyInput,
  owner: string,
): Promise<StoredReply> {
  const upstream = c.get('upstream');
  const ref = await referenceFor(c, services);
  const { state_id, priority_id, group_id, owner_id, pending_time } = input;
  if (state_id !== undefined) {
    const state = ref.states.find((st) => st.id === state_id);
    if (!state) throw new BffError(422, 'invalid', `There is no state ${state_id}.`);
    if (state.state_type.startsWith('pending') && !pending_time)
      throw new BffError(422, 'invalid', `The state "${state.name}" needs a pending time.`);
  }
  // The helpdesk lets an agent move a ticket into any group (and then hides it from them), so
  // the move is checked here first: into the agent's own groups only, before anything is written.
  if (group_id !== undefined) {
    const me = await upstream.GET('/users/me', { expect: 'User' });
    const access = me.group_ids?.[String(group_id)] ?? [];
    if (!access.some((a) => a === 'full' || a === 'change')) throw noGroupAccess(ref, group_id);
  }
  const attachments = await services.uploads.attachments(owner, input.attachments);
  const started = Date.now();
  try {
    await upstream.PUT('/tickets/{id}', {
      params: { path: { id } },
      body: {
        ...(state_id !== undefined ? { state_id } : {}),
        ...(priority_id !== undefined ? { priority_id } : {}),
        ...(group_id !== undefined ? { group_id } : {}),
        // Zammad's owner 1 (the system user) means unassigned.
        ...(owner_id !== undefined ? { owner_id: owner_id ?? 1 } : {}),
        ...(pending_time !== undefined ? { pending_time } : {}),
        article: {
          body: input.body,
          content_type: input.content_type ?? 'text/plain',
          internal: input.internal,
          ...mailFields(true, input),
          ...(attachments.length > 0 ? { attachments } : {}),
        },
      },
    });
  } catch (err) {
    if (group_id !== undefined && err instanceof BffError && err.status === 403)
      throw noGroupAccess(ref, group_id);
    throw err;
  }
  await services.uploads.release(owner, input.attachments);
  return savedWithUpdate(c, services, id, input.body, started);
}

/** A customer's reply to a closed ticket reopens it: one update carrying the article and the state. */
async function reopeningReply(
  c: Ctx,
  services: BffServices,
  id: number,
  input: ReplyInput,
  owner: string,
  attachments: ZammadAttachment[],
) {
  const started = Date.now();
  await c.get('upstream').PUT('/tickets/{id}', {
    params: { path: { id } },
    body: {
      state: 'open',
      article: {
        body: input.body,
        content_type: input.content_type ?? 'text/plain',
        type: 'web',
        internal: false,
        ...(attachments.length > 0 ? { attachments } : {}),
      },
    },
  });
  await services.uploads.release(owner, input.attachments);
  return savedWithUpdate(c, services, id, input.body, started);
}

/**
 * The article type of a reply: an agent's internal note is a `note`; everything public is a
 * `web` message. Zammad counts a first response only for a public article of a communication
 * type by an agent (`note` is none), so an agent's public reply written as a note would never
 * stop the first-response clock (docs/service-levels.md).
 */
const articleType = (isAgent: boolean, internal: boolean) => (isAgent && internal ? 'note' : 'web');

/** Type (and recipients) of a reply: an agent's public reply by e-mail is an `email` article. */
function mailFields(isAgent: boolean, input: ReplyInput): Record<string, string> {
  if (!(isAgent && !input.internal && input.channel === 'email'))
    return { type: articleType(isAgent, input.internal) };
  return {
    type: 'email',
    ...(input.to ? { to: input.to } : {}),
    ...(input.cc ? { cc: input.cc } : {}),
  };
}

async function writeReply(
  c: Ctx,
  services: BffServices,
  id: number,
  input: ReplyInput,
): Promise<StoredReply> {
  const s = sessionOf(c);
  const upstream = c.get('upstream');
  const owner = uploadOwner(helpdeskOf(c.get('deps')), s.uid);
  const { state_id, priority_id, group_id, owner_id, pending_time } = input;
  const fields = { state_id, priority_id, group_id, owner_id, pending_time };
  if (!s.is_agent && (input.channel === 'email' || input.to || input.cc))
    throw new BffError(403, 'forbidden', 'Only agents reply by e-mail.');
  if (Object.values(fields).some((v) => v !== undefined)) {
    if (!s.is_agent) throw new BffError(403, 'forbidden', 'Only agents change a ticket with a reply.');
    return replyWithChanges(c, services, id, input, owner);
  }
  const attachments = await services.uploads.attachments(owner, input.attachments);
  if (!s.is_agent) {
    // The helpdesk refuses with 422 when the ticket's group takes no follow-ups.
    const current = await upstream.GET('/tickets/{id}', { params: { path: { id } }, expect: 'Ticket' });
    const ref = await referenceFor(c, services);
    const type = ref.states.find((st) => st.id === current.state_id)?.state_type;
    if (type === 'closed') return reopeningReply(c, services, id, input, owner, attachments);
  }
  const created = await upstream.POST('/ticket_articles', {
    body: {
      ticket_id: id,
      body: input.body,
      content_type: input.content_type ?? 'text/plain',
      ...(attachments.length > 0 ? { attachments } : {}),
      ...mailFields(s.is_agent, input),
      internal: s.is_agent ? input.internal : false,
    },
    expect: 'TicketArticle',
  });
  await services.uploads.release(owner, input.attachments);
  const ref = await referenceFor(c, services);
  return { status: 201, body: { ...new Resolver(ref).article(created), author: authorOf(s) } };
}

export function articleRoutes(services: BffServices) {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(replyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const recover = (since: number) => readBack(c, services, id, input.body, since);
    return (await once(c, services, input, () => writeReply(c, services, id, input), recover)) as never;
  });

  return app;
}
