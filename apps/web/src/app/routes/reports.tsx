import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { data, type LoaderFunctionArgs, type ShouldRevalidateFunction, useSearchParams } from 'react-router';
import { requireUser } from '@/app/session';
import { scopeQueryOptions } from '@/features/reports/api/reports';
import { MonthlyReport } from '@/features/reports/components/monthly-report';
import type { ViewChange } from '@/features/reports/components/report-controls';
import { ReportsDashboard } from '@/features/reports/components/reports-dashboard';
import { paramsForView, viewFromParams } from '@/features/reports/period';
import { useSession } from '@/lib/session';

/*
 * The reporting dashboards (/reports) and the printable monthly report (/reports/monthly):
 * managers and unit leads only (the session's `reports`); a 403 from the BFF (their access
 * changed since sign-in) shows the Forbidden page too. A lazy chunk: neither the portal nor the
 * inbox loads it.
 */

export function reportsLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const user = await requireUser(queryClient, request);
    if (!user.reports) throw data('Reports only', { status: 403 });
    await queryClient.ensureQueryData(scopeQueryOptions());
    return null;
  };
}

/**
 * The period and filters live in the search params: changing them is not a new page, so the
 * loader (who may see reports) is not run again, and quick successive changes all land.
 */
export const reportsShouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl }) =>
  currentUrl.pathname !== nextUrl.pathname;

export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const user = useSession();
  const search = params.toString();
  // The search last asked for and not shown yet: while new figures load, the router keeps the
  // previous screen (a transition), so a second change made meanwhile builds on this one.
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (pending.current === search) pending.current = null;
  }, [search]);
  const onChange = (change: ViewChange) => {
    const current = new URLSearchParams(pending.current ?? search);
    const next = paramsForView(change(viewFromParams(current)));
    pending.current = next.toString();
    setParams(next, { replace: true });
  };
  return (
    <ReportsDashboard
      view={viewFromParams(params)}
      inboxLinks={Boolean(user?.is_agent)}
      onChange={onChange}
    />
  );
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function MonthlyReportPage() {
  const [params] = useSearchParams();
  const asked = params.get('month') ?? '';
  const now = new Date();
  // Without a month, the last complete one.
  const fallback = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const month = MONTH.test(asked)
    ? asked
    : `${fallback.getFullYear()}-${String(fallback.getMonth() + 1).padStart(2, '0')}`;
  return <MonthlyReport month={month} filters={viewFromParams(params).filters} />;
}
