/**
 * The desk's inbound mail transport: an SMTP server (the `smtp-server` library) on MAIL_PORT
 * that takes mail for the helpdesk's support addresses, stores each mail before it answers
 * "250 OK" (so an accepted mail is never lost) and hands it to the e-mail channel.
 */
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Db } from '../db/client.ts';

export interface SmtpListenerOptions {
  port: number;
  host?: string;
  /** Largest mail taken, in bytes (larger: 552 before the data is stored). */
  maxBytes: number;
  /** Whether an address is one of the helpdesk's (others: 550, the desk relays nothing). */
  accepts: (address: string) => Promise<boolean>;
  /** Stores the mail; it is acknowledged only once this resolved. Returns the stored id. */
  store: (
    raw: Buffer,
    envelope: { from: string | null; to: string[]; remoteAddress: string },
  ) => Promise<number>;
  /** After the acknowledgement: processing (errors are the processor's to record). */
  process: (id: number) => Promise<unknown>;
  log?: (line: string) => void;
  /** The greeting's host name. */
  name?: string;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

export async function startSmtpListener(opts: SmtpListenerOptions): Promise<SmtpListener> {
  const log = opts.log ?? ((line: string) => console.warn(line));
  const inFlight = new Set<Promise<unknown>>();
  const options: SMTPServerOptions = {
    name: opts.name ?? 'eosc-helpdesk',
    banner: 'EOSC Helpdesk mail channel',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: opts.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      opts.accepts(address.address).then(
        (ok) => {
          if (ok) return callback();
          const err = Object.assign(new Error(`<${address.address}>: no such mailbox here`), {
            responseCode: 550,
          });
          callback(err);
        },
        (err: unknown) => callback(Object.assign(new Error(String(err)), { responseCode: 451 })),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const mailFrom = session.envelope.mailFrom;
        opts
          .store(raw, {
            from: mailFrom ? mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
            remoteAddress: session.remoteAddress,
          })
          .then(
            (id) => {
              callback(null, `Queued as ${id}`);
              const p = opts
                .process(id)
                .catch((err: unknown) => log(`mail: processing ${id} failed: ${String(err)}`));
              inFlight.add(p);
              void p.finally(() => inFlight.delete(p));
            },
            (err: unknown) => {
              log(`mail: could not store a mail: ${String(err)}`);
              // Temporary: the sending server keeps the mail and tries again.
              callback(
                Object.assign(new Error('Could not store the mail, try again later'), { responseCode: 451 }),
              );
            },
          );
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', (err) => log(`mail: SMTP listener: ${err.message}`));
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      const addr = server.server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : opts.port);
    });
  });
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** Whether an address is an active support address of the desk. */
export async function isSupportAddress(db: Db, address: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM email_addresses WHERE lower(email) = lower($1) AND active', [
    address,
  ]);
  return rows.length > 0;
}
