import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { data, redirect, useNavigate } from 'react-router';
import type { User } from '@/lib/session';
import { sessionKeys, sessionQueryOptions } from '@/lib/session';

/** Where a person lands after signing in when no other page was asked for. */
export function homeFor(user: User): string {
  if (user.is_agent) return '/agent';
  // A manager who is not an agent has the reports as their work, not a ticket list of their own.
  return user.reports ? '/reports' : '/';
}

const HERE = 'https://same-site.invalid';

/**
 * Accepts only same-site paths, so `?next=` cannot send anyone to another site. The value is
 * resolved the way the browser will (which drops tabs and newlines, so `/\t/evil.example` is
 * `//evil.example`) and kept only when it stays on this origin; control characters and
 * backslashes are refused outright.
 */
export function safeNext(value: string | null): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (!value?.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return null;
  }
  if (url.origin !== HERE) return null;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') ? null : path;
}

export function loginPath(next?: string): string {
  return next && next !== '/' ? `/login?${new URLSearchParams({ next })}` : '/login';
}

/** For loaders of signed-in pages: the person, or a redirect to the sign-in page. */
export async function requireUser(queryClient: QueryClient, request: Request): Promise<User> {
  const user = await queryClient.ensureQueryData(sessionQueryOptions());
  if (!user) {
    const url = new URL(request.url);
    throw redirect(loginPath(url.pathname + url.search));
  }
  return user;
}

/** For loaders of agent pages: like `requireUser`, and 403 for people who are not agents. */
export async function requireAgent(queryClient: QueryClient, request: Request): Promise<User> {
  const user = await requireUser(queryClient, request);
  if (!user.is_agent) throw data('Agents only', { status: 403 });
  return user;
}

export type EndSessionReason = 'signed-out' | 'expired';

/** Forgets the session locally and goes to the sign-in page (after sign-out or expiry). */
export function useEndSession() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useCallback(
    async (reason: EndSessionReason, next?: string) => {
      queryClient.setQueryData(sessionKeys.current(), null);
      await navigate(loginPath(next), { replace: true, state: { reason } });
      // Dropped only after leaving, so the pages being left do not refetch on the way out.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKeys.all[0] });
    },
    [navigate, queryClient],
  );
}
