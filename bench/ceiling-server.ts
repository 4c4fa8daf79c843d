// The machine's ceiling: a bare Hono app on @hono/node-server answering each scenario's
// captured reply (same status, content type and bytes) from memory. Run as a child process:
//   node --import tsx bench/ceiling-server.ts <fixtures.json>
// It prints `listening <port>` once ready.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export interface Fixture {
  name: string;
  status: number;
  contentType: string;
  /** base64 */
  body: string;
}

const fixtures = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Fixture[];
const app = new Hono();
for (const f of fixtures) {
  const bytes = Buffer.from(f.body, 'base64');
  app.all(`/ceiling/${f.name}`, async (c) => {
    // Read the request body as the desk must, so writes are compared fairly.
    if (c.req.method !== 'GET') await c.req.text();
    return c.body(bytes, f.status as 200, { 'Content-Type': f.contentType });
  });
}
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.info(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
