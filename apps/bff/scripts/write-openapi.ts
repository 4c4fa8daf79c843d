// Writes the BFF's OpenAPI document to apps/bff/openapi.json (committed; the SPA's types come from it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app.ts';
import { SessionSealer } from '../src/lib/session-cookie.ts';

const app = createApp({
  zammadUrl: 'http://127.0.0.1:1',
  zammadToken: 'unused',
  sealer: new SessionSealer('x'.repeat(32)),
  idleSeconds: 60,
  upstreamTimeoutMs: 1000,
  allowedOrigins: [],
});
const res = await app.request('/bff/openapi.json');
const doc = await res.json();
writeFileSync(join(import.meta.dirname, '..', 'openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
