import { type DefaultTreeAdapterTypes, html as parse5Html, parseFragment } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/*
 * Server-side HTML sanitising, after Zammad's allow-lists (config/initializers/html_sanitizer.rb).
 *
 * The input is parsed by parse5, the WHATWG-conformant parser browsers also follow, so what
 * we check is what a browser would build; the output is then re-serialised from the allowed
 * nodes only, with every text and attribute value escaped. Nothing outside the allow-list
 * can pass: unknown tags are unwrapped (their text kept), dangerous containers are dropped
 * with their content, foreign content (SVG/MathML) is dropped, comments are dropped.
 */

const ALLOWED_TAGS = new Set(
  `a abbr acronym address area article aside audio b bdi bdo big blockquote br canvas caption center
   cite code col colgroup command datalist dd del details dfn dir div dl dt em figcaption figure footer
   h1 h2 h3 h4 h5 h6 header hr i img ins kbd label legend li map mark menu meter nav ol output optgroup
   option p pre q s samp section small span strike strong sub summary sup text table tbody td tfoot th
   thead time tr tt u ul var video`.split(/\s+/),
);

/** Dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set(
  `script style iframe frame frameset object embed applet noframes noembed noscript template title head
   meta link base textarea select input button xmp svg math param source track portal`.split(/\s+/),
);

const ALL_ATTRS = ['class', 'dir', 'lang', 'title', 'translate', 'data-signature', 'data-signature-id'];
const TAG_ATTRS: Record<string, string[]> = {
  a: ['href', 'hreflang', 'name', 'rel', 'data-mention-user-id'],
  abbr: ['title'],
  blockquote: ['type', 'cite'],
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  data: ['value'],
  del: ['cite', 'datetime'],
  dfn: ['title'],
  img: ['align', 'alt', 'border', 'height', 'src', 'width', 'style'],
  ins: ['cite', 'datetime'],
  li: ['value'],
  ol: ['reversed', 'start', 'type'],
  table: [
    'align',
    'bgcolor',
    'border',
    'cellpadding',
    'cellspacing',
    'frame',
    'rules',
    'sortable',
    'summary',
    'width',
    'style',
  ],
  td: ['abbr', 'align', 'axis', 'colspan', 'headers', 'rowspan', 'valign', 'width', 'style'],
  th: [
    'abbr',
    'align',
    'axis',
    'colspan',
    'headers',
    'rowspan',
    'scope',
    'sorted',
    'valign',
    'width',
    'style',
  ],
  tr: ['width', 'style'],
  ul: ['type'],
  q: ['cite'],
  span: ['style'],
  time: ['datetime', 'pubdate'],
};

const BOX_CSS = `background background-color color font-size vertical-align margin margin-top margin-right
  margin-bottom margin-left padding padding-top padding-right padding-bottom padding-left text-align border
  border-top border-right border-bottom border-left border-collapse border-style border-spacing
  border-top-width border-right-width border-bottom-width border-left-width border-top-color
  border-right-color border-bottom-color border-left-color`.split(/\s+/);
const CSS_PROPS: Record<string, Set<string>> = {
  img: new Set(['width', 'height', 'max-width', 'min-width', 'max-height', 'min-height']),
  span: new Set(['color']),
  table: new Set(BOX_CSS),
  th: new Set(BOX_CSS),
  tr: new Set(BOX_CSS),
  td: new Set(BOX_CSS),
};

const DATA_URI = /^\s*data:(image\/(?:png|jpe?g|gif|webp|bmp));base64,([a-z0-9+/=\s]+)$/i;
const VOID = new Set(['area', 'br', 'col', 'hr', 'img', 'wbr']);
const URL_ATTRS = new Set(['href', 'src', 'cite']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel', 'ftp']);
const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|bmp);base64,[a-z0-9+/=\s]*$/i;
// Letters, digits, spaces and the punctuation of lengths, colours and rgb(): no quotes, escapes,
// comments, url() or expression().
const SAFE_CSS_VALUE = /^[#\w\s.,%()+-]*$/;

function safeUrl(tag: string, attr: string, value: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme (`jav&#9;ascript:`).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
  if (scheme === undefined) return true; // relative
  if (SAFE_SCHEMES.has(scheme)) return true;
  if (tag === 'img' && attr === 'src') {
    if (scheme === 'cid') return true;
    if (scheme === 'data') return DATA_IMAGE.test(value.trim());
  }
  return false;
}

function cleanStyle(tag: string, value: string): string | undefined {
  const allowed = CSS_PROPS[tag];
  if (!allowed) return undefined;
  const kept: string[] = [];
  for (const decl of value.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const val = decl.slice(colon + 1).trim();
    if (!allowed.has(prop) || val === '') continue;
    if (!SAFE_CSS_VALUE.test(val) || /expression|url|javascript|behavior/i.test(val)) continue;
    kept.push(`${prop}: ${val}`);
  }
  return kept.length ? `${kept.join('; ')};` : undefined;
}

function escapeText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\u00a0/g, '&nbsp;');
}

function escapeAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\u00a0/g, '&nbsp;');
}

function attributes(el: Element, opts: SanitizeOptions): string {
  const tag = el.tagName;
  const allowed = new Set([...ALL_ATTRS, ...(TAG_ATTRS[tag] ?? [])]);
  const out: [string, string][] = [];
  for (const { name, value, namespace } of el.attrs) {
    if (namespace) continue;
    const attr = name.toLowerCase();
    if (!allowed.has(attr) || attr.startsWith('on')) continue;
    if (tag === 'img' && attr === 'src' && opts.inlineImage) {
      const m = DATA_URI.exec(value);
      if (m) {
        out.push([
          attr,
          opts.inlineImage((m[1] as string).toLowerCase(), Buffer.from(m[2] as string, 'base64')),
        ]);
        continue;
      }
    }
    if (URL_ATTRS.has(attr) && !safeUrl(tag, attr, value)) continue;
    if (attr === 'style') {
      const style = cleanStyle(tag, value);
      if (style) out.push([attr, style]);
      continue;
    }
    out.push([attr, value]);
  }
  if (tag === 'a' && out.some(([n]) => n === 'href')) {
    // As Zammad does: external links open in a new window, without referrer or opener.
    const rest = out.filter(([n]) => n !== 'rel' && n !== 'target');
    rest.push(['rel', 'nofollow noreferrer noopener'], ['target', '_blank']);
    return rest.map(([n, v]) => ` ${n}="${escapeAttr(v)}"`).join('');
  }
  return out.map(([n, v]) => ` ${n}="${escapeAttr(v)}"`).join('');
}

function render(nodes: Node[], out: string[], opts: SanitizeOptions): void {
  for (const node of nodes) {
    if (node.nodeName === '#text') {
      out.push(escapeText((node as DefaultTreeAdapterTypes.TextNode).value));
      continue;
    }
    if (!('tagName' in node)) continue; // comments, doctypes
    const el = node as Element;
    if (el.namespaceURI !== parse5Html.NS.HTML) continue; // SVG / MathML with all they contain
    const tag = el.tagName.toLowerCase();
    if (DROP_WITH_CONTENT.has(tag)) continue;
    if (!ALLOWED_TAGS.has(tag)) {
      render(el.childNodes, out, opts);
      continue;
    }
    out.push(`<${tag}${attributes(el, opts)}>`);
    if (VOID.has(tag)) continue;
    render(el.childNodes, out, opts);
    out.push(`</${tag}>`);
  }
}

export interface SanitizeOptions {
  /**
   * Called for each `<img src="data:image/...;base64,...">`; returns the `src` to write instead
   * (Zammad stores such images as inline attachments).
   */
  inlineImage?: (mime: string, data: Buffer) => string;
}

/** Sanitises an HTML fragment (article body, note): only allow-listed tags, attributes and URLs. */
export function sanitizeHtml(input: string, opts: SanitizeOptions = {}): string {
  const fragment = parseFragment(input);
  const out: string[] = [];
  render(fragment.childNodes, out, opts);
  return out.join('');
}
