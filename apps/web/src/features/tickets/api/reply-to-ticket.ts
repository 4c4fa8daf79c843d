import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BffPaths, bff, type JsonBody, unwrap } from '@/lib/api-client';
import { ticketKeys } from '@/lib/tickets/keys';

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

export function useReplyToTicket(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reply, idempotencyKey }: { reply: TicketReply; idempotencyKey: string }) =>
      replyToTicket(id, reply, idempotencyKey),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
      ]),
  });
}
