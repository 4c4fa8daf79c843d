import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRequestPasswordReset } from '../api/accounts';
import { accountErrorText } from './error-text';
import '../strings';
import '../accounts.css';

/** Asks for a reset link; the answer never tells whether the account exists. */
export function ResetRequestForm() {
  const { t } = useTranslation();
  const id = useId();
  const request = useRequestPasswordReset();
  const [sentFor, setSentFor] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (sentFor) doneRef.current?.focus();
  }, [sentFor]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (request.isPending) return;
    const username = String(new FormData(event.currentTarget).get('username') ?? '').trim();
    if (!username) return;
    request.mutate(username, { onSuccess: () => setSentFor(username) });
  }

  if (sentFor) {
    return (
      <div className="accounts-done">
        <p ref={doneRef} tabIndex={-1} role="status" className="accounts-ok">
          {t('accounts.resetSent', { username: sentFor })}
        </p>
        <p>
          <Link to="/login">{t('accounts.backToSignIn')}</Link>
        </p>
      </div>
    );
  }

  const errorId = `${id}-error`;
  return (
    <form className="form" onSubmit={handleSubmit} aria-describedby={request.isError ? errorId : undefined}>
      <p className="lead">{t('accounts.resetLead')}</p>
      {request.isError && (
        <div id={errorId} role="alert" className="alert">
          {accountErrorText(request.error, t)}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-username`}>{t('accounts.username')}</label>
        <input
          id={`${id}-username`}
          name="username"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={255}
          required
        />
      </div>
      <button type="submit" className="button" disabled={request.isPending}>
        {request.isPending ? t('accounts.submittingReset') : t('accounts.submitReset')}
      </button>
      <p>
        <Link to="/login">{t('accounts.backToSignIn')}</Link>
      </p>
    </form>
  );
}
