import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bffError } from '@/testing/handlers';
import { server } from '@/testing/server';
import { bff } from './api-client';
import { ApiError } from './api-error';
import { helpdeskOffsetMs, resetHelpdeskClock } from './server-clock';
import { onSessionExpired } from './session-events';

describe('bff client', () => {
  const unsubscribe: Array<() => void> = [];
  afterEach(() => {
    for (const stop of unsubscribe.splice(0)) stop();
  });

  it('sends the CSRF header', async () => {
    let header: string | null = null;
    server.use(
      http.post('/bff/tickets', ({ request }) => {
        header = request.headers.get('X-EOSC-CSRF');
        return HttpResponse.json({}, { status: 201 });
      }),
    );

    await bff.POST('/bff/tickets', { body: { title: 't', body: 'b' } });

    expect(header).toBe('1');
  });

  it("learns the helpdesk's clock from the X-Helpdesk-Date of each answer", async () => {
    const ahead = new Date(Date.now() + 3 * 3_600_000);
    server.use(
      http.get('/bff/tickets', () =>
        HttpResponse.json({ items: [] }, { headers: { 'X-Helpdesk-Date': ahead.toUTCString() } }),
      ),
    );
    try {
      await bff.GET('/bff/tickets');
      // Three hours ahead, give or take the header's lost milliseconds.
      expect(Math.abs(helpdeskOffsetMs() - 3 * 3_600_000)).toBeLessThan(2_000);
    } finally {
      resetHelpdeskClock();
    }
  });

  it("throws one ApiError carrying the BFF's message, code and request id", async () => {
    server.use(http.get('/bff/tickets', () => bffError(429, 'rate_limited', 'Slow down.')));

    const error = await bff.GET('/bff/tickets').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'Slow down.',
      requestId: 'req-rate_limited',
    });
  });

  it('copes with an error body that is not JSON', async () => {
    server.use(http.get('/bff/tickets', () => new HttpResponse('Bad gateway', { status: 502 })));

    await expect(bff.GET('/bff/tickets')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    server.use(http.get('/bff/tickets', () => HttpResponse.error()));

    await expect(bff.GET('/bff/tickets')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('raises session-expired on 401, except from the session endpoint itself', async () => {
    const listener = vi.fn();
    unsubscribe.push(onSessionExpired(listener));
    server.use(
      http.get('/bff/tickets', () => bffError(401, 'unauthenticated', 'Signed out.')),
      http.post('/bff/session', () => bffError(401, 'invalid_credentials', 'Wrong login or password.')),
    );

    await expect(bff.POST('/bff/session', { body: { login: 'a', password: 'b' } })).rejects.toBeInstanceOf(
      ApiError,
    );
    expect(listener).not.toHaveBeenCalled();

    await expect(bff.GET('/bff/tickets')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
