import { expect } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/*
 * The mail server of the e2e stack: the desk runs with SMTP_URL=smtp://127.0.0.1:<E2E_SMTP_PORT>
 * (playwright.config.ts), and a spec that wants to read what the desk sends starts this sink in
 * its `beforeAll` (specs run one at a time, so one sink listens at a time) and closes it after.
 */

export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 12525);

export interface SunkMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
}

export interface MailSink {
  inbox: SunkMail[];
  /** Mails to `address` (any recipient), oldest first. */
  to(address: string): SunkMail[];
  /** Waits for a mail to `address` that `match` accepts, and returns it. */
  waitFor(address: string, match: (m: SunkMail) => boolean, timeoutMs?: number): Promise<SunkMail>;
  close(): Promise<void>;
}

export async function startMailSink(port = SMTP_PORT): Promise<MailSink> {
  const inbox: SunkMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          const to = (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) =>
            a.value.map((v) => (v.address ?? '').toLowerCase()),
          );
          inbox.push({
            to,
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            headers: m.headers as Map<string, unknown>,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((ok, fail) => {
    smtp.server.once('error', fail);
    smtp.listen(port, '127.0.0.1', ok);
  });
  const to = (address: string) => inbox.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    inbox,
    to,
    async waitFor(address, match, timeoutMs = 30_000) {
      let found: SunkMail | undefined;
      await expect
        .poll(
          () => {
            found = to(address).find(match);
            return found !== undefined;
          },
          { message: `a matching mail to ${address}`, timeout: timeoutMs },
        )
        .toBe(true);
      return found as SunkMail;
    },
    close: () => new Promise<void>((ok) => smtp.close(() => ok())),
  };
}
