import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './api-error';
import type { paths } from './bff-schema.gen';
import { HELPDESK_DATE_HEADER, observeHelpdeskDate } from './server-clock';
import { emitSessionExpired } from './session-events';

// The session endpoint answers 401 as a normal outcome ("not signed in", "wrong password"),
// so only other endpoints treat 401 as "your session has expired".
const SESSION_PATH = '/bff/session';

/*
 * The conventions of every call to the BFF, kept here once: the typed client applies them in its
 * middleware, and the few calls it cannot make (the upload with progress, lib/uploads.ts) apply
 * the same functions.
 */

/** The header the BFF demands on every non-GET request (with the session cookie, same origin). */
export const CSRF_HEADER = 'X-EOSC-CSRF';

/** The `ApiError` of a failed answer; a 401 outside the session endpoint ends the session. */
export async function failure(response: Response, path: string): Promise<ApiError> {
  const error = await ApiError.fromResponse(response);
  if (error.status === 401 && path !== SESSION_PATH) emitSessionExpired();
  return error;
}

/** The `ApiError` of a call that got no answer at all. */
export function networkFailure(): ApiError {
  return new ApiError(
    0,
    'network_error',
    'The helpdesk could not be reached. Check your connection and try again.',
  );
}

/** The error of a successful answer without the body the contract promises. */
export function emptyResponse(status: number): ApiError {
  return new ApiError(status, 'empty_response', 'The server sent an empty response.');
}

/** Every request carries the CSRF header the BFF demands on non-GET requests. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    request.headers.set(CSRF_HEADER, '1');
    return request;
  },
};

/** Every answer tells the helpdesk's time (lib/server-clock.ts), which due times run on. */
export const helpdeskClockMiddleware: Middleware = {
  onResponse({ response }) {
    observeHelpdeskDate(response.headers.get(HELPDESK_DATE_HEADER));
    return undefined;
  },
};

/** Turns every non-2xx answer and every network failure into one `ApiError`. */
export const errorMiddleware: Middleware = {
  async onResponse({ response, schemaPath }) {
    if (response.ok) return undefined;
    throw await failure(response, schemaPath);
  },
  onError({ error }) {
    return error instanceof ApiError ? error : networkFailure();
  },
};

/** The one client for the BFF, same-origin, cookie session. */
export const bff = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  // Look fetch up on every call so test doubles (MSW) installed later still see requests.
  fetch: (request) => globalThis.fetch(request),
});
bff.use(csrfMiddleware, helpdeskClockMiddleware, errorMiddleware);

export type Bff = typeof bff;
export type { paths as BffPaths } from './bff-schema.gen';

/** The JSON body an operation accepts, e.g. `JsonBody<BffPaths['/bff/tickets']['post']>`. */
export type JsonBody<Operation> = Operation extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/**
 * Returns the body of a successful call. Failures never reach here (the error middleware
 * throws), so a missing body means the server broke the contract.
 */
export function unwrap<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) throw emptyResponse(result.response.status);
  return result.data;
}
