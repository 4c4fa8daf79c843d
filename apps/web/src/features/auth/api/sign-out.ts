import { useMutation } from '@tanstack/react-query';
import { bff } from '@/lib/api-client';
import { isApiError } from '@/lib/api-error';

export async function signOut(): Promise<void> {
  try {
    await bff.DELETE('/bff/session');
  } catch (error) {
    // A session that has already expired is as signed out as it gets.
    if (!isApiError(error, 401)) throw error;
  }
}

/** Signs out on the server; `onSignedOut` then clears local state and leaves the page. */
export function useSignOut(onSignedOut: () => void | Promise<void>) {
  return useMutation({ mutationFn: signOut, onSuccess: onSignedOut });
}
