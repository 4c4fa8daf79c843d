/**
 * The words of notification mails, in English and German (the recipient's `preferences.locale`:
 * `de…` is German, anything else English), as plain text and HTML. Every value is HTML-escaped in
 * the HTML part; the article is given as its text, never as its HTML.
 */
import { escapeHtml } from '../../lib/mail.ts';
import type { MailKind, Reason } from './notification-recipients.ts';

export type Language = 'en' | 'de';

export function languageOf(preferences: unknown): Language {
  const locale = (preferences as { locale?: unknown } | null | undefined)?.locale;
  return typeof locale === 'string' && locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}

interface Words {
  subject: Record<MailKind, string>;
  summary: Record<MailKind, string>;
  reason: Record<Reason, string>;
  hello: string;
  changes: string;
  internal: string;
  wrote: string;
  open: string;
  settings: string;
  attributes: Record<string, string>;
  none: string;
}

const WORDS: Record<Language, Words> = {
  en: {
    subject: {
      create: 'New ticket',
      update: 'Updated ticket',
      assigned: 'Ticket assigned to you',
      mention: 'You were mentioned',
      reminder_reached: 'Reminder reached',
      escalation: 'Ticket escalated',
      escalation_warning: 'Ticket escalation warning',
    },
    summary: {
      create: '{actor} created a new ticket in {group}.',
      update: '{actor} updated this ticket.',
      assigned: '{actor} assigned this ticket to you.',
      mention: '{actor} mentioned you in this ticket.',
      reminder_reached: 'The pending reminder of this ticket has been reached.',
      escalation: 'This ticket has escalated: its service-level time has passed.',
      escalation_warning: 'This ticket will escalate soon.',
    },
    reason: {
      owner: 'You are receiving this because you are the owner of this ticket.',
      mentioned: 'You are receiving this because you were mentioned in this ticket.',
      group: 'You are receiving this because you are a member of the group of this ticket.',
    },
    hello: 'Hello {name},',
    changes: 'Changes:',
    internal: 'internal note',
    wrote: '{author} wrote',
    open: 'Open ticket #{number}',
    settings: 'Change which notifications you receive',
    attributes: {
      title: 'Title',
      state_id: 'State',
      priority_id: 'Priority',
      group_id: 'Group',
      owner_id: 'Owner',
      customer_id: 'Customer',
      pending_time: 'Pending till',
    },
    none: '-',
  },
  de: {
    subject: {
      create: 'Neues Ticket',
      update: 'Ticket aktualisiert',
      assigned: 'Ticket Ihnen zugewiesen',
      mention: 'Sie wurden erwähnt',
      reminder_reached: 'Erinnerung erreicht',
      escalation: 'Ticket eskaliert',
      escalation_warning: 'Eskalationswarnung',
    },
    summary: {
      create: '{actor} hat ein neues Ticket in {group} erstellt.',
      update: '{actor} hat dieses Ticket aktualisiert.',
      assigned: '{actor} hat Ihnen dieses Ticket zugewiesen.',
      mention: '{actor} hat Sie in diesem Ticket erwähnt.',
      reminder_reached: 'Die Warte-Erinnerung dieses Tickets ist erreicht.',
      escalation: 'Dieses Ticket ist eskaliert: seine Service-Level-Zeit ist abgelaufen.',
      escalation_warning: 'Dieses Ticket eskaliert bald.',
    },
    reason: {
      owner: 'Sie erhalten diese E-Mail, weil Sie Besitzer dieses Tickets sind.',
      mentioned: 'Sie erhalten diese E-Mail, weil Sie in diesem Ticket erwähnt wurden.',
      group: 'Sie erhalten diese E-Mail, weil Sie Mitglied der Gruppe dieses Tickets sind.',
    },
    hello: 'Hallo {name},',
    changes: 'Änderungen:',
    internal: 'interne Notiz',
    wrote: '{author} schrieb',
    open: 'Ticket #{number} öffnen',
    settings: 'Einstellen, welche Benachrichtigungen Sie erhalten',
    attributes: {
      title: 'Titel',
      state_id: 'Status',
      priority_id: 'Priorität',
      group_id: 'Gruppe',
      owner_id: 'Besitzer',
      customer_id: 'Kunde',
      pending_time: 'Warten bis',
    },
    none: '-',
  },
};

export interface NotificationContent {
  lang: Language;
  kind: MailKind;
  reason: Reason;
  recipientName: string;
  actorName: string;
  ticket: { number: string; title: string; group: string };
  /** Changed attributes with display values (names, not ids). */
  changes: { attribute: string; from: string | null; to: string | null }[];
  article: { author: string; text: string; internal: boolean } | null;
  ticketUrl: string;
  settingsUrl: string;
}

const fill = (s: string, values: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

/** Subject (without the ticket hook), plain text and HTML of one recipient's mail. */
export function renderNotification(c: NotificationContent): { subject: string; text: string; html: string } {
  const w = WORDS[c.lang];
  const subject = `${w.subject[c.kind]} (${c.ticket.title})`;
  const hello = fill(w.hello, { name: c.recipientName });
  const summary = fill(w.summary[c.kind], { actor: c.actorName, group: c.ticket.group });
  const heading = `#${c.ticket.number} ${c.ticket.title}`;
  const changes = c.changes.map(
    (ch) => `${w.attributes[ch.attribute] ?? ch.attribute}: ${ch.from ?? w.none} → ${ch.to ?? w.none}`,
  );
  const wrote = c.article
    ? `${fill(w.wrote, { author: c.article.author })}${c.article.internal ? ` (${w.internal})` : ''}:`
    : '';
  const open = fill(w.open, { number: c.ticket.number });
  const reason = w.reason[c.reason];

  const text = [
    hello,
    '',
    summary,
    '',
    heading,
    ...(changes.length ? ['', w.changes, ...changes.map((l) => `- ${l}`)] : []),
    ...(c.article ? ['', wrote, '', ...c.article.text.split('\n').map((l) => `> ${l}`)] : []),
    '',
    `${open}: ${c.ticketUrl}`,
    '',
    '--',
    reason,
    `${w.settings}: ${c.settingsUrl}`,
  ].join('\n');

  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${c.lang}"><body style="font-family:sans-serif;line-height:1.5">`,
    `<p>${e(hello)}</p>`,
    `<p>${e(summary)}</p>`,
    `<h2 style="font-size:1.1em">${e(heading)}</h2>`,
    ...(changes.length
      ? [`<p>${e(w.changes)}</p>`, `<ul>${changes.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`]
      : []),
    ...(c.article
      ? [
          `<p>${e(wrote)}</p>`,
          `<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0;padding-left:1em">${e(c.article.text)}</blockquote>`,
        ]
      : []),
    `<p><a href="${e(c.ticketUrl)}">${e(open)}</a></p>`,
    `<hr><p style="color:#555;font-size:small">${e(reason)}<br><a href="${e(c.settingsUrl)}">${e(w.settings)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
