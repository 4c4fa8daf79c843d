// The mail benchmark (`npm run bench -- mail [--mails N] [--replies N]`, also part of plain
// `npm run bench`; BENCH_MAIL=0 skips it). One desk process on a fresh embedded PostgreSQL
// (.bench/mail, demo data without history), its SMTP listener on a free port, and a local SMTP
// sink standing in for the customers' mailboxes. It measures:
//   inbound:  N mails sent by 4 concurrent SMTP clients (nodemailer, pooled) to the support
//             addresses; accepted/s (stored, "250 OK") and processed/s (parsed, sanitised, a
//             ticket or follow-up with its customer, attachments and history written);
//   outbound: M agent e-mail replies written through the API, then the time until the sink
//             has every mail (the worker's `mail_send` jobs): sent/s.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { type Child, freePort, root, startTsx } from './processes.ts';

const { values: args } = parseArgs({
  options: { mails: { type: 'string', default: '1000' }, replies: { type: 'string', default: '300' } },
  allowPositionals: true,
});
const N = Number(args.mails);
const M = Number(args.replies);
const log = (line: string) => console.info(`bench mail: ${line}`);
const children: Child[] = [];

async function main() {
  const dir = join(root, '.bench', 'mail');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let sunk = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        sunk++;
        cb();
      });
    },
  });
  const sinkPort = await freePort();
  await new Promise<void>((ok) => sink.listen(sinkPort, '127.0.0.1', ok));
  const [deskPort, mailPort] = [await freePort(), await freePort()];
  const token = randomBytes(32).toString('base64url');
  const { child: desk } = await startTsx(
    'apps/desk/src/server.ts',
    [],
    {
      DATA_DIR: dir,
      DESK_PORT: String(deskPort),
      DESK_SERVICE_TOKEN: token,
      SEED: 'demo',
      DESK_DEMO_HISTORY: '0',
      MAIL_PORT: String(mailPort),
      MAIL_SENDER_LIMIT: '100000',
      SMTP_URL: `smtp://127.0.0.1:${sinkPort}?pool=true&maxConnections=4`,
      MAIL_FROM: 'EOSC Helpdesk <support@helpdesk.example.org>',
      DESK_WORKER_POLL_MS: '200',
    },
    /receiving mail for the support addresses/,
    300_000,
  );
  children.push(desk);
  const base = `http://127.0.0.1:${deskPort}/api/v1`;
  const headers = {
    Authorization: `Token token=${token}`,
    From: 'admin@example.org',
    'Content-Type': 'application/json',
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  const counts = async () =>
    (await api('GET', '/channels_email/inbound_mails?per_page=1')).counts as Record<string, number>;

  // Inbound: four clients, each a pool of one connection; 1 in 5 mails answers an earlier ticket.
  const clients = Array.from({ length: 4 }, () =>
    createTransport({
      host: '127.0.0.1',
      port: mailPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    }),
  );
  const units = ['egi-support', 'eudat-support', 'openaire-support', 'portal-support'];
  const loadBefore = loadavg()[0] as number;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    clients.map(async (client, c) => {
      for (;;) {
        const i = next++;
        if (i >= N) return;
        const reply = i % 5 === 4;
        await client.sendMail({
          from: `Researcher ${i} <researcher-${i}@uni${i % 40}.example.edu>`,
          to: `${units[i % 4]}@helpdesk.example.org`,
          subject: reply
            ? `Re: still broken [Ticket#${31000 + 1 + ((i * 7) % 20)}]`
            : `Question ${i} from client ${c}`,
          messageId: `<bench-${i}-${Date.now()}@uni.example.edu>`,
          text: `Hello,\n\nmy job ${i} fails with error 42.\n\nRegards`,
          html: `<p>Hello,</p><p>my job <b>${i}</b> fails with <code>error 42</code>.</p><script>x()</script><p>Regards</p>`,
          ...(i % 10 === 0 ? { attachments: [{ filename: 'job.log', content: 'line\n'.repeat(2000) }] } : {}),
        });
      }
    }),
  );
  const accepted = (performance.now() - started) / 1000;
  let c = await counts();
  while ((c.pending ?? 0) > 0 || (c.processed ?? 0) + (c.failed ?? 0) + (c.ignored ?? 0) < N) {
    await new Promise((r) => setTimeout(r, 100));
    c = await counts();
  }
  const processed = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  log(
    `inbound: ${N} mails accepted in ${accepted.toFixed(1)} s (${(N / accepted).toFixed(0)}/s), processed in ${processed.toFixed(1)} s (${(N / processed).toFixed(0)}/s); ${JSON.stringify(c)}`,
  );

  // Outbound: M agent e-mails on the tickets the mails opened; the sink counts what arrives.
  const tickets = (await api('GET', '/tickets?per_page=100&sort_by=id&order_by=desc')) as { id: number }[];
  const before = sunk;
  const outStart = performance.now();
  let k = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (;;) {
        const i = k++;
        if (i >= M) return;
        const t = tickets[i % tickets.length] as { id: number };
        await api('POST', '/ticket_articles', {
          ticket_id: t.id,
          body: `<p>Answer ${i}: please retry with <b>--verbose</b>.</p>`,
          content_type: 'text/html',
          type: 'email',
          internal: false,
        });
      }
    }),
  );
  const written = (performance.now() - outStart) / 1000;
  const sentWhileWriting = sunk - before;
  while (sunk - before < M) {
    await new Promise((r) => setTimeout(r, 50));
    if (performance.now() - outStart > 600_000)
      throw new Error(`only ${sunk - before} of ${M} mails arrived`);
  }
  const sent = (performance.now() - outStart) / 1000;
  log(
    `outbound: ${M} e-mail replies written through the API (4 writers) in ${written.toFixed(1)} s (${sentWhileWriting} already sent by then); all ${M} in the sink after ${sent.toFixed(1)} s (${(M / sent).toFixed(0)} mails/s end to end; the worker alone, after the writes: ${((M - sentWhileWriting) / Math.max(sent - written, 0.001)).toFixed(0)} mails/s)`,
  );
  log(
    `machine: ${cpus().length} cores, load ${loadBefore.toFixed(1)} → ${(loadavg()[0] as number).toFixed(1)}`,
  );
  await new Promise<void>((ok) => sink.close(() => ok()));
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of children) await c.stop();
  });
