import { describe, expect, it } from 'vitest';
import { answerHtml, isPublished, parsePublicUrl, snippetHtml } from './kb.ts';

describe('snippetHtml', () => {
  it('keeps <em> and nothing else', () => {
    expect(snippetHtml('federated <em>login</em> &amp; more')).toBe('federated <em>login</em> &amp; more');
    expect(snippetHtml('<img src=x onerror=alert(1)><em>a</em><b>b</b>')).toBe('<em>a</em>b');
    expect(snippetHtml('<em onclick="x">a</em>')).toBe('a');
    expect(snippetHtml('a < b > "c" & d')).toBe('a &lt; b &gt; &quot;c&quot; &amp; d');
  });

  it('balances unclosed and stray <em>', () => {
    expect(snippetHtml('<em>open')).toBe('<em>open</em>');
    expect(snippetHtml('x</em>y')).toBe('xy');
  });
});

describe('answerHtml', () => {
  it('drops scripts, handlers, script URLs and remote images', () => {
    const out = answerHtml(
      '<p onclick="x()">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">a</a><img src="https://evil.example/t.png"><img src="/api/v1/attachments/3">',
    );
    expect(out).toBe('<p>Hi</p><a>a</a><img src="/api/v1/attachments/3">');
  });
});

describe('isPublished', () => {
  const now = Date.parse('2026-01-02T00:00:00Z');
  it('needs a past publish time and no past archive time', () => {
    expect(isPublished({ published_at: '2026-01-01T00:00:00Z', archived_at: null }, now)).toBe(true);
    expect(isPublished({ published_at: '2026-01-03T00:00:00Z', archived_at: null }, now)).toBe(false);
    expect(isPublished({ published_at: null, archived_at: null }, now)).toBe(false);
    expect(
      isPublished({ published_at: '2026-01-01T00:00:00Z', archived_at: '2026-01-01T12:00:00Z' }, now),
    ).toBe(false);
  });
});

describe('parsePublicUrl', () => {
  it('reads the category and answer ids', () => {
    expect(parsePublicUrl('/help/en-us/2-accounts/6-login-fails')).toEqual({ category_id: 2, answer_id: 6 });
    expect(parsePublicUrl('/help/en-us/2-accounts')).toBeUndefined();
  });
});
