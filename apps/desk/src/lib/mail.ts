import { createTransport, type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A mail written on a ticket (an agent's e-mail reply), with its threading headers. */
export interface TicketMail {
  /** The display name before the helpdesk's own address ("Alex Agent via EOSC Helpdesk"). */
  fromName: string;
  to: string;
  cc?: string | undefined;
  subject: string;
  text: string;
  html?: string | undefined;
  messageId: string;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  attachments?: { filename: string; content: Buffer; contentType?: string | undefined }[];
  /** Where answers go when it is not the sender (a forward to a provider: the support address). */
  replyTo?: string | undefined;
  /** Extra headers (a forward's `X-EOSC-Ticket`). */
  headers?: Record<string, string> | undefined;
}

/** A notification to one person about a ticket (issue 14): never to be answered automatically. */
export interface NotificationMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The ticket's thread, so mail clients group a ticket's notifications. */
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  /** The person's notification settings: the `List-Unsubscribe` target. */
  settingsUrl: string;
}

/** Sends the desk's own mails (sign-up, password reset) and ticket mails. */
export interface Mailer {
  /** True when mail really leaves the desk (SMTP_URL is set). */
  readonly enabled: boolean;
  /** Base URL of the web app, for links in mails. */
  readonly publicUrl: string;
  /** The helpdesk's own address (MAIL_FROM's address part), and its domain for Message-IDs. */
  readonly address: string;
  send(message: MailMessage, link: string): Promise<void>;
  /** Hands a ticket mail to the SMTP server; throws when it refuses or cannot be reached. */
  deliver(mail: TicketMail): Promise<void>;
  /** Hands a notification mail to the SMTP server (from MAIL_FROM); throws when refused. */
  deliverNotification(mail: NotificationMail): Promise<void>;
}

/** The address inside `Name <address>` (or the whole when there are no brackets). */
export function addressOf(from: string): string {
  const m = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from);
  return (m?.[1] ?? from).trim();
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
  const address = addressOf(from);
  return {
    enabled: transport !== undefined,
    publicUrl,
    address,
    async deliver(mail) {
      if (!transport) throw new Error('No outgoing mail server: SMTP_URL is not set.');
      await transport.sendMail({
        from: { name: mail.fromName, address },
        to: mail.to,
        ...(mail.cc ? { cc: mail.cc } : {}),
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        messageId: mail.messageId,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references?.length ? { references: mail.references } : {}),
        // Mail the helpdesk sends is never answered automatically by another helpdesk.
        headers: { ...mail.headers, 'X-Loop': address, 'X-Auto-Response-Suppress': 'All' },
        ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      });
    },
    async deliverNotification(mail) {
      if (!transport) throw new Error('No outgoing mail server: SMTP_URL is not set.');
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references?.length ? { references: mail.references } : {}),
        // RFC 3834 and the de-facto bulk headers: no auto-replies, no vacation notices, no loops.
        headers: {
          'Auto-Submitted': 'auto-generated',
          Precedence: 'bulk',
          'X-Loop': address,
          'X-Auto-Response-Suppress': 'All',
        },
        list: { unsubscribe: mail.settingsUrl },
      });
    },
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
