/**
 * Zammad's `#{ticket.title}` placeholders (NotificationFactory's renderer), for trigger mails
 * (values HTML-escaped) and custom webhook payloads (values JSON-escaped). A path that leads
 * nowhere, to nothing or to an object renders as `-`, as in Zammad. `#{t('…')}` is not supported
 * (left as written).
 */
import { escapeHtml } from '../../lib/mail.ts';

/** A value that is already safe HTML (an article's sanitised body), with its plain-text form. */
export class Raw {
  constructor(
    readonly html: string,
    readonly text: string,
  ) {}
}

export type TemplateValue = string | number | boolean | null | undefined | Date | Raw | TemplateContext;
export interface TemplateContext {
  [key: string]: TemplateValue;
}

const PLACEHOLDER = /#\{\s*([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_-]+)*)\s*\}/g;

function lookup(ctx: TemplateContext, path: string): TemplateValue {
  let at: TemplateValue = ctx;
  for (const key of path.split('.')) {
    if (!at || typeof at !== 'object' || at instanceof Date || at instanceof Raw) return undefined;
    if (!Object.hasOwn(at, key)) return undefined;
    at = (at as TemplateContext)[key];
  }
  return at;
}

function text(v: TemplateValue): string | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return undefined;
  return String(v);
}

/** For mail bodies and subjects: values escaped, `Raw` values as their HTML. */
export function renderHtml(template: string, ctx: TemplateContext): string {
  return template.replace(PLACEHOLDER, (_m, path: string) => {
    const v = lookup(ctx, path);
    if (v instanceof Raw) return v.html || '-';
    return escapeHtml(text(v) ?? '-');
  });
}

/** For a subject line (plain text): no escaping, no HTML. */
export function renderText(template: string, ctx: TemplateContext): string {
  return template.replace(PLACEHOLDER, (_m, path: string) => {
    const v = lookup(ctx, path);
    if (v instanceof Raw) return v.text || '-';
    return text(v) ?? '-';
  });
}

/** For a custom webhook payload (a JSON template): values escaped as JSON string content. */
export function renderJson(template: string, ctx: TemplateContext): string {
  return template.replace(PLACEHOLDER, (_m, path: string) => {
    const v = lookup(ctx, path);
    const s = v instanceof Raw ? v.text : (text(v) ?? '-');
    return JSON.stringify(s || '-').slice(1, -1);
  });
}
