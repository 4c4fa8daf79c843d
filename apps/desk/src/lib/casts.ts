/**
 * Zammad's (Rails') value casts, for values that arrive as text: query strings and form posts
 * carry every number and boolean as a string. The request schemas (http/input.ts) are built on
 * these; the domain uses them only where the attributes are known at run time (custom fields).
 */

const TRUE = ['true', '1', 't', 'on'];

/** Rails' cast: `true`, `1`, `t`, `on` (any case) are true (REFERENCE §2.1). */
export function isTrue(v: unknown): boolean {
  if (v === true || v === 1) return true;
  return typeof v === 'string' && TRUE.includes(v.toLowerCase());
}

/** A whole number given as a number or a string of digits; undefined when it is neither. */
export function toInt(v: unknown): number | undefined {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A list given as an array or a comma list (`sort_by=a,b`); items trimmed, blanks dropped. */
export function list(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v) ? v.map(String) : String(v).split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}
