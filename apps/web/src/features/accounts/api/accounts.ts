import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import type { User } from '@/lib/session';
import { sessionKeys } from '@/lib/session';

export type SignupInput = JsonBody<BffPaths['/bff/signup']['post']>;

/** Query keys of the accounts feature. */
export const accountKeys = {
  all: ['accounts'] as const,
  resetToken: (token: string) => [...accountKeys.all, 'reset-token', token] as const,
};

export async function signUp(body: SignupInput): Promise<{ verify_email: boolean }> {
  return unwrap(await bff.POST('/bff/signup', { body }));
}

export function useSignUp() {
  return useMutation({ mutationFn: signUp });
}

export async function verifySignup(token: string): Promise<User> {
  return unwrap(await bff.POST('/bff/signup/verify', { body: { token } })).user;
}

/** Confirms the address; the BFF signs the person in, so the session is stored like a sign-in. */
export function useVerifySignup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifySignup,
    onSuccess: (user) => {
      queryClient.removeQueries();
      queryClient.setQueryData(sessionKeys.current(), user);
    },
  });
}

export async function resendConfirmation(email: string): Promise<void> {
  unwrap(await bff.POST('/bff/signup/resend', { body: { email } }));
}

export function useResendConfirmation() {
  return useMutation({ mutationFn: resendConfirmation });
}

export async function requestPasswordReset(username: string): Promise<void> {
  unwrap(await bff.POST('/bff/password-reset', { body: { username } }));
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export async function setNewPassword(input: { token: string; password: string }): Promise<{ login: string }> {
  return unwrap(await bff.POST('/bff/password-reset/verify', { body: input }));
}

export function useSetNewPassword() {
  return useMutation({ mutationFn: setNewPassword });
}

/** Checks a reset link without using it up (a POST, but without side effects). */
export function resetTokenQueryOptions(token: string) {
  return queryOptions({
    queryKey: accountKeys.resetToken(token),
    queryFn: async () => unwrap(await bff.POST('/bff/password-reset/verify', { body: { token } })),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
