import { describe, expect, it } from 'vitest';
import { sanitizeAnswer, sanitizeSnippet } from './safe-html';

describe('sanitizeSnippet', () => {
  it('keeps only <em>', () => {
    expect(sanitizeSnippet('a <em>b</em> <img src=x onerror=alert(1)><b>c</b>')).toBe('a <em>b</em> c');
  });
});

describe('sanitizeAnswer', () => {
  it('drops scripts, handlers and remote images but keeps local ones', () => {
    const out = sanitizeAnswer(
      '<p onclick="x()">Hi<script>alert(1)</script></p><img src="https://evil.example/t.png"><img src="/api/v1/attachments/1" alt="a"><a href="javascript:alert(1)">j</a><a href="https://eosc.eu">e</a>',
    );
    expect(out).not.toMatch(/script|onclick|evil|javascript/);
    expect(out).toContain('<img src="/api/v1/attachments/1" alt="a">');
    expect(out).toContain('rel="noopener noreferrer"');
  });
});
