import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { Component, type ErrorInfo, type ReactNode, Suspense } from 'react';
import { ApiError } from '@/lib/api-error';
import { i18next } from '@/lib/i18n';
import { Status } from './status';
import './ui-strings';

type BoundaryProps = {
  children: ReactNode;
  onReset: () => void;
};
type BoundaryState = { error: Error | null };

class ErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    if (!(error instanceof ApiError)) console.error(error, info.componentStack);
  }

  private readonly retry = () => {
    this.props.onReset();
    this.setState({ error: null });
  };

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Status
        tone="error"
        onRetry={this.retry}
        requestId={error instanceof ApiError ? error.requestId : undefined}
      >
        {error instanceof ApiError
          ? error.message
          : // A class component: the translation is read at render time, in the current language.
            i18next.t('ui.panelFailed')}
      </Status>
    );
  }
}

/**
 * A panel's own loading and error handling: a loading message while its suspense queries
 * load, and an error message with a retry that refetches them.
 */
export function AsyncBoundary({ children, loading }: { children: ReactNode; loading: string }) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <ErrorBoundary onReset={reset}>
          <Suspense fallback={<Status tone="loading">{loading}</Status>}>{children}</Suspense>
        </ErrorBoundary>
      )}
    </QueryErrorResetBoundary>
  );
}
