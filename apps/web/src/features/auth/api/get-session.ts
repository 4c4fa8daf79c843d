import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { isApiError } from '@/lib/api-error';
import { sessionKeys } from './keys';
import type { User } from './types';

/**
 * The signed-in person, or `null` when nobody is signed in: the BFF answers an anonymous visitor
 * 200 `{ user: null }`, so public pages log no failed request. (A 401 still means nobody.)
 */
export async function getSession(signal?: AbortSignal): Promise<User | null> {
  try {
    return unwrap(await bff.GET('/bff/session', { signal })).user;
  } catch (error) {
    if (isApiError(error, 401)) return null;
    throw error;
  }
}

export function sessionQueryOptions() {
  return queryOptions({
    queryKey: sessionKeys.current(),
    queryFn: ({ signal }) => getSession(signal),
    // Sign-in, sign-out and the session-expired event update this entry; polling adds nothing.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSession(): User | null {
  return useSuspenseQuery(sessionQueryOptions()).data;
}
