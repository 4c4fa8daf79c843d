import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '@/lib/api-error';
import type { User } from '@/lib/session';
import { useSignIn } from '@/lib/session';
import '../strings';
import '../auth.css';

type LoginFormProps = {
  onSignedIn: (user: User) => void;
  /** Prefills the login, e.g. after a password reset. */
  defaultLogin?: string | undefined;
};

export function LoginForm({ onSignedIn, defaultLogin }: LoginFormProps) {
  const { t } = useTranslation();
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

  function errorText(error: unknown): string {
    if (isApiError(error, 401)) return t('auth.wrongCredentials');
    if (isApiError(error, 429)) return t('auth.rateLimited');
    return isApiError(error) ? error.message : t('auth.failed');
  }

  const errorId = `${id}-error`;
  return (
    <form className="form" onSubmit={handleSubmit} aria-describedby={signIn.isError ? errorId : undefined}>
      {signIn.isError && (
        <div id={errorId} role="alert" className="alert">
          {errorText(signIn.error)}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-login`}>{t('auth.loginLabel')}</label>
        <input
          id={`${id}-login`}
          name="login"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={defaultLogin}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('auth.passwordLabel')}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <Link to="/password-reset" className="field__link">
          {t('auth.forgotPassword')}
        </Link>
      </div>
      <button type="submit" className="button" disabled={signIn.isPending}>
        {signIn.isPending ? t('auth.submitting') : t('auth.submit')}
      </button>
    </form>
  );
}
