import type { TextModule } from '../api/text-modules';

/* Text helpers of the composer: text modules, quoting, and the pending time's input. */

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Fills `#{ticket.customer.firstname}` and the like; unknown placeholders stay visible. */
export function fillPlaceholders(text: string, values: Record<string, string>, asHtml = false): string {
  return text.replace(/#\{([a-z_.]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return asHtml ? escapeHtml(value) : value;
  });
}

export function matches(modules: TextModule[], q: string): TextModule[] {
  const needle = q.toLowerCase();
  return modules
    .filter(
      (m) => !needle || m.name.toLowerCase().includes(needle) || m.keywords.toLowerCase().includes(needle),
    )
    .slice(0, 8);
}

/** An ISO time as the value of a `datetime-local` input (the reader's local time). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time) as ISO, or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Plain text as paragraphs, line breaks kept. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
