import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { data, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { requireAgent } from '@/app/session';
import { AsyncBoundary } from '@/components/async-boundary';
import { AgentTicketView } from '@/features/agent-ticket/components/agent-ticket-view';
import '@/features/agent-ticket/view-strings';
import { parseTicketId } from '@/features/tickets/ticket-id';
import { ticketQueryOptions } from '@/lib/tickets/get-ticket';

export function agentTicketLoader(queryClient: QueryClient) {
  return async ({ request, params }: LoaderFunctionArgs) => {
    const user = await requireAgent(queryClient, request);
    const id = parseTicketId(params.id);
    if (id === null) throw data('Not found', { status: 404 });
    await queryClient.ensureQueryData(ticketQueryOptions(id));
    return { id, me: user.id };
  };
}

export function AgentTicketPage() {
  const { id, me } = useLoaderData<ReturnType<typeof agentTicketLoader>>();
  const { t } = useTranslation();

  return (
    <>
      <p className="breadcrumb">
        <Link to="/agent">{t('ticketView.breadcrumb')}</Link>
      </p>
      <AsyncBoundary loading={t('ticketView.loading')}>
        <AgentTicketView key={id} id={id} me={me} />
      </AsyncBoundary>
    </>
  );
}
