import type { QueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, Outlet, useRouteError } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { PageFrame } from '@/components/page-frame';
import { Problem } from '@/components/problem';
import { Status } from '@/components/status';
import { isApiError } from '@/lib/api-error';
import { sessionQueryOptions, useSession } from '@/lib/session';

/** The public frame of the help center: works signed in or not. */
export function helpShellLoader(queryClient: QueryClient) {
  return async () => {
    await queryClient.ensureQueryData(sessionQueryOptions());
    return null;
  };
}

export function HelpShell() {
  const { t } = useTranslation();
  const user = useSession();
  return (
    <PageFrame
      home="/help"
      nav={
        <nav aria-label="Main" className="nav">
          <Link to="/help">{t('common.help')}</Link>
          {user && <Link to="/">{t('common.myTickets')}</Link>}
        </nav>
      }
      account={
        <>
          <LanguageSwitch />
          {!user && (
            <Link className="button button--secondary" to="/login">
              {t('common.signIn')}
            </Link>
          )}
        </>
      }
    >
      <Suspense fallback={<Status tone="loading">{t('common.loading')}</Status>}>
        <Outlet />
      </Suspense>
    </PageFrame>
  );
}

export function HelpError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : isApiError(error) ? error.status : undefined;
  return (
    <Problem title={status === 404 ? 'Not found' : 'Something went wrong'}>
      <p>
        {status === 404
          ? t('kb.notFound')
          : isApiError(error)
            ? error.message
            : 'The page could not be shown.'}
      </p>
      <p>
        <Link to="/help">{t('kb.title')}</Link>
      </p>
    </Problem>
  );
}
