import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

afterEach(() => setLanguage('en'));

/** Answer 6, written in German and English. */
function bilingualAnswer() {
  server.use(
    http.get('/bff/kb/answers/6', ({ request }) => {
      const locale = new URL(request.url).searchParams.get('locale') ?? 'en-us';
      const de = locale === 'de-de';
      return HttpResponse.json({
        id: 6,
        title: de ? 'Wie beantrage ich einen Dienst?' : 'How to request a service',
        locale,
        body: de ? '<p>Über das Portal.</p>' : '<p>Through the portal.</p>',
        content_locale: locale,
        translations: ['en-us', 'de-de'],
        category_path: [{ id: 1, title: de ? 'Erste Schritte mit EOSC' : 'Getting started with EOSC' }],
        attachments: [],
        tags: [],
        updated_at: '2026-11-20T10:00:00Z',
      });
    }),
  );
}

describe('the help center follows a switch of the interface language', () => {
  it('goes to the same answer in the new language when it is translated', async () => {
    bilingualAnswer();
    setLanguage('de');
    const { user, router } = renderApp('/help/de-de/answers/6');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Wie beantrage ich einen Dienst?' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('note')).toBeNull();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sprache' }), 'en');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'How to request a service' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/help/en-us/answers/6');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('stays and says so when the answer has no translation in the new language', async () => {
    // The fixture's answer 5 is written in English only.
    const { user, router } = renderApp('/help/en-us/answers/5');
    await screen.findByRole('heading', { level: 1, name: 'How to log in with your institution' });
    expect(screen.queryByRole('note')).toBeNull();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'de');
    expect(await screen.findByRole('note')).toHaveTextContent(
      'Nicht auf Deutsch verfügbar — Anzeige auf Englisch',
    );
    expect(router.state.location.pathname).toBe('/help/en-us/answers/5');
    expect(screen.getByRole('heading', { level: 1 }).closest('article')).toHaveAttribute('lang', 'en');
  });

  it('says so when a German reader opens an answer written only in English', async () => {
    setLanguage('de');
    renderApp('/help/de-de/answers/5');
    expect(await screen.findByRole('note')).toHaveTextContent(
      'Nicht auf Deutsch verfügbar — Anzeige auf Englisch',
    );
  });

  it('says "Not available in English — showing German" for a German-only answer', async () => {
    server.use(
      http.get('/bff/kb/answers/7', () =>
        HttpResponse.json({
          id: 7,
          title: 'Nur auf Deutsch',
          locale: 'en-us',
          body: '<p>Text.</p>',
          content_locale: 'de-de',
          translations: ['de-de'],
          category_path: [],
          attachments: [],
          tags: [],
          updated_at: '2026-11-20T10:00:00Z',
        }),
      ),
    );
    renderApp('/help/en-us/answers/7');
    expect(await screen.findByRole('note')).toHaveTextContent('Not available in English — showing German');
  });

  it('goes to the same category in the new language, marking answers in another language', async () => {
    const { user, router } = renderApp('/help/en-us/categories/2');
    const list = await screen.findByRole('region', { name: 'Articles' });
    expect(within(list).queryByText('(German)')).toBeNull();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'de');
    await screen.findByRole('region', { name: 'Artikel' });
    expect(router.state.location.pathname).toBe('/help/de-de/categories/2');
    const item = screen.getByRole('link', { name: 'How to log in with your institution' });
    expect(item).toHaveAttribute('lang', 'en');
    expect(item.closest('li')).toHaveTextContent('(Englisch)');
  });

  it('marks search results in another language and links to them in theirs', async () => {
    setLanguage('de');
    renderApp('/help/search?q=login');
    const link = await screen.findByRole('link', { name: 'How to log in with your institution' });
    expect(link).toHaveAttribute('href', '/help/en-us/answers/5');
    expect(link.closest('li')).toHaveTextContent('(Englisch)');
  });
});
