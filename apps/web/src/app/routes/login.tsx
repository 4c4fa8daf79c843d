import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  Link,
  type LoaderFunctionArgs,
  redirect,
  useLocation,
  useNavigate,
  useSearchParams,
} from 'react-router';
import { homeFor, safeNext } from '@/app/session';
import { Status } from '@/components/status';
import { AuthLayout } from '@/features/auth/components/auth-layout';
import { LoginForm } from '@/features/auth/components/login-form';
import type { User } from '@/lib/session';
import { sessionQueryOptions } from '@/lib/session';
import '@/features/auth/strings';
import '@/features/auth/auth.css';

export function loginLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const user = await queryClient.ensureQueryData(sessionQueryOptions());
    if (user) throw redirect(safeNext(new URL(request.url).searchParams.get('next')) ?? homeFor(user));
    return null;
  };
}

/** Why the sign-in page was opened: a session that ended, or a password just changed. */
type LoginState = { reason?: 'expired' | 'password-changed'; login?: string } | null;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const state = useLocation().state as LoginState;

  function handleSignedIn(user: User) {
    void navigate(safeNext(searchParams.get('next')) ?? homeFor(user), { replace: true });
  }

  return (
    <AuthLayout
      title={t('auth.title')}
      footer={
        <>
          <p className="login__help">
            {t('auth.noAccount')} <Link to="/signup">{t('auth.createAccount')}</Link>
          </p>
          <p className="login__help">
            {t('auth.helpBefore')} <Link to="/help">{t('auth.helpLink')}</Link> {t('auth.helpAfter')}
          </p>
        </>
      }
    >
      {state?.reason === 'expired' && <Status>{t('auth.expired')}</Status>}
      {state?.reason === 'password-changed' && <Status>{t('auth.passwordChanged')}</Status>}
      <LoginForm onSignedIn={handleSignedIn} defaultLogin={state?.login} />
    </AuthLayout>
  );
}
