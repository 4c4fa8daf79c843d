import type { QueryClient } from '@tanstack/react-query';
import { type LoaderFunctionArgs, useSearchParams } from 'react-router';
import { requireAgent } from '@/app/session';
import { AsyncBoundary } from '@/components/async-boundary';
import { parsePage } from '@/components/pager';
import { ticketsQueryOptions } from '@/features/tickets/api/get-tickets';
import { AgentTicketTable } from '@/features/tickets/components/agent-ticket-table';

export function agentInboxLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    const page = parsePage(new URL(request.url).searchParams.get('page'));
    await queryClient.ensureQueryData(ticketsQueryOptions(page));
    return null;
  };
}

export function AgentInboxPage() {
  const [searchParams] = useSearchParams();
  const page = parsePage(searchParams.get('page'));

  return (
    <>
      <title>Agent inbox · EOSC Helpdesk</title>
      <h1>Agent inbox</h1>
      <AsyncBoundary loading="Loading tickets…">
        <AgentTicketTable
          page={page}
          ticketHref={(id) => `/agent/tickets/${id}`}
          pageHref={(target) => (target === 1 ? '/agent' : `/agent?page=${target}`)}
        />
      </AsyncBoundary>
    </>
  );
}
