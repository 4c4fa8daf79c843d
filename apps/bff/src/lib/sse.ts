import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { BffEnv } from '../context.ts';
import { maxSessionSeconds } from '../middleware/session.ts';
import { BffError } from './errors.ts';
import { sessionOf } from './request.ts';
import { guardFor } from './session-guard.ts';

/** Open streams per person (upstream and id) in this process. */
const openStreams = new Map<string, number>();

/**
 * A Server-Sent Events stream for the signed-in person: `subscribe` starts what feeds it and
 * returns how to stop. A `: ping` comment every 15 s (`heartbeatMs`) keeps proxies from closing
 * it; it ends when the client goes away or when the session would go idle (the browser then
 * reconnects, and gets 401 once the session is gone).
 */
export function eventStream(
  c: Context<BffEnv>,
  subscribe: (stream: SSEStreamingApi) => Promise<() => void> | (() => void),
): Response {
  const s = sessionOf(c);
  const deps = c.get('deps');
  const person = `${deps.zammadUrl}\n${s.uid}`;
  const max = deps.maxStreamsPerPerson ?? 5;
  // Every tab holds one stream; a person with more than a few is a loop or an attack on the
  // process's connections and pollers.
  if ((openStreams.get(person) ?? 0) >= max)
    throw new BffError(429, 'too_many_streams', `At most ${max} live-update streams per person are open.`, {
      'Retry-After': '30',
    });
  openStreams.set(person, (openStreams.get(person) ?? 0) + 1);
  const release = () => {
    const n = (openStreams.get(person) ?? 1) - 1;
    if (n <= 0) openStreams.delete(person);
    else openStreams.set(person, n);
  };
  c.header('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
  return streamSSE(c, async (stream) => {
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    stream.onAbort(() => done());
    c.req.raw.signal.addEventListener('abort', () => done());
    let unsubscribe: () => void = () => {};
    const heartbeat = setInterval(() => void stream.write(': ping\n\n'), deps.heartbeatMs ?? 15_000);
    // The stream ends when the session would: idle, absolute lifetime, or revoked upstream.
    const end = Math.min(s.exp, s.iat + maxSessionSeconds(deps));
    const idle = setTimeout(() => done(), Math.max(1000, end * 1000 - Date.now()));
    const recheck = setInterval(
      () =>
        void guardFor(deps)
          .valid(deps, s)
          .then((ok) => ok || done()),
      Math.max(1000, deps.sessionCheckMs ?? 5000),
    );
    try {
      unsubscribe = await subscribe(stream);
      await finished;
    } finally {
      clearInterval(heartbeat);
      clearInterval(recheck);
      clearTimeout(idle);
      unsubscribe();
      release();
    }
  });
}
