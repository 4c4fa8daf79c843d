import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { Problem } from '@/components/problem';
import { isApiError } from '@/lib/api-error';
import './app-strings';

function statusOf(error: unknown): number | undefined {
  if (isRouteErrorResponse(error)) return error.status;
  if (isApiError(error)) return error.status;
  return undefined;
}

/** The route layer of error handling: Not found, Forbidden, or a generic failure. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = statusOf(error);

  if (status === 404) {
    return (
      <Problem title={t('routeError.notFound')}>
        <p>{t('routeError.notFoundText')}</p>
        <p>
          <Link to="/">{t('routeError.back')}</Link>
        </p>
      </Problem>
    );
  }
  if (status === 403) {
    return (
      <Problem title={t('routeError.forbidden')}>
        <p>{t('routeError.forbiddenText')}</p>
        <p>
          <Link to="/">{t('routeError.back')}</Link>
        </p>
      </Problem>
    );
  }
  return (
    <Problem title={t('routeError.failed')} requestId={isApiError(error) ? error.requestId : undefined}>
      <p>{isApiError(error) ? error.message : t('routeError.failedText')}</p>
      <p>
        <Link to="." reloadDocument>
          {t('routeError.reload')}
        </Link>
      </p>
    </Problem>
  );
}

/** The same, for failures before the app shell exists (its own landmark). */
export function RootError() {
  return (
    <main id="main" className="page page--narrow">
      <RouteError />
    </main>
  );
}
