/**
 * Text helpers shared by the SQL builders: tsquery text built from user words, LIKE escaping and
 * date math. The tsquery text is assembled only from letters, digits and marks (every other
 * character splits words), so user input can never inject tsquery operators; it still travels
 * as a bind parameter.
 */

// The same characters migration 0005's desk_search_text() turns into spaces before indexing.
const INDEX_SEPARATORS = /[@./:_<>]/g;
const NON_WORD = /[^\p{L}\p{N}\p{M}]+/u;

/** Splits text into the words PostgreSQL's default parser finds after desk_search_text(). */
export function words(text: string): string[] {
  return text
    .replace(INDEX_SEPARATORS, ' ')
    .split(NON_WORD)
    .filter((w) => w !== '');
}

export interface TsqueryOptions {
  /** Prefix match on the last word. */
  prefix?: boolean;
  /** Restrict to tsvector weights (A–D): one weight per indexed field. */
  weights?: string;
}

/**
 * A term's words as tsquery text: several words (a phrase, or a word that splits, like an
 * e-mail address) must follow each other (`<->`). Null when the term has no indexable word.
 */
export function termTsquery(text: string, opts: TsqueryOptions = {}): string | null {
  const list = words(text);
  if (list.length === 0) return null;
  const weights = opts.weights ?? '';
  return list
    .map((w, i) => {
      const star = opts.prefix && i === list.length - 1 ? '*' : '';
      const suffix = star || weights ? `:${star}${weights}` : '';
      return `'${w}'${suffix}`;
    })
    .join(' <-> ');
}

/** Escapes LIKE wildcards (the default escape character is a backslash). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** A point or a period in time: `end` is exclusive; for an instant, start equals end. */
export interface TimeSpan {
  start: Date;
  end: Date;
}

const UNIT_MS: Record<string, number> = {
  w: 7 * 86400000,
  d: 86400000,
  h: 3600000,
  H: 3600000,
  m: 60000,
  s: 1000,
};

function addUnits(d: Date, n: number, unit: string): Date {
  const out = new Date(d.getTime());
  if (unit === 'y') out.setUTCFullYear(out.getUTCFullYear() + n);
  else if (unit === 'M') out.setUTCMonth(out.getUTCMonth() + n);
  else out.setTime(out.getTime() + n * (UNIT_MS[unit] as number));
  return out;
}

function floorTo(d: Date, unit: string): Date {
  const o = new Date(d.getTime());
  switch (unit) {
    case 'y':
      return new Date(Date.UTC(o.getUTCFullYear(), 0, 1));
    case 'M':
      return new Date(Date.UTC(o.getUTCFullYear(), o.getUTCMonth(), 1));
    case 'w': {
      const day = new Date(Date.UTC(o.getUTCFullYear(), o.getUTCMonth(), o.getUTCDate()));
      const monday = (day.getUTCDay() + 6) % 7;
      return addUnits(day, -monday, 'd');
    }
    case 'd':
      return new Date(Date.UTC(o.getUTCFullYear(), o.getUTCMonth(), o.getUTCDate()));
    case 'h':
    case 'H':
      o.setUTCMinutes(0, 0, 0);
      return o;
    case 'm':
      o.setUTCSeconds(0, 0);
      return o;
    default:
      o.setUTCMilliseconds(0);
      return o;
  }
}

const DATE_ONLY = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
const DATE_TIME = /^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Elasticsearch-style dates (UTC): `2024-01-31`, `2024-01`, `2024`, `2024-01-31T10:00:00Z`,
 * `now`, `now-7d`, `now+1h`, `now-1M/d` (units y M w d h m s; `/unit` rounds down to a period).
 * A date without a time is the whole period. Undefined when the text is no date.
 */
export function parseDate(text: string, now = new Date()): TimeSpan | undefined {
  const t = text.trim();
  const math = /^now((?:[+-]\d+[yMwdhHms])*)(?:\/([yMwdhHms]))?$/.exec(t);
  if (math) {
    let d = now;
    for (const m of (math[1] ?? '').matchAll(/([+-])(\d+)([yMwdhHms])/g)) {
      d = addUnits(d, (m[1] === '-' ? -1 : 1) * Number(m[2]), m[3] as string);
    }
    if (math[2]) {
      const start = floorTo(d, math[2]);
      return { start, end: addUnits(start, 1, math[2]) };
    }
    return { start: d, end: d };
  }
  const day = DATE_ONLY.exec(t);
  if (day) {
    const y = Number(day[1]);
    const mo = day[2] ? Number(day[2]) - 1 : 0;
    const dd = day[3] ? Number(day[3]) : 1;
    const start = new Date(Date.UTC(y, mo, dd));
    if (start.getUTCMonth() !== mo || start.getUTCDate() !== dd) return undefined;
    const unit = day[3] ? 'd' : day[2] ? 'M' : 'y';
    return { start, end: addUnits(start, 1, unit) };
  }
  if (DATE_TIME.test(t)) {
    let iso = t.replace(' ', 'T');
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return undefined;
    return { start: d, end: d };
  }
  return undefined;
}
