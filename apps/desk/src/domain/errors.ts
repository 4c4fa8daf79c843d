/**
 * How the domain says "no". Each kind carries the status Zammad answers it with (`status`), so
 * callers of domain functions can tell the kinds apart; the one mapper (http/errors.ts) turns
 * them into Zammad's replies: `{error, error_human}`, headers, and the rest.
 */
export abstract class DomainError extends Error {
  abstract readonly status: 403 | 404 | 422;
}

/** Rails' RecordNotFound: `Couldn't find Ticket with 'id'=9`, or `... without an ID`. */
export class NotFoundError extends DomainError {
  readonly status = 404;

  constructor(model: string, id?: unknown, key = 'id') {
    super(
      id === undefined
        ? `Couldn't find ${model} without an ID`
        : `Couldn't find ${model} with '${key}'=${String(id)}`,
    );
  }
}

/** A policy said no (Zammad's Exceptions::Forbidden). */
export class ForbiddenError extends DomainError {
  readonly status = 403;

  constructor(message = 'Not authorized') {
    super(message);
  }
}

/** Invalid input or a broken rule (Zammad's 422, Exceptions::UnprocessableEntity). */
export class InvalidError extends DomainError {
  readonly status = 422;
  /** False where Zammad hand-builds the body with `error` only (no `error_human`). */
  readonly human: boolean;

  constructor(message: string, opts: { human?: boolean } = {}) {
    super(message);
    this.human = opts.human ?? true;
  }
}

/** Zammad's message for an unknown reference or an uncastable value. */
export function invalidParam(name: string, value: unknown): InvalidError {
  return new InvalidError(`Invalid value for param '${name}': ${JSON.stringify(value)}`);
}
