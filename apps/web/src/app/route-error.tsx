import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { Problem } from '@/components/problem';
import { isApiError } from '@/lib/api-error';

function statusOf(error: unknown): number | undefined {
  if (isRouteErrorResponse(error)) return error.status;
  if (isApiError(error)) return error.status;
  return undefined;
}

/** The route layer of error handling: Not found, Forbidden, or a generic failure. */
export function RouteError() {
  const error = useRouteError();
  const status = statusOf(error);

  if (status === 404) {
    return (
      <Problem title="Not found">
        <p>This page does not exist, or the ticket is not one you can see.</p>
        <p>
          <Link to="/">Back to my tickets</Link>
        </p>
      </Problem>
    );
  }
  if (status === 403) {
    return (
      <Problem title="Forbidden">
        <p>Your account does not have access to this page.</p>
        <p>
          <Link to="/">Back to my tickets</Link>
        </p>
      </Problem>
    );
  }
  return (
    <Problem title="Something went wrong" requestId={isApiError(error) ? error.requestId : undefined}>
      <p>{isApiError(error) ? error.message : 'The page could not be shown.'}</p>
      <p>
        <Link to="." reloadDocument>
          Reload the page
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
