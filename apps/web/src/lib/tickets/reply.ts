import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type BffPaths, bff, type JsonBody, unwrap } from '../api-client';
import { refreshTicket } from './keys';

/**
 * A reply (or an agent's internal note) with the ticket changes of the same submit: state,
 * priority, group, owner. One request, saved together or not at all.
 */
type ReplyBody = JsonBody<BffPaths['/bff/tickets/{id}/articles']['post']>;
/** `channel` has a default (`web`): only an agent's e-mail reply names it. */
export type TicketReply = Omit<ReplyBody, 'channel'> & { channel?: ReplyBody['channel'] };

/** `idempotencyKey`: one per draft, so a retried or doubled submit never posts twice. */
export async function replyToTicket(id: number, reply: TicketReply, idempotencyKey: string) {
  return unwrap(
    await bff.POST('/bff/tickets/{id}/articles', {
      params: { path: { id }, header: { 'idempotency-key': idempotencyKey } },
      // The BFF defaults `channel` to `web`; the generated type lists defaulted fields as required.
      body: reply as ReplyBody,
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
