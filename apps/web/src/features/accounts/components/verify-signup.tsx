import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Status } from '@/components/status';
import { useVerifySignup } from '../api/accounts';
import { accountErrorText } from './error-text';
import { ResendConfirmation } from './resend-confirmation';
import '../strings';
import '../accounts.css';

/** Opens the mailed confirmation link: confirms the address once and signs the person in. */
export function VerifySignup({ token }: { token: string }) {
  const { t } = useTranslation();
  const verify = useVerifySignup();
  const started = useRef<string | null>(null);
  const { mutate } = verify;

  useEffect(() => {
    // Once per token: React's development double effects must not use the link up twice.
    if (started.current === token) return;
    started.current = token;
    mutate(token);
  }, [token, mutate]);

  if (verify.isSuccess) {
    const user = verify.data;
    return (
      <div className="accounts-done">
        <p role="status" className="accounts-ok">
          {t('accounts.verified', { name: user.name })}
        </p>
        <p>
          <Link className="button" to="/">
            {t('accounts.continue')}
          </Link>
        </p>
      </div>
    );
  }
  if (verify.isError) {
    return (
      <div className="accounts-done">
        <div role="alert" className="alert">
          {accountErrorText(verify.error, t)}
        </div>
        <h2>{t('accounts.resendTitle')}</h2>
        <ResendConfirmation />
        <p>
          <Link to="/login">{t('accounts.backToSignIn')}</Link>
        </p>
      </div>
    );
  }
  return <Status tone="loading">{t('accounts.verifying')}</Status>;
}
