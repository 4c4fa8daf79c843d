import type { MethodResponse } from 'openapi-fetch';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type Bff, bff } from '@/lib/api-client';
import { useLiveEvent } from '@/lib/live-events';

export type Viewer = MethodResponse<Bff, 'post', '/bff/agent/tickets/{id}/presence'>['viewers'][number];
type PresenceState = 'viewing' | 'typing' | 'left';

/** Heartbeat period; the BFF forgets a tab 40 s after its last one. */
export const HEARTBEAT_MS = 15_000;
/** "Typing" lasts this long after the last keystroke. */
export const TYPING_MS = 5_000;

const eventsUrl = (id: number) => `/bff/agent/tickets/${id}/presence/events`;

/**
 * Collision detection: tells the BFF this tab is viewing the ticket (every 15 s), typing (for
 * 5 s after the last keystroke, through `typing()`) or gone (on unmount and when the page is
 * hidden for good), and keeps `viewers` — the OTHER agents on the ticket — live from the
 * ticket's presence stream (falling back to the heartbeat replies without EventSource).
 */
export function usePresence(ticketId: number): { viewers: Viewer[]; typing: () => void } {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const state = useRef<Exclude<PresenceState, 'left'>>('viewing');
  const client = useRef('');
  if (!client.current) client.current = globalThis.crypto.randomUUID();
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const send = useCallback(
    async (next: PresenceState) => {
      const left = next === 'left';
      // Best effort: a missed heartbeat only delays what others see; the next one retries. "Left"
      // is sent as the page may be going away: a keepalive request outlives it (sendBeacon cannot
      // send the CSRF header); nobody is left to hear a failure, and the entry expires by itself.
      const res = await bff
        .POST('/bff/agent/tickets/{id}/presence', {
          params: { path: { id: ticketId } },
          body: { state: next, client: client.current },
          ...(left ? { keepalive: true } : {}),
        })
        .catch(() => undefined);
      if (!left && res?.data) setViewers(res.data.viewers);
    },
    [ticketId],
  );

  useEffect(() => {
    state.current = 'viewing';
    void send('viewing');
    const beat = setInterval(() => void send(state.current), HEARTBEAT_MS);
    const hide = () => void send('left');
    const show = (e: PageTransitionEvent) => {
      if (e.persisted) void send(state.current);
    };
    window.addEventListener('pagehide', hide);
    window.addEventListener('pageshow', show);
    return () => {
      clearInterval(beat);
      clearTimeout(typingTimer.current);
      window.removeEventListener('pagehide', hide);
      window.removeEventListener('pageshow', show);
      void send('left');
    };
  }, [send]);

  useLiveEvent('presence', (data) => setViewers((data as { viewers: Viewer[] }).viewers), {
    url: eventsUrl(ticketId),
  });

  const typing = useCallback(() => {
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      state.current = 'viewing';
      void send('viewing');
    }, TYPING_MS);
    if (state.current !== 'typing') {
      state.current = 'typing';
      void send('typing');
    }
  }, [send]);

  return { viewers, typing };
}
