import DOMPurify from 'dompurify';

/** Search snippets: text with the matches in `<em>`, nothing else. */
export function sanitizeSnippet(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ['em'], ALLOWED_ATTR: [] });
}

const LOCAL = /^\/(?!\/)/;

/**
 * An answer body: DOMPurify's safe HTML profile, no forms or styles, and images only from the
 * helpdesk itself (a remote image would tell a third party who reads what).
 */
export function sanitizeAnswer(html: string): string {
  const purify = DOMPurify();
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'img') {
      const src = (node as Element).getAttribute('src') ?? '';
      if (!LOCAL.test(src)) node.parentNode?.removeChild(node);
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && /^https?:/i.test(node.getAttribute('href') ?? '')) {
      node.setAttribute('rel', 'noopener noreferrer');
      node.setAttribute('target', '_blank');
    }
  });
  return purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math'],
    FORBID_ATTR: ['style'],
  });
}
