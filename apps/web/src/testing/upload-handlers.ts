import { HttpResponse, http } from 'msw';
import { vi } from 'vitest';
import { bffError } from './handlers';

/** Files "uploaded" in this test, by id (reset with the other handlers' state between tests). */
export const uploads = new Map<
  string,
  { id: string; filename: string; size: number; content_type: string }
>();
let counter = 0;

/** The BFF's upload routes: POST stores the file's name, size and type; DELETE forgets it. */
export const uploadHandlers = [
  http.post('/bff/uploads', async ({ request }) => {
    if (request.headers.get('X-EOSC-CSRF') !== '1') return bffError(403, 'csrf', 'Missing CSRF header.');
    const form = await request.formData();
    const file = form.get('file');
    // Not `instanceof File`: the request's File comes from Node, the test's global File from jsdom.
    if (!file || typeof file === 'string')
      return bffError(400, 'invalid_input', 'Send one file in the field `file`.');
    if (file.size > 10 * 1024 * 1024) return bffError(413, 'too_large', 'The file is larger than 10 MB.');
    counter += 1;
    const upload = {
      id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
      filename: file.name,
      size: file.size,
      content_type: file.type || 'application/octet-stream',
    };
    uploads.set(upload.id, upload);
    return HttpResponse.json(upload, { status: 201 });
  }),
  http.get('/bff/uploads', () => HttpResponse.json({ items: [...uploads.values()] })),
  http.delete('/bff/uploads/:id', ({ params }) =>
    uploads.delete(String(params.id))
      ? new HttpResponse(null, { status: 204 })
      : bffError(404, 'not_found', 'No such file.'),
  ),
];

/**
 * jsdom's FormData does not survive MSW's XMLHttpRequest interception (it builds a Node Request
 * from the body): tests that upload swap in Node's FormData and use Node's File (node:buffer).
 * Undo with `vi.unstubAllGlobals()`.
 */
export async function useNodeFormData(): Promise<void> {
  const probe = new Response('', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  vi.stubGlobal('FormData', (await probe.formData()).constructor);
}
