import { useMutation, useQueryClient } from '@tanstack/react-query';
import { bff, unwrap } from '@/lib/api-client';
import { refreshTickets } from '@/lib/tickets/keys';

export type MergeSource = { id: number; number: string };
export type MergeResult = {
  target_number: string;
  merged: MergeSource[];
  failed: (MergeSource & { error: string })[];
};

/**
 * Merges each source into the target, one after another (the helpdesk merges one source into one
 * target per call); a failure is recorded and the rest still go ahead.
 */
export async function mergeTickets(
  sources: MergeSource[],
  targetNumber: string,
  onProgress?: (done: number) => void,
): Promise<MergeResult> {
  const result: MergeResult = { target_number: targetNumber, merged: [], failed: [] };
  for (const [i, source] of sources.entries()) {
    try {
      unwrap(
        await bff.POST('/bff/agent/tickets/{id}/merge', {
          params: { path: { id: source.id } },
          body: { target_number: targetNumber },
        }),
      );
      result.merged.push(source);
    } catch (error) {
      result.failed.push({ ...source, error: error instanceof Error ? error.message : String(error) });
    }
    onProgress?.(i + 1);
  }
  return result;
}

export function useMergeTickets(onProgress?: (done: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ sources, targetNumber }: { sources: MergeSource[]; targetNumber: string }) =>
      mergeTickets(sources, targetNumber, onProgress),
    onSettled: () => refreshTickets(queryClient),
  });
}
