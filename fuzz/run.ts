import http from 'node:http';
import fc from 'fast-check';
import { expect, inject } from 'vitest';
import { describeRequest, type FuzzRequest, requestFor } from './arbitraries.ts';
import { type ApiDoc, loadDoc, type Operation } from './openapi.ts';

export type Identity = 'anonymous' | 'customer' | 'agent' | 'admin';
const IDENTITIES: Identity[] = ['anonymous', 'customer', 'agent', 'admin'];

/** `npm test` runs a bounded count with a fixed seed; `npm run fuzz` sets FUZZ_RUNS and FUZZ_SEED. */
export const SEED = Number(process.env.FUZZ_SEED ?? 1313);
export const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

interface Reply {
  status: number;
  contentType: string;
  text: string;
}

/**
 * One request on a connection of its own (node:http, no keep-alive): a pooled connection the
 * server closed after its keep-alive timeout would make a non-idempotent request fail with
 * "other side closed", a fact about connection reuse and not about the route under test.
 */
function send(base: string, r: FuzzRequest, headers: Record<string, string>): Promise<Reply> {
  const url = new URL(`${base}${r.path}${r.query.length ? `?${new URLSearchParams(r.query)}` : ''}`);
  const body = r.body === undefined ? undefined : Buffer.from(r.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: r.method,
        path: `${url.pathname}${url.search}`,
        agent: false,
        timeout: 30_000,
        headers: {
          ...headers,
          ...(r.contentType ? { 'Content-Type': r.contentType } : {}),
          ...(body ? { 'Content-Length': String(body.length) } : {}),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = String(res.headers['content-type'] ?? '');
        // A live-update stream never ends by itself: its status and headers are the reply.
        if (contentType.includes('text/event-stream')) {
          res.destroy();
          return resolve({ status, contentType, text: '' });
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status, contentType, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no reply within 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface FuzzApi {
  name: 'desk' | 'bff';
  base: string;
  /** Operations left out, with the reason (they end the fuzzer's own sessions). */
  skip?: (op: Operation) => boolean;
  /** Headers of each identity (credentials, and for the BFF the CSRF pair). */
  headers(who: Identity, method: string): Promise<Record<string, string>>;
  /** After a reply: the identity may need signing in again (its session was ended by a fuzzed call). */
  afterReply?(who: Identity, reply: Reply): Promise<void>;
}

/**
 * The property: for any identity and any request built from the API's document (hostile values
 * included), the reply is no 5xx, keeps the documented schema (an undocumented 4xx must still be
 * the API's error shape), carries no marker of data the identity may not see, and both processes
 * live on. A failure names the seed, the path to the counterexample and a curl line.
 */
export async function fuzz(api: FuzzApi): Promise<{ runs: number; statuses: Record<string, number> }> {
  const target = inject('fuzz');
  const doc: ApiDoc = loadDoc(api.name);
  const ops = doc.operations.filter((op) => !api.skip?.(op));
  const statuses: Record<string, number> = {};
  const ids = (op: Operation, param: string): number[] => {
    // Users the fuzzer may damage; never its own identities (it would lock itself out).
    if (op.template.startsWith('/users/') || op.template.includes('/users/')) return target.victimUserIds;
    if (op.method === 'DELETE') return [1, 2, 3, 5, 8];
    return param.includes('ticket') || /tickets/.test(op.template) ? target.ticketIds : [1, 2, 3];
  };
  // The counterexample fast-check prints is the identity, the operation's id and the request.
  const arb = fc.tuple(
    fc.constantFrom(...IDENTITIES),
    fc.constantFrom(...ops.map((op) => op.operationId)).chain((id) => {
      const op = ops.find((o) => o.operationId === id) as Operation;
      return requestFor(doc, op, ids).map((req) => ({ operation: id, req }));
    }),
  );
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arb, async ([who, { operation, req }]) => {
      const op = ops.find((o) => o.operationId === operation) as Operation;
      runs += 1;
      const headers = await api.headers(who, req.method);
      const where = () => `${who}: ${describeRequest(api.base, req, headers)}`;
      let reply: Reply;
      try {
        reply = await send(api.base, req, headers);
      } catch (err) {
        throw new Error(`no reply (${(err as Error).message}) to ${where()}`);
      }
      statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
      const shown = `→ ${reply.status} ${reply.text.slice(0, 600)}`;
      expect(alive(target.deskPid) && alive(target.bffPid), `a process died after ${where()}`).toBe(true);
      expect(reply.status, `5xx from ${where()} ${shown}`).toBeLessThan(500);
      if (reply.contentType.includes('application/json') && reply.text !== '') {
        let body: unknown;
        try {
          body = JSON.parse(reply.text);
        } catch {
          throw new Error(`a JSON reply that is not JSON: ${where()} ${shown}`);
        }
        const documented =
          op.replies.get(String(reply.status)) ?? op.replies.get(`${String(reply.status)[0]}XX`);
        const check = op.replies.has(String(reply.status))
          ? documented
          : reply.status >= 400
            ? doc.errorShape
            : undefined;
        if (reply.status < 400 && !op.replies.has(String(reply.status)))
          throw new Error(`undocumented ${reply.status} for ${op.operationId}: ${where()} ${shown}`);
        if (check && !check(body))
          throw new Error(
            `reply off the schema of ${op.operationId} ${reply.status} (${JSON.stringify(check.errors?.slice(0, 2))}): ${where()} ${shown}`,
          );
      }
      if (who === 'anonymous' || who === 'customer') {
        const { otherCustomer, internal } = target.markers;
        expect(reply.text.includes(otherCustomer), `another customer's data to ${where()} ${shown}`).toBe(
          false,
        );
        expect(reply.text.includes(internal), `an internal note to ${where()} ${shown}`).toBe(false);
      }
      if (who === 'anonymous') {
        expect(
          /@example\.(org|net)/.test(reply.text) &&
            reply.status < 300 &&
            !/^\/(users\/|bff\/(signup|password))/.test(req.path),
          `personal data to an anonymous caller: ${where()} ${shown}`,
        ).toBe(false);
      }
      await api.afterReply?.(who, reply);
    }),
    {
      seed: SEED,
      numRuns: RUNS,
      endOnFailure: true,
      interruptAfterTimeLimit: Number(process.env.FUZZ_TIME_LIMIT_MS ?? 75_000),
    },
  );
  return { runs, statuses };
}
