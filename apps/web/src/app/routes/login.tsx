import type { QueryClient } from '@tanstack/react-query';
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
import { sessionQueryOptions } from '@/features/auth/api/get-session';
import type { User } from '@/features/auth/api/types';
import { LoginForm } from '@/features/auth/components/login-form';

export function loginLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const user = await queryClient.ensureQueryData(sessionQueryOptions());
    if (user) throw redirect(safeNext(new URL(request.url).searchParams.get('next')) ?? homeFor(user));
    return null;
  };
}

export function LoginPage() {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const { state } = useLocation();
  const expired = (state as { reason?: string } | null)?.reason === 'expired';

  function handleSignedIn(user: User) {
    void navigate(safeNext(searchParams.get('next')) ?? homeFor(user), { replace: true });
  }

  return (
    <div className="shell">
      <header className="banner">
        <div className="banner__inner">
          <span className="brand">EOSC Helpdesk</span>
        </div>
      </header>
      <main id="main" className="page page--narrow">
        <title>Sign in · EOSC Helpdesk</title>
        <div className="card">
          <h1>Sign in</h1>
          {expired && <Status>Your session has ended. Please sign in again.</Status>}
          <LoginForm onSignedIn={handleSignedIn} />
        </div>
        <p className="login__help">
          Looking for an answer? <Link to="/help">Search the help center</Link> without signing in.
        </p>
      </main>
    </div>
  );
}
