import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { BffEnv } from '../context.ts';
import { sessionOf } from './request.ts';

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
  c.header('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
  return streamSSE(c, async (stream) => {
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    stream.onAbort(() => done());
    c.req.raw.signal.addEventListener('abort', () => done());
    const unsubscribe = await subscribe(stream);
    const heartbeat = setInterval(() => void stream.write(': ping\n\n'), deps.heartbeatMs ?? 15_000);
    const idle = setTimeout(() => done(), Math.max(1000, s.exp * 1000 - Date.now()));
    try {
      await finished;
    } finally {
      clearInterval(heartbeat);
      clearTimeout(idle);
      unsubscribe();
    }
  });
}
