import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { can } from '../domain/actor.ts';
import { DomainError, InvalidError } from '../domain/errors.ts';
import { reply } from './reply.ts';

/**
 * A failure of the HTTP layer itself (credentials, throttling, an unreadable body), already
 * carrying its Zammad status. The domain throws DomainErrors instead.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** When false, the body carries only `error` (Zammad's hand-built replies). */
    readonly human = true,
    /** Further reply headers (`Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface ErrorAnswer {
  status: number;
  message: string;
  human: boolean;
}

// PostgreSQL's integrity errors, answered as Rails answers ActiveRecord's (REFERENCE §2.6).
function integrityAnswer(err: { code?: string; column?: string }): ErrorAnswer | undefined {
  if (err.code === '23505') return { status: 422, message: 'This object already exists.', human: true };
  if (err.code === '23502')
    return { status: 422, message: `Attribute '${err.column ?? 'unknown'}' required!`, human: true };
  if (err.code === '23503')
    return { status: 422, message: "Can't delete, object has references.", human: true };
  // A number the column cannot hold (an id past 2^31 - 1): the caller's value, not our fault.
  if (err.code === '22003') return { status: 422, message: 'A number is out of range.', human: true };
  return undefined;
}

function answerOf(err: Error): ErrorAnswer | undefined {
  if (err instanceof ApiError) return { status: err.status, message: err.message, human: err.human };
  if (err instanceof DomainError)
    return {
      status: err.status,
      message: err.message,
      human: !(err instanceof InvalidError) || err.human,
    };
  return integrityAnswer(err as { code?: string; column?: string });
}

function errorId(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

/**
 * The one place where errors become Zammad's answers: `{error, error_human}` with 401/403/404/422,
 * `X-Failure` on 401 and 403, and anything unexpected a 500 whose text only admins see.
 */
export function errorReply(err: Error, c: Context): Response {
  const answer = answerOf(err);
  if (err instanceof ApiError) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  if (answer) {
    const body = answer.human
      ? { error: answer.message, error_human: answer.message }
      : { error: answer.message };
    if (answer.status === 401 || answer.status === 403) c.header('X-Failure', answer.message);
    return reply(c, body, answer.status as ContentfulStatusCode);
  }
  console.error(err);
  const actor = c.get('actor');
  const message =
    actor && can(actor, 'admin')
      ? String(err.message)
      : `Error ID ${errorId()}: Please contact your administrator.`;
  return reply(c, { error: message }, 500);
}
