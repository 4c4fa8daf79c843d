import { z } from '@hono/zod-openapi';

export const SessionUserSchema = z
  .object({
    id: z.number().int(),
    login: z.string(),
    firstname: z.string(),
    lastname: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    is_agent: z.boolean(),
    is_admin: z.boolean(),
  })
  .openapi('SessionUser');
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const PersonRefSchema = z
  .object({ id: z.number().int(), name: z.string().openapi({ description: 'Display name, resolved.' }) })
  .openapi('PersonRef');

export const StateTypeSchema = z
  .enum(['new', 'open', 'pending reminder', 'pending action', 'closed', 'merged', 'removed'])
  .openapi('StateType');

export const TicketSummarySchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    title: z.string(),
    state: z.string(),
    priority: z.string(),
    group: z.string(),
    customer: PersonRefSchema.nullable(),
    owner: PersonRefSchema.nullable(),
    article_count: z.number().int(),
    state_id: z.number().int(),
    state_type: StateTypeSchema.openapi({ description: 'What kind of state: open-like or closed-like.' }),
    priority_id: z.number().int(),
    group_id: z.number().int(),
    organization: PersonRefSchema.nullable().openapi({ description: "The customer's organization." }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('TicketSummary');
export type TicketSummary = z.infer<typeof TicketSummarySchema>;

export const ArticleSchema = z
  .object({
    id: z.number().int(),
    from: z.string(),
    body: z.string(),
    content_type: z.enum(['text/plain', 'text/html']),
    internal: z.boolean(),
    sender: z.string(),
    created_at: z.string(),
    subject: z.string().nullable(),
    type: z.string(),
    author: PersonRefSchema.nullable().openapi({ description: 'Who wrote it (the creator).' }),
    attachments: z
      .array(
        z
          .object({
            id: z.number().int(),
            filename: z.string(),
            size: z.number().int(),
            content_type: z.string(),
          })
          .openapi('ArticleAttachment'),
      )
      .openapi({
        description:
          'Files attached to the article (images embedded in an HTML body are not listed). Download: GET /bff/tickets/{id}/attachments/{article_id}/{attachment_id}.',
      }),
  })
  .openapi('Article');
export type Article = z.infer<typeof ArticleSchema>;

/** The `Idempotency-Key` header of creates and replies (see lib/idempotency.ts). */
export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces.')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'A unique key per submit (e.g. a UUID), per person. A retry with the same key replays the first ' +
        'reply (header Idempotent-Replayed: true) instead of writing twice; a duplicate sent while the first ' +
        'is still running waits for it. After a 504 the key is kept "in doubt" and the retry first looks ' +
        'upstream for what the timed-out attempt wrote. The same key with another body: 422. Remembered ' +
        '24 h in the memory of one BFF process: with several processes, route a person to one (sticky).',
    }),
});

export const LinkTypeSchema = z.enum(['normal', 'parent', 'child']);

/** A ticket linked to another one. */
export const LinkSchema = z
  .object({
    type: LinkTypeSchema.openapi({ description: 'What the linked ticket is to this one.' }),
    ticket: TicketSummarySchema,
  })
  .openapi('TicketLink');
