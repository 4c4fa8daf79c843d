import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, type LoaderFunctionArgs, useNavigate, useSearchParams } from 'react-router';
import { requireUser } from '@/app/session';
import { AsyncBoundary } from '@/components/async-boundary';
import { parseTicketFilters, ticketListHref, ticketsQueryOptions } from '@/features/tickets/api/get-tickets';
import { TicketFilters } from '@/features/tickets/components/ticket-filters';
import { TicketList } from '@/features/tickets/components/ticket-list';
import '@/features/tickets/ticket-strings';

export function portalLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireUser(queryClient, request);
    const filters = parseTicketFilters(new URL(request.url).searchParams);
    await queryClient.ensureQueryData(ticketsQueryOptions(filters));
    return null;
  };
}

/** My tickets: the customer's tickets, filtered by state, searched and paged, all in the URL. */
export function PortalPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = parseTicketFilters(searchParams);
  const heading = filters.scope === 'organization' ? t('myTickets.orgTitle') : t('myTickets.title');

  return (
    <>
      <title>{t('ui.titleSuffix', { title: heading })}</title>
      <div className="page-header">
        <h1>{heading}</h1>
        <Link className="button" to="/tickets/new">
          {t('myTickets.newTicket')}
        </Link>
      </div>
      <TicketFilters
        filters={filters}
        // Refining a search replaces the entry, so Back leaves the search rather than each keystroke.
        onSearch={(q, refine) =>
          void navigate(ticketListHref({ ...filters, q, page: 1 }), { replace: refine })
        }
      />
      <AsyncBoundary loading={t('myTickets.loading')}>
        <TicketList filters={filters} ticketHref={(id) => `/tickets/${id}`} />
      </AsyncBoundary>
    </>
  );
}
