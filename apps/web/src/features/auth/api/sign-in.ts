import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { sessionKeys } from './keys';
import type { User } from './types';

export type SignInInput = JsonBody<BffPaths['/bff/session']['post']>;

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
