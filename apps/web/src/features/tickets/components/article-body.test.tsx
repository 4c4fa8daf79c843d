import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db, signInAs } from '@/testing/db';
import { buildArticle, buildTicket, buildUser } from '@/testing/factories';
import { renderApp } from '@/testing/render';

const XSS =
  '<p>Hello <strong>there</strong></p>' +
  '<img src="x" onerror="window.__pwned=1">' +
  '<script>window.__pwned=2</script>' +
  '<a href="javascript:window.__pwned=3">click</a>' +
  '<a href="https://example.org/doc">the docs</a>' +
  '<svg><script>window.__pwned=4</script></svg>' +
  '<iframe src="https://evil.example"></iframe>' +
  '<img src="https://tracker.example/pixel.gif" alt="Logo">' +
  '<form action="https://evil.example"><button>Go</button></form>' +
  '<p style="position:fixed" onclick="window.__pwned=5">styled</p>';

afterEach(() => {
  delete (window as { __pwned?: number }).__pwned;
  vi.restoreAllMocks();
});

describe('an HTML article in the portal', () => {
  it('shows the markup sanitised: no script, handler, javascript: link, frame, form or style survives', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 31, title: 'Rich' }));
    db.articles.set(31, [buildArticle({ body: XSS, content_type: 'text/html' })]);
    const { container } = renderApp('/tickets/31');
    const bold = await screen.findByText('there');
    expect(bold.tagName).toBe('STRONG');
    const body = bold.closest('.article__body') as HTMLElement;
    expect(body.querySelector('script, iframe, form, button, svg, [style]')).toBeNull();
    expect(body.innerHTML).not.toMatch(/onerror|onclick|javascript:|evil\.example/i);
    expect(screen.getByText('click').closest('a')).not.toHaveAttribute('href');
    const docs = screen.getByRole('link', { name: 'the docs' });
    expect(docs).toHaveAttribute('href', 'https://example.org/doc');
    expect(docs).toHaveAttribute('target', '_blank');
    expect(docs.getAttribute('rel')).toContain('noopener');
    // The tracking pixel is held back until asked for.
    const pixel = screen.getByAltText('Logo');
    expect(pixel).not.toHaveAttribute('src');
    expect(screen.getByText('2 remote images blocked.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Show images' }));
    expect(screen.getByAltText('Logo')).toHaveAttribute('src', 'https://tracker.example/pixel.gif');
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(container.querySelector('script')).toBeNull();
  });

  it('keeps plain text as text (markup in it is not interpreted)', async () => {
    signInAs(buildUser());
    db.tickets.push(buildTicket({ id: 32, title: 'Plain' }));
    db.articles.set(32, [buildArticle({ body: 'a <b>literal</b> tag', content_type: 'text/plain' })]);
    renderApp('/tickets/32');
    expect(await screen.findByText('a <b>literal</b> tag')).toBeInTheDocument();
  });
});
