import type { QueryClient } from '@tanstack/react-query';
import { Link, type LoaderFunctionArgs, useSearchParams } from 'react-router';
import { requireUser } from '@/app/session';
import { AsyncBoundary } from '@/components/async-boundary';
import { parsePage } from '@/components/pager';
import { ticketsQueryOptions } from '@/features/tickets/api/get-tickets';
import { TicketList } from '@/features/tickets/components/ticket-list';

export function portalLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireUser(queryClient, request);
    const page = parsePage(new URL(request.url).searchParams.get('page'));
    await queryClient.ensureQueryData(ticketsQueryOptions(page));
    return null;
  };
}

export function PortalPage() {
  const [searchParams] = useSearchParams();
  const page = parsePage(searchParams.get('page'));

  return (
    <>
      <title>My tickets · EOSC Helpdesk</title>
      <div className="page-header">
        <h1>My tickets</h1>
        <Link className="button" to="/tickets/new">
          New ticket
        </Link>
      </div>
      <AsyncBoundary loading="Loading your tickets…">
        <TicketList
          page={page}
          ticketHref={(id) => `/tickets/${id}`}
          pageHref={(target) => (target === 1 ? '/' : `/?page=${target}`)}
        />
      </AsyncBoundary>
    </>
  );
}
