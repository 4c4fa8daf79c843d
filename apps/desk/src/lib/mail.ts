import { createTransport, type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends the desk's own mails (sign-up, password reset). */
export interface Mailer {
  /** True when mail really leaves the desk (SMTP_URL is set). */
  readonly enabled: boolean;
  /** Base URL of the web app, for links in mails. */
  readonly publicUrl: string;
  send(message: MailMessage, link: string): Promise<void>;
}

export interface MailerOptions {
  smtpUrl?: string | undefined;
  from?: string | undefined;
  publicUrl?: string | undefined;
  /** Where links go when there is no SMTP server (default: console.info). */
  log?: (line: string) => void;
}

/**
 * A nodemailer transport when `smtpUrl` is given; otherwise nothing is sent and the link the
 * mail would carry is written to the log, so a desk without mail can still reset passwords.
 */
export function createMailer(opts: MailerOptions = {}): Mailer {
  const publicUrl = (opts.publicUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
  const from = opts.from ?? 'EOSC Helpdesk <helpdesk@localhost>';
  const log = opts.log ?? ((line: string) => console.info(line));
  const transport: Transporter | undefined = opts.smtpUrl ? createTransport(opts.smtpUrl) : undefined;
  return {
    enabled: transport !== undefined,
    publicUrl,
    async send(message, link) {
      if (!transport) {
        log(`desk: mail not sent (no SMTP_URL) to ${message.to}: "${message.subject}" ${link}`);
        return;
      }
      await transport.sendMail({ from, ...message });
    },
  };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

/** Plain text and a simple HTML version of the same short mail: paragraphs, one button-like link. */
export function renderMail(parts: {
  greeting: string;
  paragraphs: string[];
  action: string;
  link: string;
  footer: string;
}): { text: string; html: string } {
  const text = [
    parts.greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    parts.link,
    '',
    parts.footer,
  ].join('\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    p(parts.greeting),
    ...parts.paragraphs.map(p),
    `<p><a href="${escapeHtml(parts.link)}">${escapeHtml(parts.action)}</a></p>`,
    `<p style="color:#555;font-size:small">${escapeHtml(parts.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
