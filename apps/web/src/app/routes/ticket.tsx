import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { data, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { requireUser } from '@/app/session';
import { AsyncBoundary } from '@/components/async-boundary';
import { TicketView } from '@/features/tickets/components/ticket-view';
import { parseTicketId } from '@/features/tickets/ticket-id';
import { ticketQueryOptions } from '@/lib/tickets/get-ticket';
import '@/features/tickets/ticket-strings';

export function ticketLoader(queryClient: QueryClient) {
  return async ({ request, params }: LoaderFunctionArgs) => {
    await requireUser(queryClient, request);
    const id = parseTicketId(params.id);
    if (id === null) throw data('Not found', { status: 404 });
    await queryClient.ensureQueryData(ticketQueryOptions(id));
    return { id };
  };
}

export function TicketPage() {
  const { id } = useLoaderData<ReturnType<typeof ticketLoader>>();
  const { t } = useTranslation();

  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t('ticketPage.breadcrumb')}</Link>
      </p>
      <AsyncBoundary loading={t('ticketPage.loading')}>
        <TicketView id={id} />
      </AsyncBoundary>
    </>
  );
}
