import { File as NodeFile } from 'node:buffer';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bffError } from '@/testing/handlers';
import { server } from '@/testing/server';
import { uploadHandlers, useNodeFormData } from '@/testing/upload-handlers';
import { ApiError } from './api-error';
import { onSessionExpired } from './session-events';
import { uploadFile } from './uploads';

const file = () => new NodeFile(['hello'], 'notes.txt', { type: 'text/plain' }) as unknown as File;

describe('uploadFile keeps the typed client conventions', () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    vi.unstubAllGlobals();
  });

  it('sends the CSRF header and reports progress up to done', async () => {
    await useNodeFormData();
    server.use(...uploadHandlers);
    const progress: number[] = [];
    const upload = await uploadFile(file(), (p) => progress.push(p));
    expect(upload).toMatchObject({ filename: 'notes.txt', size: 5 });
    expect(progress.at(-1)).toBe(1);
  });

  it("throws the BFF's error as one ApiError and raises session-expired on 401", async () => {
    await useNodeFormData();
    const expired = vi.fn();
    stops.push(onSessionExpired(expired));
    server.use(http.post('/bff/uploads', () => bffError(413, 'too_large', 'The file is larger than 10 MB.')));
    await expect(uploadFile(file(), () => {})).rejects.toMatchObject({
      status: 413,
      code: 'too_large',
      message: 'The file is larger than 10 MB.',
      requestId: 'req-too_large',
    });
    expect(expired).not.toHaveBeenCalled();

    server.use(http.post('/bff/uploads', () => bffError(401, 'unauthenticated', 'Signed out.')));
    const error = await uploadFile(file(), () => {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401 });
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('copes with an answer that is not JSON, and with no answer at all', async () => {
    await useNodeFormData();
    server.use(http.post('/bff/uploads', () => new HttpResponse('Bad gateway', { status: 502 })));
    await expect(uploadFile(file(), () => {})).rejects.toMatchObject({ status: 502, code: 'http_502' });
    server.use(http.post('/bff/uploads', () => HttpResponse.error()));
    await expect(uploadFile(file(), () => {})).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
