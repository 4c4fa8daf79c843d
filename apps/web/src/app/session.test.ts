import { describe, expect, it } from 'vitest';
import { safeNext } from './session';

describe('safeNext', () => {
  it('keeps same-site paths with their query and fragment', () => {
    expect(safeNext('/tickets/12?tab=history#a3')).toBe('/tickets/12?tab=history#a3');
    expect(safeNext('/agent')).toBe('/agent');
  });

  it.each([
    null,
    '',
    'https://evil.example/',
    'evil.example',
    '//evil.example',
    '/\\evil.example',
    // Browsers drop tabs and newlines inside URLs: these become //evil.example.
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/%09/evil.example/..',
    'javascript:alert(1)',
    '/\u0000/evil.example',
  ])('refuses %j', (value) => {
    const next = safeNext(value);
    if (next === null) return;
    // Whatever it keeps must stay on this site.
    expect(new URL(next, 'https://helpdesk.example').origin).toBe('https://helpdesk.example');
    expect(next.startsWith('/') && !next.startsWith('//')).toBe(true);
  });
});
