/**
 * A parser for the Elasticsearch `query_string` syntax as Zammad users write it (REFERENCE §3.1.3):
 * free words (default operator AND), quoted phrases, a trailing `*` prefix, `field:value`,
 * `field:(a OR b)`, `field:"quoted value"`, ranges `[a TO b]` / `{a TO b}`, comparisons
 * `>`, `>=`, `<`, `<=`, `AND` / `OR` / `NOT` (also `&&`, `||`, `!`, `-term`, `+term`),
 * parentheses and backslash escapes. Precedence: NOT binds tighter than AND, AND tighter than OR.
 * Pure: no SQL here (see sql.ts).
 */

export interface Bound {
  value: string;
  inclusive: boolean;
}

export type SearchNode =
  | { type: 'and'; children: SearchNode[] }
  | { type: 'or'; children: SearchNode[] }
  | { type: 'not'; child: SearchNode }
  /** A word or phrase; `field` null means the default fields. */
  | { type: 'term'; field: string | null; value: string; phrase: boolean; prefix: boolean }
  /** `field:[a TO b]`, `field:>a`...; an open end is left out. */
  | { type: 'range'; field: string; from?: Bound; to?: Bound }
  /** `*` alone: everything (or, with a field, records where the field is set). */
  | { type: 'all'; field: string | null };

export class SearchSyntaxError extends Error {}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const SPACE = /\s/;

export interface ParseOptions {
  /** Zammad appends `*` to a query without `:` (prefix match on the last word). Default true. */
  appendWildcard?: boolean;
}

/** Parses a query; null means "no restriction" (blank query or `*`). */
export function parseQuery(input: string, opts: ParseOptions = {}): SearchNode | null {
  let text = input.trim();
  if (text === '' || text === '*') return null;
  if ((opts.appendWildcard ?? true) && !text.includes(':') && !text.endsWith('*')) text += '*';
  const node = new Parser(text).parse();
  return simplify(node);
}

