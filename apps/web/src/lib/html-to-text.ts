// Elements whose content is never shown as text.
const SKIPPED = tags('SCRIPT STYLE TEMPLATE NOSCRIPT HEAD TITLE IFRAME OBJECT SVG');
// Blocks separated by a blank line, like paragraphs when the HTML is rendered.
const PARAGRAPHS = tags('BLOCKQUOTE DL FIGURE H1 H2 H3 H4 H5 H6 HR OL P PRE TABLE UL');
// Blocks that only start on a new line.
const LINES = tags(
  'ADDRESS ARTICLE ASIDE DD DIV DT FIELDSET FIGCAPTION FOOTER FORM HEADER LI MAIN NAV SECTION TR',
);

function tags(names: string): ReadonlySet<string> {
  return new Set(names.split(' '));
}

/**
 * Extracts readable plain text from an HTML article body.
 *
 * DOMParser builds an inert document: it runs no scripts and loads no images, so hostile
 * markup (`<img onerror>`, `<script>`) is harmless here. The result is rendered as a text
 * node, never as HTML.
 */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let out = '';
  // Newlines owed before the next text; adjacent block edges share them instead of adding up.
  let owed = 0;

  const write = (text: string): void => {
    if (text === '') return;
    if (owed > 0 && out !== '') out = out.replace(/[ \t]+$/, '') + '\n'.repeat(owed);
    owed = 0;
    out += text;
  };
  const owe = (newlines: number): void => {
    owed = Math.max(owed, newlines);
  };

  const walk = (node: Node, preformatted: boolean): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        const text = child.textContent ?? '';
        if (preformatted) {
          write(text);
        } else {
          const collapsed = text.replace(/\s+/g, ' ');
          const atLineStart = out === '' || owed > 0 || out.endsWith('\n');
          write(atLineStart ? collapsed.trimStart() : collapsed);
        }
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = (child as Element).tagName.toUpperCase();
      if (SKIPPED.has(tag)) continue;
      if (tag === 'BR') {
        write('\n');
        continue;
      }
      const edge = PARAGRAPHS.has(tag) ? 2 : LINES.has(tag) ? 1 : 0;
      owe(edge);
      if (tag === 'LI') write('• ');
      walk(child, preformatted || tag === 'PRE');
      owe(edge);
      if (tag === 'TD' || tag === 'TH') write('\t');
    }
  };

  walk(doc.body, false);
  return out.trimEnd();
}
