import { QueryClientProvider, useSuspenseQuery } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-error';
import { createQueryClient } from '@/lib/query-client';
import { AsyncBoundary } from './async-boundary';

function Flaky({ attempts }: { attempts: { count: number } }) {
  const { data } = useSuspenseQuery({
    queryKey: ['flaky'],
    queryFn: async () => {
      attempts.count += 1;
      if (attempts.count === 1) throw new ApiError(503, 'unavailable', 'The helpdesk is busy.', 'req-1');
      return 'loaded';
    },
  });
  return <p>{data}</p>;
}

describe('AsyncBoundary', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows loading, then the error with its reference, and retries', async () => {
    // React reports errors caught by boundaries on the console; expected here.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const attempts = { count: 0 };
    render(
      <QueryClientProvider client={createQueryClient({ retry: false })}>
        <AsyncBoundary loading="Loading flaky data…">
          <Flaky attempts={attempts} />
        </AsyncBoundary>
      </QueryClientProvider>,
    );

    expect(screen.getByRole('status')).toHaveTextContent('Loading flaky data…');
    expect(await screen.findByText('The helpdesk is busy.')).toBeInTheDocument();
    expect(screen.getByText('Reference: req-1')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByText('loaded')).toBeInTheDocument();
    expect(attempts.count).toBe(2);
  });
});
