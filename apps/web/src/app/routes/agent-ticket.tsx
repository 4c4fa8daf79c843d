import type { QueryClient } from '@tanstack/react-query';
import { data, Link, type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { requireAgent } from '@/app/session';
import { AsyncBoundary } from '@/components/async-boundary';
import { ticketQueryOptions } from '@/features/tickets/api/get-ticket';
import { TicketView } from '@/features/tickets/components/ticket-view';
import { parseTicketId } from '@/features/tickets/ticket-id';

export function agentTicketLoader(queryClient: QueryClient) {
  return async ({ request, params }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    const id = parseTicketId(params.id);
    if (id === null) throw data('Not found', { status: 404 });
    await queryClient.ensureQueryData(ticketQueryOptions(id));
    return { id };
  };
}

export function AgentTicketPage() {
  const { id } = useLoaderData<ReturnType<typeof agentTicketLoader>>();

  return (
    <>
      <p className="breadcrumb">
        <Link to="/agent">Agent inbox</Link>
      </p>
      <AsyncBoundary loading="Loading the ticket…">
        <TicketView id={id} />
      </AsyncBoundary>
    </>
  );
}
