import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';

/*
 * How routes declare themselves in the BFF's OpenAPI document: their head, their bodies and
 * replies, and the error answers they share. The shapes of the API's resources are in schemas.ts.
 */

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ description: 'A human message.' }),
    code: z.string().openapi({ description: 'A stable machine code.' }),
    request_id: z.string(),
  })
  .openapi('Error');

export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

/** A documented JSON reply. */
export const reply = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: json(schema),
});

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: json(schema),
  required: true as const,
});

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * The head of a route in one line, spread into `createRoute`: its method, path, summary (a long
 * one goes on a line of its own instead) and who may call it (route middleware: `agentsOnly`…).
 */
export function endpoint<M extends Method, P extends string, W extends MiddlewareHandler[] = []>(
  method: M,
  path: P,
  summary: string,
  middleware?: W,
): { method: M; path: P; summary: string; middleware?: W };
export function endpoint<M extends Method, P extends string, W extends MiddlewareHandler[] = []>(
  method: M,
  path: P,
  middleware?: W,
): { method: M; path: P; middleware?: W };
export function endpoint(
  method: Method,
  path: string,
  summaryOrMiddleware?: string | MiddlewareHandler[],
  middleware?: MiddlewareHandler[],
) {
  if (typeof summaryOrMiddleware !== 'string')
    return { method, path, ...(summaryOrMiddleware ? { middleware: summaryOrMiddleware } : {}) };
  return { method, path, summary: summaryOrMiddleware, ...(middleware ? { middleware } : {}) };
}

/** A positive integer id in the path (`{id}`). */
export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const ticketErrorResponses = {
  400: { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } },
  401: {
    description:
      'Not signed in (`unauthenticated`), or the helpdesk refused the service token (`upstream_unauthorized`; the session is kept)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  403: {
    description: "Not allowed (CSRF check, or the helpdesk's own refusal)",
    content: { 'application/json': { schema: ErrorSchema } },
  },
  502: { description: 'The helpdesk failed', content: { 'application/json': { schema: ErrorSchema } } },
  503: {
    description: 'The helpdesk is unreachable',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  504: { description: 'The helpdesk is too slow', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

/** A duplicate of a submit still running elsewhere after 60 s (shared state only, lib/pg-state.ts). */
export const IdempotencyInProgress = {
  409: {
    description:
      '`idempotency_in_progress`: the first request with this Idempotency-Key is still running; retry later',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

/** The errors of a screen route over a helpdesk record: the ticket errors plus 404 and 422. */
export function recordErrorResponses(notFound = 'Not found') {
  return {
    ...ticketErrorResponses,
    404: { description: notFound, content: json(ErrorSchema) },
    422: { description: 'Refused by the helpdesk (the message says why)', content: json(ErrorSchema) },
  } as const;
}
