import { type FormEvent, useId } from 'react';
import { isApiError } from '@/lib/api-error';
import { useSignIn } from '../api/sign-in';
import type { User } from '../api/types';

type LoginFormProps = {
  onSignedIn: (user: User) => void;
};

export function LoginForm({ onSignedIn }: LoginFormProps) {
  const signIn = useSignIn();
  const id = useId();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (signIn.isPending) return;
    const form = new FormData(event.currentTarget);
    signIn.mutate(
      { login: String(form.get('login') ?? '').trim(), password: String(form.get('password') ?? '') },
      { onSuccess: onSignedIn },
    );
  }

  const errorId = `${id}-error`;
  return (
    <form className="form" onSubmit={handleSubmit} aria-describedby={signIn.isError ? errorId : undefined}>
      {signIn.isError && (
        <div id={errorId} role="alert" className="alert">
          {isApiError(signIn.error) ? signIn.error.message : 'Signing in failed. Please try again.'}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-login`}>Login or e-mail</label>
        <input
          id={`${id}-login`}
          name="login"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <button type="submit" className="button" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
