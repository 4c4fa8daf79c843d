import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLanguage } from '@/lib/i18n';
import type { User } from '@/lib/session';
import { useSignIn } from '@/lib/session';
import { useSignUp } from '../api/accounts';
import { accountErrorText } from './error-text';
import { NewPasswordFields } from './new-password-fields';
import { meetsPolicy } from './password-rules';
import { ResendConfirmation } from './resend-confirmation';
import '../strings';
import '../accounts.css';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Props = {
  /** When the helpdesk sends no mail the account is usable at once: the person is signed in. */
  onSignedIn: (user: User) => void;
};

export function SignupForm({ onSignedIn }: Props) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const id = useId();
  const signUp = useSignUp();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const [focusInvalid, setFocusInvalid] = useState(0);

  const emailError = tried && !EMAIL.test(email.trim()) ? t('accounts.emailInvalid') : undefined;
  const passwordError = tried && !meetsPolicy(password) ? t('accounts.passwordTooWeak') : undefined;
  const confirmError = tried && confirm !== password ? t('accounts.passwordMismatch') : undefined;

  useEffect(() => {
    if (focusInvalid) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusInvalid]);
  useEffect(() => {
    if (sentTo) doneRef.current?.focus();
  }, [sentTo]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (signUp.isPending || signIn.isPending) return;
    setTried(true);
    const address = email.trim().toLowerCase();
    if (!EMAIL.test(address) || !meetsPolicy(password) || confirm !== password) {
      setFocusInvalid((n) => n + 1);
      return;
    }
    const form = new FormData(event.currentTarget);
    signUp.mutate(
      {
        firstname: String(form.get('firstname') ?? '').trim(),
        lastname: String(form.get('lastname') ?? '').trim(),
        email: address,
        password,
        language,
      },
      {
        onSuccess: (result) => {
          if (result.verify_email) setSentTo(address);
          else signIn.mutate({ login: address, password }, { onSuccess: onSignedIn });
        },
      },
    );
  }

  if (sentTo) {
    return (
      <div className="accounts-done">
        <h2 ref={doneRef} tabIndex={-1}>
          {t('accounts.checkInboxTitle')}
        </h2>
        <p role="status">{t('accounts.checkInbox', { email: sentTo })}</p>
        <ResendConfirmation email={sentTo} />
        <p>
          <Link to="/login">{t('accounts.backToSignIn')}</Link>
        </p>
      </div>
    );
  }

  const error = signUp.error ?? signIn.error;
  const errorId = `${id}-error`;
  return (
    <form
      ref={formRef}
      className="form"
      noValidate
      onSubmit={handleSubmit}
      aria-describedby={error ? errorId : undefined}
    >
      <p className="lead">{t('accounts.signupLead')}</p>
      {error && (
        <div id={errorId} role="alert" className="alert">
          {accountErrorText(error, t)}
          {isTaken(error) && (
            <>
              {' '}
              <Link to="/login">{t('accounts.signIn')}</Link> ·{' '}
              <Link to="/password-reset">{t('auth.forgotPassword')}</Link>
            </>
          )}
        </div>
      )}
      <div className="accounts-names">
        <div className="field">
          <label htmlFor={`${id}-firstname`}>
            {t('accounts.firstname')} <span className="hint">{t('accounts.optional')}</span>
          </label>
          <input
            id={`${id}-firstname`}
            name="firstname"
            type="text"
            autoComplete="given-name"
            maxLength={150}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-lastname`}>
            {t('accounts.lastname')} <span className="hint">{t('accounts.optional')}</span>
          </label>
          <input
            id={`${id}-lastname`}
            name="lastname"
            type="text"
            autoComplete="family-name"
            maxLength={150}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('accounts.email')}</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={255}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? `${id}-email-error` : undefined}
          required
        />
        {emailError && (
          <p id={`${id}-email-error`} className="inline-error">
            {emailError}
          </p>
        )}
      </div>
      <NewPasswordFields
        label={t('accounts.password')}
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        passwordError={passwordError}
        confirmError={confirmError}
      />
      <button type="submit" className="button" disabled={signUp.isPending || signIn.isPending}>
        {signUp.isPending || signIn.isPending ? t('accounts.submittingSignup') : t('accounts.submitSignup')}
      </button>
    </form>
  );
}

function isTaken(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'email_taken';
}
