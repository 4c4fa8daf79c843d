import DOMPurify from 'dompurify';

/** Image sources that never leave the page: inline data. Everything else is a remote fetch. */
const LOCAL_IMAGE = /^data:image\/(png|gif|jpe?g|webp);/i;

/**
 * Sanitises an HTML article for display: DOMPurify removes scripts, event handlers,
 * `javascript:` URLs, forms and SVG/MathML; styles are dropped; remote images are blocked
 * (they would tell the sender the message was read) unless `showImages`; links open in a new
 * tab without a referrer. Returns the markup and how many images were blocked.
 */
export function sanitizeArticle(html: string, showImages: boolean): { html: string; blocked: number } {
  const fragment = DOMPurify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
    FORBID_ATTR: ['style', 'srcset'],
  });
  let blocked = 0;
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    const src = img.getAttribute('src') ?? '';
    if (LOCAL_IMAGE.test(src) || showImages) continue;
    img.removeAttribute('src');
    img.setAttribute('data-blocked', 'true');
    img.setAttribute('alt', img.getAttribute('alt') || 'Blocked image');
    blocked++;
  }
  for (const a of Array.from(fragment.querySelectorAll('a[href]'))) {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  const box = document.createElement('div');
  box.append(fragment);
  return { html: box.innerHTML, blocked };
}
