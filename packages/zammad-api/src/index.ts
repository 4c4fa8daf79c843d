import createClient, {
  type Client,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from 'openapi-fetch';
import type { PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { ReplyShapeError, replyValidator } from './replies.ts';
import type { components, paths } from './schema.gen.ts';

export * from './notification-config.ts';
export { ReplyShapeError, ReplyValidator, readerView, replyValidator } from './replies.ts';
export type { components, paths };
/** The document's component schemas, by name: `Schemas['TicketAll']`. */
export type Schemas = components['schemas'];
export type Ticket = Schemas['Ticket'];
export type TicketArticle = Schemas['TicketArticle'];
export type TicketCreate = Schemas['TicketCreate'];
export type User = Schemas['User'];

export type ZammadAuth =
  | { token: string; onBehalfOf?: string | number | undefined }
  | { basic: { login: string; password: string } }
  /** No credentials: Zammad's public routes (sign-up, e-mail verification, password reset). */
  | { anonymous: true };

export interface ZammadClientOptions {
  /** Base URL of the Zammad installation, without `/api/v1` (e.g. `http://127.0.0.1:3000`). */
  baseUrl: string;
  auth: ZammadAuth;
  /** Upper bound for each call, in milliseconds (default 10 s). */
  timeoutMs?: number;
  /** For tests: defaults to the global fetch, read at call time so MSW can intercept. */
  fetch?: (req: Request) => Promise<Response>;
  /**
   * Turns every failure (a ZammadError) into the caller's own error, once, here: call sites
   * then see data or their own error. Default: the ZammadError itself.
   */
  mapError?: (err: ZammadError) => Error;
  /** Check 2xx JSON replies against openapi.yaml (default true). */
  validate?: boolean;
}

/** An upstream reply that is not 2xx, a reply off the document, or no reply at all. */
export class ZammadError extends Error {
  constructor(
    /** HTTP status; 0 when the upstream could not be reached, 504 on a timeout. */
    readonly status: number,
    message: string,
    readonly kind: 'http' | 'unreachable' | 'timeout' | 'malformed' = 'http',
    /** The parsed error reply (e.g. `{error, error_human}`, or a password-policy `notice`). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ZammadError';
  }
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
/** The documented success reply of an operation. */
type Reply<P extends keyof paths, M extends HttpMethod> = NonNullable<
  FetchResponse<paths[P][M] & Record<string | number, unknown>, object, 'application/json'>['data']
>;
type ListOf<R> = Extract<R, readonly unknown[]>;
/**
 * The shapes a reply may be asked for: a component schema it may take (`TicketAll` for a
 * ticket with `all`), or `list` when it may be a plain list of records (no `full`).
 */
type ShapeOf<R> =
  | { [N in keyof Schemas]: Schemas[N] extends R ? N : never }[keyof Schemas]
  | ([ListOf<R>] extends [never] ? never : 'list');
type Init<P extends keyof paths, M extends HttpMethod> = MaybeOptionalInit<paths[P], M> & {
  /** The reply shape asked for (with `full`, `all`…): checked, and the reply typed as it. */
  expect?: ShapeOf<Reply<P, M>>;
};
type InitArg<I> = RequiredKeysOf<I> extends never ? [I?] : [I];
type Result<P extends keyof paths, M extends HttpMethod, I> = I extends { expect: 'list' }
  ? ListOf<Reply<P, M>>
  : I extends { expect: infer E extends keyof Schemas }
    ? Schemas[E]
    : Reply<P, M>;
type Call<M extends HttpMethod> = <P extends PathsWithMethod<paths, M>, I extends Init<P, M>>(
  url: P,
  ...init: InitArg<I>
) => Promise<Result<P, M, I>>;

/**
 * A typed Zammad client whose calls resolve to the reply's data, checked against openapi.yaml,
 * or reject: a non-2xx reply, a reply off the document, a timeout or an unreachable upstream
 * each become one error (see `mapError`). No `{data, error}` to unwrap at call sites.
 */
export interface ZammadClient {
  GET: Call<'get'>;
  POST: Call<'post'>;
  PUT: Call<'put'>;
  PATCH: Call<'patch'>;
  DELETE: Call<'delete'>;
  /**
   * The openapi-fetch client underneath, for replies whose headers or bytes matter (attachment
   * downloads). Errors are thrown the same way; replies are not checked.
   */
  raw: Client<paths>;
}

function authMiddleware(auth: ZammadAuth): Middleware {
  return {
    onRequest({ request }) {
      if ('token' in auth) {
        request.headers.set('Authorization', `Token token=${auth.token}`);
        if (auth.onBehalfOf !== undefined) request.headers.set('From', String(auth.onBehalfOf));
      } else if ('basic' in auth) {
        const raw = `${auth.basic.login}:${auth.basic.password}`;
        request.headers.set('Authorization', `Basic ${Buffer.from(raw, 'utf8').toString('base64')}`);
      }
      return request;
    },
  };
}

/** A non-2xx reply becomes a ZammadError with the upstream's status and `error` message. */
function errorMiddleware(mapError: (err: ZammadError) => Error): Middleware {
  return {
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const text = await response.text().catch(() => '');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // an HTML error page from a proxy: the status says enough
      }
      const message =
        body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string'
          ? (body as { error: string }).error
          : `Upstream answered ${response.status}`;
      throw mapError(new ZammadError(response.status, message, 'http', body));
    },
  };
}

/**
 * A typed client for one Zammad-compatible upstream and one identity: a service token
 * acting for a person (`From`), or a person's own Basic credentials (sign-in check).
 */
export function createZammadClient(opts: ZammadClientOptions): ZammadClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const doFetch = opts.fetch ?? ((req: Request) => globalThis.fetch(req));
  const mapError = opts.mapError ?? ((err: ZammadError) => err);
  const raw = createClient<paths>({
    baseUrl: `${opts.baseUrl.replace(/\/+$/, '')}/api/v1`,
    fetch: async (req: Request) => {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        return await doFetch(new Request(req, { signal }));
      } catch (err) {
        if (signal.aborted)
          throw mapError(
            new ZammadError(504, `The helpdesk did not answer within ${timeoutMs} ms`, 'timeout'),
          );
        throw mapError(
          new ZammadError(0, `The helpdesk cannot be reached (${(err as Error).message})`, 'unreachable'),
        );
      }
    },
  });
  raw.use(authMiddleware(opts.auth), errorMiddleware(mapError));
  const validate = opts.validate ?? true;

  const call =
    (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') =>
    async (url: string, init?: { expect?: string } & Record<string, unknown>) => {
      const { expect, ...rest } = init ?? {};
      let result: { data?: unknown; response: Response };
      try {
        result = await (raw[method] as (u: string, i: object) => Promise<typeof result>)(url, rest);
      } catch (err) {
        // The body could not be read: not JSON, or cut short by the timeout while it came in.
        if (err instanceof SyntaxError) throw mapError(new ZammadError(502, 'not valid JSON', 'malformed'));
        if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError'))
          throw mapError(
            new ZammadError(504, `The helpdesk did not answer within ${timeoutMs} ms`, 'timeout'),
          );
        throw err;
      }
      if (validate) {
        try {
          replyValidator().check(method, url, result.response.status, result.data, expect);
        } catch (err) {
          if (!(err instanceof ReplyShapeError)) throw err;
          throw mapError(new ZammadError(502, err.message, 'malformed'));
        }
      }
      return result.data;
    };

  return {
    GET: call('GET') as Call<'get'>,
    POST: call('POST') as Call<'post'>,
    PUT: call('PUT') as Call<'put'>,
    PATCH: call('PATCH') as Call<'patch'>,
    DELETE: call('DELETE') as Call<'delete'>,
    raw,
  };
}
