// The machine's ceiling: a bare `node:http` server (no framework) answering each scenario's
// captured reply (same status, content type and bytes) from memory, at `/ceiling/<name>`. It
// reads every request body whole before answering, as the desk must, so writes compare fairly.
// Run as a child process:
//   node --import tsx bench/ceiling-server.ts <fixtures.json>
// It prints `listening <port>` once ready.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fixture {
  name: string;
  status: number;
  contentType: string;
  /** base64 */
  body: string;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const fixtures = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Fixture[];
const replies = new Map<string, Reply>();
for (const f of fixtures) {
  const body = Buffer.from(f.body, 'base64');
  replies.set(`/ceiling/${f.name}`, {
    status: f.status,
    headers: { 'Content-Type': f.contentType, 'Content-Length': String(body.length) },
    body,
  });
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const reply = replies.get(q < 0 ? url : url.slice(0, q));
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // The body is read whole (and joined) before the answer, like any JSON handler.
    if (chunks.length > 1) Buffer.concat(chunks);
    if (!reply) {
      res.writeHead(404, { 'Content-Length': '0' }).end();
      return;
    }
    res.writeHead(reply.status, reply.headers).end(reply.body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.info(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
