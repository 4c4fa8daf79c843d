import { z } from 'zod';
import { BffError } from './errors.ts';

/*
 * The upstream's payloads, validated at the edge (zod at the edges only). Loose objects: a real
 * Zammad adds columns (custom fields, escalation times) that the BFF ignores.
 */

const id = z.number().int();
const nullableId = id.nullish();

export const UpTicketSchema = z.looseObject({
  id,
  number: z.union([z.string(), z.number()]).transform(String),
  title: z.string(),
  group_id: id,
  state_id: id,
  priority_id: id,
  owner_id: nullableId,
  customer_id: nullableId,
  organization_id: nullableId,
  article_count: z.number().int().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  // expand=true names, when present
  group: z.string().nullish(),
  state: z.string().nullish(),
  priority: z.string().nullish(),
  owner: z.string().nullish(),
  customer: z.string().nullish(),
  organization: z.string().nullish(),
});
export type UpTicket = z.infer<typeof UpTicketSchema>;

export const UpUserSchema = z.looseObject({
  id,
  login: z.string().nullish(),
  firstname: z.string().nullish(),
  lastname: z.string().nullish(),
  email: z.string().nullish(),
});
export type UpUser = z.infer<typeof UpUserSchema>;

const Named = z.looseObject({ id, name: z.string() });

export const UpStateSchema = z.looseObject({
  id,
  name: z.string(),
  state_type_id: nullableId,
  state_type: z.string().nullish(),
  active: z.boolean().nullish(),
});
export type UpState = z.infer<typeof UpStateSchema>;

export const UpPrioritySchema = z.looseObject({
  id,
  name: z.string(),
  active: z.boolean().nullish(),
  default_create: z.boolean().nullish(),
});
export const UpGroupSchema = z.looseObject({ id, name: z.string(), active: z.boolean().nullish() });

export const UpArticleSchema = z.looseObject({
  id,
  ticket_id: id,
  from: z.string().nullish(),
  subject: z.string().nullish(),
  body: z.string(),
  content_type: z.string().nullish(),
  internal: z.boolean(),
  sender: z.string().nullish(),
  type: z.string().nullish(),
  created_by_id: nullableId,
  created_by: z.string().nullish(),
  created_at: z.string(),
  attachments: z
    .array(
      z.looseObject({
        id,
        filename: z.string(),
        size: z.union([z.string(), z.number()]).nullish(),
        preferences: z.record(z.string(), z.unknown()).nullish(),
      }),
    )
    .nullish(),
});
export type UpArticle = z.infer<typeof UpArticleSchema>;

/** Zammad's assets format: model name → string id → record (only what the caller may see). */
export const AssetsSchema = z.looseObject({
  Ticket: z.record(z.string(), UpTicketSchema).optional(),
  User: z.record(z.string(), UpUserSchema).optional(),
  Organization: z.record(z.string(), Named).optional(),
  Group: z.record(z.string(), Named).optional(),
  TicketState: z.record(z.string(), Named).optional(),
  TicketPriority: z.record(z.string(), Named).optional(),
});
export type Assets = z.infer<typeof AssetsSchema>;

/** `full=true` on a list or search: `{record_ids, assets, total_count}`. */
export const FullListSchema = z.looseObject({
  record_ids: z.array(id),
  assets: AssetsSchema,
  total_count: z.number().int().nullish(),
});
/** `full=true` on one record: `{id, assets}`. */
export const FullOneSchema = z.looseObject({ id, assets: AssetsSchema });
/** `all=true` on one ticket: the ticket zoom in one reply (internal articles already hidden from customers). */
export const TicketAllSchema = z.looseObject({
  ticket_id: id,
  ticket_article_ids: z.array(id),
  assets: AssetsSchema.extend({ TicketArticle: z.record(z.string(), UpArticleSchema).optional() }),
  tags: z.array(z.string()).nullish(),
});
export const TagsSchema = z.looseObject({ tags: z.array(z.string()) });

/** Parses an upstream payload; a shape the BFF cannot use is the upstream's fault (502). */
export function parseUpstream<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const r = schema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new BffError(
      502,
      'upstream_malformed',
      `The helpdesk sent a reply the web app cannot read (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
    );
  }
  return r.data;
}
