import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, redirect, useNavigate, useParams } from 'react-router';
import { homeFor } from '@/app/session';
import { SignupForm } from '@/features/accounts/components/signup-form';
import { VerifySignup } from '@/features/accounts/components/verify-signup';
import '@/features/accounts/strings';
import { AuthLayout } from '@/features/auth/components/auth-layout';
import type { User } from '@/lib/session';
import { sessionQueryOptions } from '@/lib/session';
import '@/features/auth/auth.css';

/** Signed-in people have an account already: they go home. */
export function signedOutOnlyLoader(queryClient: QueryClient) {
  return async () => {
    const user = await queryClient.ensureQueryData(sessionQueryOptions());
    if (user) throw redirect(homeFor(user));
    return null;
  };
}

export function SignupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <AuthLayout
      title={t('accounts.signupTitle')}
      footer={
        <p className="login__help">
          {t('accounts.haveAccount')} <Link to="/login">{t('accounts.signIn')}</Link>
        </p>
      }
    >
      <SignupForm onSignedIn={(user: User) => void navigate(homeFor(user), { replace: true })} />
    </AuthLayout>
  );
}

/** The target of the mailed confirmation link. */
export function SignupVerifyPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  return (
    <AuthLayout title={t('accounts.verifyTitle')}>
      <VerifySignup token={token} />
    </AuthLayout>
  );
}
