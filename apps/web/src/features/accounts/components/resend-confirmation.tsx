import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResendConfirmation } from '../api/accounts';
import { accountErrorText } from './error-text';
import '../strings';
import '../accounts.css';

/**
 * "Send the link again": a button when the address is known, else a small form asking for it.
 * The answer is the same whether or not the address has an unconfirmed account.
 */
export function ResendConfirmation({ email }: { email?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const resend = useResendConfirmation();
  const [address, setAddress] = useState(email ?? '');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (resend.isPending || !address.trim()) return;
    resend.mutate(address.trim().toLowerCase());
  }

  return (
    <form className="accounts-resend" onSubmit={handleSubmit}>
      {email === undefined ? (
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('accounts.email')}</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="email"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            required
          />
          <button type="submit" className="button button--secondary" disabled={resend.isPending}>
            {resend.isPending ? t('accounts.resending') : t('accounts.resend')}
          </button>
        </div>
      ) : (
        <p>
          {t('accounts.notReceived')}{' '}
          <button type="submit" className="link-button" disabled={resend.isPending}>
            {resend.isPending ? t('accounts.resending') : t('accounts.resend')}
          </button>
          .
        </p>
      )}
      <div aria-live="polite">
        {resend.isSuccess && <p className="accounts-ok">{t('accounts.resent', { email: address.trim() })}</p>}
      </div>
      {resend.isError && (
        <p role="alert" className="inline-error">
          {accountErrorText(resend.error, t)}
        </p>
      )}
    </form>
  );
}
