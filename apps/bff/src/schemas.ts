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
    reports: z.enum(['all', 'units']).nullable().openapi({
      description:
        'Reporting dashboards: on every support unit (`all`), on the units they lead (`units`), or none (null). Against a real Zammad (no reports extension) the BFF computes them for holders of the `report` permission (`all`).',
    }),
  })
  .openapi('SessionUser');
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const PersonRefSchema = z
  .object({ id: z.number().int(), name: z.string().openapi({ description: 'Display name, resolved.' }) })
  .openapi('PersonRef');

export const StateTypeSchema = z
  .enum(['new', 'open', 'pending reminder', 'pending action', 'closed', 'merged', 'removed'])
  .openapi('StateType');

export const QosLevelSchema = z.enum(['base', 'medium', 'advanced']).openapi('QosLevel', {
  description: "A support unit's quality-of-support level (DOMAIN.md).",
});

/** What a ticket's group says as a support unit (EOSC extension; absent on a plain Zammad). */
export const TicketUnitSchema = z
  .object({
    qos_level: QosLevelSchema.nullable(),
    support_line: z.number().int().min(1).max(3).nullable().openapi({
      description: '1 first line (triage), 2 a service’s unit, 3 a product’s developers.',
    }),
  })
  .openapi('TicketUnit');

export const EscalationTargetSchema = z
  .enum(['first_response', 'update', 'solution'])
  .openapi('EscalationTarget', { description: 'Which due time of the SLA is running out first.' });

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
    escalation_at: z.string().nullable().openapi({
      description:
        "When the SLA's next due time passes (Zammad's own field); null when no SLA applies or the clock is stopped.",
    }),
    escalation_warning_at: z.string().nullable().openapi({
      description:
        'When 75 % of the time to `escalation_at` has passed: the desk’s figure (working time), or against a Zammad without it the BFF’s estimate (75 % of the wall time from the running target’s start). See docs/service-levels.md.',
    }),
    escalation_target: EscalationTargetSchema.nullable(),
    unit: TicketUnitSchema.nullable().openapi({
      description: "The group's support-unit facts, when the helpdesk has them (our desk).",
    }),
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
    to: z.string().nullable().openapi({ description: 'E-mail articles: the recipients.' }),
    cc: z.string().nullable(),
    delivery: z
      .object({
        status: z.enum(['sending', 'sent', 'failed']),
        message: z.string().nullable().openapi({ description: "The mail server's last answer." }),
        attempts: z.number().int(),
      })
      .nullable()
      .openapi({
        description:
          "An agent's e-mail: whether the mail left (the helpdesk's `delivery_status` preferences); a failed one names why. Null for everything not mailed.",
      }),
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
        '24 h; with BFF_DATABASE_URL by every BFF process of the helpdesk (a retry may land on any; a duplicate ' +
        'still waiting after 60 s gets 409 `idempotency_in_progress`), else in the memory of this process.',
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

/* Zammad's selector conditions (overviews, SLAs), in the flat form the admin pages edit. */

const ConditionValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number()])),
]);

/** One selector leaf in Zammad's flat condition format. */
export const ConditionLeaf = z
  .object({
    operator: z.string().min(1).max(50),
    value: ConditionValue.optional(),
    pre_condition: z.string().max(50).optional(),
    range: z.enum(['minute', 'hour', 'day', 'week', 'month', 'year']).optional(),
  })
  .openapi('SelectorConditionLeaf');

export const ConditionSchema = z
  .record(z.string().regex(/^[a-z_]+\.[a-z_]+$/), ConditionLeaf)
  .openapi('SelectorCondition', {
    description:
      'Zammad\'s condition: `{"ticket.state_id": {"operator": "is", "value": [1, 2]}}`; owner may use `pre_condition` `current_user.id` or `not_set`.',
  });