/** Drops match-all leaves where they change nothing, and flattens nested and/or. */
function simplify(node: SearchNode): SearchNode | null {
  switch (node.type) {
    case 'all':
      return node.field === null ? null : node;
    case 'not': {
      const child = simplify(node.child);
      // NOT everything: nothing. Represented as NOT all, which the SQL builder turns into false.
      return { type: 'not', child: child ?? { type: 'all', field: null } };
    }
    case 'and':
    case 'or': {
      const children: SearchNode[] = [];
      for (const c of node.children) {
        const s = simplify(c);
        if (s === null) {
          if (node.type === 'or') return null;
          continue;
        }
        if (s.type === node.type) children.push(...s.children);
        else children.push(s);
      }
      if (children.length === 0) return null;
      if (children.length === 1) return children[0] as SearchNode;
      return { type: node.type, children };
    }
    default:
      return node;
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly s: string) {}

  parse(): SearchNode {
    const node = this.parseOr(null);
    this.skipWs();
    if (this.pos < this.s.length) {
      if (this.s[this.pos] === ')') throw new SearchSyntaxError(`Unbalanced ')' at position ${this.pos + 1}`);
      throw new SearchSyntaxError(`Unexpected '${this.s[this.pos]}' at position ${this.pos + 1}`);
    }
    return node;
  }

  private skipWs() {
    while (this.pos < this.s.length && SPACE.test(this.s[this.pos] as string)) this.pos++;
  }

  private atEnd() {
    return this.pos >= this.s.length;
  }

  /** A keyword stands alone: followed by whitespace, a parenthesis, a quote or the end. */
  private keyword(...words: string[]): string | undefined {
    for (const w of words) {
      if (!this.s.startsWith(w, this.pos)) continue;
      const next = this.s[this.pos + w.length];
      const symbolic = !/^[A-Z]+$/.test(w);
      if (symbolic || next === undefined || SPACE.test(next) || next === '(' || next === '"') return w;
    }
    return undefined;
  }

  private parseOr(field: string | null): SearchNode {
    const children = [this.parseAnd(field)];
    for (;;) {
      this.skipWs();
      const kw = this.keyword('OR', '||');
      if (!kw) break;
      this.pos += kw.length;
      this.skipWs();
      if (this.atEnd() || this.s[this.pos] === ')') throw new SearchSyntaxError(`Missing term after '${kw}'`);
      children.push(this.parseAnd(field));
    }
    return children.length === 1 ? (children[0] as SearchNode) : { type: 'or', children };
  }

  private parseAnd(field: string | null): SearchNode {
    this.skipWs();
    const lead = this.keyword('AND', 'OR', '&&', '||');
    if (lead) throw new SearchSyntaxError(`Missing term before '${lead}'`);
    const children = [this.parseUnary(field)];
    for (;;) {
      this.skipWs();
      if (this.atEnd() || this.s[this.pos] === ')' || this.keyword('OR', '||')) break;
      const kw = this.keyword('AND', '&&');
      if (kw) {
        this.pos += kw.length;
        this.skipWs();
        if (this.atEnd() || this.s[this.pos] === ')' || this.keyword('OR', '||', 'AND', '&&'))
          throw new SearchSyntaxError(`Missing term after '${kw}'`);
      }
      children.push(this.parseUnary(field));
    }
    return children.length === 1 ? (children[0] as SearchNode) : { type: 'and', children };
  }

  private parseUnary(field: string | null): SearchNode {
    this.skipWs();
    const not = this.keyword('NOT');
    if (not) {
      this.pos += not.length;
      this.skipWs();
      if (this.atEnd() || this.s[this.pos] === ')') throw new SearchSyntaxError("Missing term after 'NOT'");
      return { type: 'not', child: this.parseUnary(field) };
    }
    const c = this.s[this.pos];
    const next = this.s[this.pos + 1];
    if ((c === '-' || c === '!') && next !== undefined && !SPACE.test(next)) {
      this.pos++;
      return { type: 'not', child: this.parseUnary(field) };
    }
    if (c === '+' && next !== undefined && !SPACE.test(next)) {
      this.pos++;
      return this.parseUnary(field);
    }
    return this.parsePrimary(field);
  }

  private parsePrimary(field: string | null): SearchNode {
    this.skipWs();
    const c = this.s[this.pos];
    if (c === undefined) throw new SearchSyntaxError('Unexpected end of query');
    if (c === '(') {
      const start = this.pos;
      this.pos++;
      this.skipWs();
      if (this.s[this.pos] === ')') throw new SearchSyntaxError(`Empty parentheses at position ${start + 1}`);
      const node = this.parseOr(field);
      this.skipWs();
      if (this.s[this.pos] !== ')') throw new SearchSyntaxError(`Unbalanced '(' at position ${start + 1}`);
      this.pos++;
      return node;
    }
    if (c === ')') throw new SearchSyntaxError(`Unbalanced ')' at position ${this.pos + 1}`);
    if (c === '"') return this.phraseNode(field);
    const word = this.readWord(field === null);
    if (this.s[this.pos] === ':' && !word.escaped && FIELD_NAME.test(word.text)) {
      this.pos++;
      return this.parseFieldValue(word.text);
    }
    return this.wordNode(field, word);
  }

  private phraseNode(field: string | null): SearchNode {
    const value = this.readPhrase();
    // `"foo bar"*`: a prefix on the phrase's last word.
    let prefix = false;
    if (this.s[this.pos] === '*') {
      prefix = true;
      this.pos++;
    }
    return { type: 'term', field, value, phrase: true, prefix };
  }

  private wordNode(field: string | null, word: Word): SearchNode {
    if (word.text === '' && word.wildcard) return { type: 'all', field };
    if (word.text === '') throw new SearchSyntaxError(`Missing value at position ${this.pos + 1}`);
    return { type: 'term', field, value: word.text, phrase: false, prefix: word.wildcard };
  }

  private parseFieldValue(field: string): SearchNode {
    this.skipWs();
    const c = this.s[this.pos];
    if (c === undefined || c === ')') throw new SearchSyntaxError(`Missing value for field '${field}'`);
    if (c === '(') return this.parsePrimary(field);
    if (c === '"') return this.phraseNode(field);
    if (c === '[' || c === '{') return this.parseRange(field);
    if (c === '>' || c === '<') {
      const inclusive = this.s[this.pos + 1] === '=';
      this.pos += inclusive ? 2 : 1;
      this.skipWs();
      const value = this.s[this.pos] === '"' ? this.readPhrase() : this.readWord(false).raw;
      if (value === '') throw new SearchSyntaxError(`Missing value after '${c}' for field '${field}'`);
      const bound = { value, inclusive };
      return c === '>' ? { type: 'range', field, from: bound } : { type: 'range', field, to: bound };
    }
    return this.wordNode(field, this.readWord(false));
  }

  private parseRange(field: string): SearchNode {
    const open = this.s[this.pos];
    const start = this.pos;
    this.pos++;
    this.skipWs();
    const from = this.readBound();
    this.skipWs();
    if (!this.s.startsWith('TO', this.pos))
      throw new SearchSyntaxError(`Expected 'TO' in the range at position ${start + 1}`);
    this.pos += 2;
    this.skipWs();
    const to = this.readBound();
    this.skipWs();
    const close = this.s[this.pos];
    if (close !== ']' && close !== '}')
      throw new SearchSyntaxError(`Unterminated range at position ${start + 1}`);
    this.pos++;
    const node: SearchNode = { type: 'range', field };
    if (from !== '*') node.from = { value: from, inclusive: open === '[' };
    if (to !== '*') node.to = { value: to, inclusive: close === ']' };
    return node;
  }

  private readBound(): string {
    if (this.s[this.pos] === '"') return this.readPhrase();
    let out = '';
    while (!this.atEnd()) {
      const ch = this.s[this.pos] as string;
      if (SPACE.test(ch) || ch === ']' || ch === '}') break;
      if (ch === '\\' && this.pos + 1 < this.s.length) {
        out += this.s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      out += ch;
      this.pos++;
    }
    if (out === '') throw new SearchSyntaxError(`Missing range bound at position ${this.pos + 1}`);
    return out;
  }

  private readPhrase(): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    while (!this.atEnd()) {
      const ch = this.s[this.pos] as string;
      if (ch === '\\' && this.pos + 1 < this.s.length) {
        out += this.s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (ch === '"') {
        this.pos++;
        return out;
      }
      out += ch;
      this.pos++;
    }
    throw new SearchSyntaxError(`Unterminated quote at position ${start + 1}`);
  }

  /**
   * A bare word up to whitespace, a parenthesis or a quote. With `stopAtColon` it also stops at an
   * unescaped `:` (a field name may follow); values after a field keep their colons (times).
   * Unescaped `*`/`?` make it a prefix match on the text before the first one.
   */
  private readWord(stopAtColon: boolean): Word {
    let text = '';
    let raw = '';
    let wildcard = false;
    let escaped = false;
    while (!this.atEnd()) {
      const ch = this.s[this.pos] as string;
      if (SPACE.test(ch) || ch === '(' || ch === ')' || ch === '"') break;
      if (ch === ':' && stopAtColon && !wildcard && FIELD_NAME.test(text) && !escaped) break;
      if (ch === '\\' && this.pos + 1 < this.s.length) {
        const lit = this.s[this.pos + 1] as string;
        if (!wildcard) text += lit;
        raw += lit;
        escaped = true;
        this.pos += 2;
        continue;
      }
      if (ch === '*' || ch === '?') wildcard = true;
      else if (!wildcard) text += ch;
      raw += ch;
      this.pos++;
    }
    return { text, raw, wildcard, escaped };
  }
}

interface Word {
  /** The text before any wildcard, escapes resolved. */
  text: string;
  /** The whole word, escapes resolved (range bounds and comparisons). */
  raw: string;
  wildcard: boolean;
  escaped: boolean;
}
