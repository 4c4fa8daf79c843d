import type { Context } from 'hono';
import { type BffEnv, type BffServices, helpdeskOf } from '../context.ts';
import type { Recover, StoredReply } from './idempotency.ts';
import type { ReferenceData } from './reference.ts';
import type { SessionData } from './session-cookie.ts';

/*
 * What route handlers ask of the request: who is signed in, the reference data they see, and
 * writes that run once per Idempotency-Key.
 */

type Ctx = Context<BffEnv>;

/** The signed-in person, on routes behind `requireSession`. */
export function sessionOf(c: Ctx): SessionData {
  return c.get('session') as SessionData;
}

/** States, priorities and the groups the signed-in person sees (cached, see ReferenceCache). */
export function referenceFor(c: Ctx, services: BffServices): Promise<ReferenceData> {
  return services.reference.get(c.get('deps').zammadUrl, sessionOf(c).login, c.get('upstream'));
}

/** The person as the author of what they just wrote, known from the session without a lookup. */
export function authorOf(s: SessionData): { id: number; name: string } {
  return { id: s.uid, name: `${s.firstname} ${s.lastname}`.trim() || s.login };
}

/**
 * Runs a write once per `Idempotency-Key` (when the request has one; its route validates it),
 * replaying the first reply on retries.
 */
export async function once(
  c: Ctx,
  services: BffServices,
  input: unknown,
  work: () => Promise<StoredReply>,
  recover: Recover,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (!key) {
    const r = await work();
    return c.json(r.body as object, r.status);
  }
  const scope = `${helpdeskOf(c.get('deps'))}\n${sessionOf(c).uid}\n${c.req.method} ${c.req.path}\n${key}`;
  const r = await services.idempotency.run(scope, JSON.stringify(input), work, recover);
  if (r.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(r.body as object, r.status);
}
