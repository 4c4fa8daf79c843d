import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('keeps paragraphs and line breaks, collapses source whitespace', () => {
    expect(htmlToText('<p>Hello,</p>\n  <p>the   job\n failed.<br>Regards</p>')).toBe(
      'Hello,\n\nthe job failed.\nRegards',
    );
  });

  it('drops scripts, styles and markup, keeping only text', () => {
    expect(
      htmlToText('<style>p{}</style><script>alert(1)</script><b>bold</b> <img src=x onerror=alert(2)>'),
    ).toBe('bold');
  });

  it('decodes entities into text rather than markup', () => {
    expect(htmlToText('&lt;script&gt;x&lt;/script&gt; &amp; more')).toBe('<script>x</script> & more');
  });

  it('keeps preformatted text as it is and marks list items', () => {
    expect(htmlToText('<pre>a\n  b</pre><ul><li>one</li><li>two</li></ul>')).toBe('a\n  b\n\n• one\n• two');
  });
});
