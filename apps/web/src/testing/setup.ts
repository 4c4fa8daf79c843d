import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import '@/lib/i18n';
// ProseMirror (the rich-text editor) needs layout calls jsdom lacks.
import './jsdom-layout';
import { resetDb } from './db';
import { server } from './server';

// findBy*/waitFor wait up to 5 s: the lazily loaded editor chunk takes longer than the default
// second to arrive when CI's two cores are busy (a wait that succeeds returns at once).
configure({ asyncUtilTimeout: 5000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetDb();
  sessionStorage.clear();
});
afterAll(() => server.close());
