import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Status } from '@/components/status';
import { resetTokenQueryOptions, useSetNewPassword } from '../api/accounts';
import { accountErrorText } from './error-text';
import { NewPasswordFields } from './new-password-fields';
import { meetsPolicy } from './password-rules';
import '../strings';
import '../accounts.css';

type Props = {
  token: string;
  /** After the password is saved: the person signs in with it. */
  onChanged: (login: string) => void;
};

/** The mailed reset link: checks it first, then asks for the new password (twice). */
export function NewPasswordForm({ token, onChanged }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const check = useQuery(resetTokenQueryOptions(token));
  const save = useSetNewPassword();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const [focusInvalid, setFocusInvalid] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (focusInvalid) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusInvalid]);

  if (check.isPending) return <Status tone="loading">{t('accounts.checkingLink')}</Status>;
  const linkDead = check.isError || (save.error as { code?: string } | null)?.code === 'invalid_token';
  if (linkDead) {
    return (
      <div className="accounts-done">
        <div role="alert" className="alert">
          {accountErrorText(check.error ?? save.error, t)}
        </div>
        <p>
          <Link className="button" to="/password-reset">
            {t('accounts.askNewLink')}
          </Link>
        </p>
      </div>
    );
  }

  const passwordError = tried && !meetsPolicy(password) ? t('accounts.passwordTooWeak') : undefined;
  const confirmError = tried && confirm !== password ? t('accounts.passwordMismatch') : undefined;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    setTried(true);
    if (!meetsPolicy(password) || confirm !== password) {
      setFocusInvalid((n) => n + 1);
      return;
    }
    save.mutate({ token, password }, { onSuccess: (result) => onChanged(result.login) });
  }

  const errorId = `${id}-error`;
  return (
    <form
      ref={formRef}
      className="form"
      noValidate
      onSubmit={handleSubmit}
      aria-describedby={save.isError ? errorId : undefined}
    >
      <p className="lead">{t('accounts.newPasswordFor', { login: check.data.login })}</p>
      {save.isError && (
        <div id={errorId} role="alert" className="alert">
          {accountErrorText(save.error, t)}
        </div>
      )}
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={check.data.login} readOnly hidden />
      <NewPasswordFields
        label={t('accounts.newPassword')}
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        passwordError={passwordError}
        confirmError={confirmError}
      />
      <button type="submit" className="button" disabled={save.isPending}>
        {save.isPending ? t('accounts.submittingNewPassword') : t('accounts.submitNewPassword')}
      </button>
    </form>
  );
}
