import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BffPaths, bff, type JsonBody, unwrap } from '../api-client';
import { refreshTicket } from './keys';

/**
 * A reply (or an agent's internal note) with the ticket changes of the same submit: state,
 * priority, group, owner. One request, saved together or not at all.
 */
export type TicketReply = JsonBody<BffPaths['/bff/tickets/{id}/articles']['post']>;

/** `idempotencyKey`: one per draft, so a retried or doubled submit never posts twice. */
export async function replyToTicket(id: number, reply: TicketReply, idempotencyKey: string) {
  return unwrap(
    await bff.POST('/bff/tickets/{id}/articles', {
      params: { path: { id }, header: { 'idempotency-key': idempotencyKey } },
      body: reply,
    }),
  );
}

/** The one reply mutation, for the customer's reply form and the agent's composer. */
export function useReplyToTicket(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reply, idempotencyKey }: { reply: TicketReply; idempotencyKey: string }) =>
      replyToTicket(id, reply, idempotencyKey),
    onSettled: () => refreshTicket(queryClient, id),
  });
}
