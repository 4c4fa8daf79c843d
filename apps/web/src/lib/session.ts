import { queryOptions, useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import type { MethodResponse } from 'openapi-fetch';
import { type Bff, type BffPaths, bff, type JsonBody, unwrap } from './api-client';
import { isApiError } from './api-error';

/*
 * Who is signed in, shared by every part of the app (the shell, the portal, the agent pages,
 * sign-up): the session query and the sign-in mutation. Signing out lives with its button
 * (features/auth); the session-expired event in session-events.ts.
 */

/** The signed-in person as the BFF describes them (the session check answers `null` for nobody). */
export type User = NonNullable<MethodResponse<Bff, 'get', '/bff/session'>['user']>;
export type SignInInput = JsonBody<BffPaths['/bff/session']['post']>;

export const sessionKeys = {
  all: ['session'] as const,
  current: () => [...sessionKeys.all, 'current'] as const,
};

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

export async function signIn(body: SignInInput): Promise<User> {
  return unwrap(await bff.POST('/bff/session', { body })).user;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (user) => {
      // Whatever was cached belonged to the previous session (if any); start clean.
      queryClient.removeQueries();
      queryClient.setQueryData(sessionKeys.current(), user);
    },
  });
}
