import { HttpResponse, http } from 'msw';
import { db } from './db';
import { bffError } from './handlers';

/** The public knowledge base, the service catalogue and notifications, for page tests. */
export const kbFixture = {
  categories: [
    { id: 1, parent_id: null, title: 'Getting started with EOSC', icon: 'f135', answer_count: 2 },
    { id: 2, parent_id: null, title: 'Accounts and access (AAI)', icon: 'f084', answer_count: 1 },
  ],
  answers: [
    {
      id: 5,
      category_id: 2,
      title: 'How to log in with your institution',
      updated_at: '2026-11-20T10:00:00Z',
      body: '<p>EOSC services use federated login.</p><script>window.hacked = true</script><img src="https://tracker.example/x.png" alt="t">',
    },
  ],
};

export const portalHandlers = [
  http.get('/bff/kb', ({ request }) => {
    const locale = new URL(request.url).searchParams.get('locale') ?? 'en-us';
    return HttpResponse.json({
      title: locale === 'de-de' ? 'Hilfe-Center' : 'Help Center',
      locale,
      locales: [
        { locale: 'en-us', name: 'English' },
        { locale: 'de-de', name: 'Deutsch' },
      ],
      categories: kbFixture.categories,
    });
  }),
  http.get('/bff/kb/search', ({ request }) => {
    const q = new URL(request.url).searchParams.get('q') ?? '';
    const items = kbFixture.answers
      .filter((a) => `${a.title} ${a.body}`.toLowerCase().includes(q.toLowerCase().split(' ')[0] ?? ''))
      .map((a) => ({
        answer_id: a.id,
        category_id: a.category_id,
        title: a.title.replace(new RegExp(`(${q})`, 'i'), '<em>$1</em>'),
        snippet: 'EOSC services use federated <em>login</em>.',
        category_title: 'Accounts and access (AAI)',
        locale: 'en-us', // the fixture's answers are written in English only
      }));
    return HttpResponse.json({ items });
  }),
  http.get('/bff/kb/categories/:id', ({ params, request }) => {
    const id = Number(params.id);
    const cat = kbFixture.categories.find((c) => c.id === id);
    if (!cat) return bffError(404, 'not_found', 'No such page.');
    return HttpResponse.json({
      id,
      title: cat.title,
      locale: new URL(request.url).searchParams.get('locale') ?? 'en-us',
      path: [{ id, title: cat.title }],
      children: [],
      answers: kbFixture.answers
        .filter((a) => a.category_id === id)
        .map(({ body: _b, ...a }) => ({ ...a, locale: 'en-us' })),
    });
  }),
  http.get('/bff/kb/answers/:id', ({ params, request }) => {
    const a = kbFixture.answers.find((x) => x.id === Number(params.id));
    if (!a) return bffError(404, 'not_found', 'No such page.');
    return HttpResponse.json({
      id: a.id,
      title: a.title,
      locale: new URL(request.url).searchParams.get('locale') ?? 'en-us',
      body: a.body,
      content_locale: 'en-us',
      translations: ['en-us'],
      category_path: [{ id: 2, title: 'Accounts and access (AAI)' }],
      attachments: [],
      tags: [],
      updated_at: a.updated_at,
    });
  }),
  http.get('/bff/services', () =>
    db.sessionUser
      ? HttpResponse.json([
          {
            key: 'b2share',
            name: 'B2SHARE',
            provider: 'EUDAT CDI',
            description: 'Publish data.',
            integration: 'direct',
            mailing_list: null,
            community: 'EUDAT',
          },
          {
            key: 'zenodo',
            name: 'Zenodo',
            provider: 'CERN / OpenAIRE',
            description: 'Deposit.',
            integration: 'redirect',
            mailing_list: 'support@zenodo.example.org',
            community: 'OpenAIRE',
          },
        ])
      : bffError(401, 'unauthenticated', 'Not signed in.'),
  ),
  http.get('/bff/notifications', () =>
    db.sessionUser
      ? HttpResponse.json({ unread_count: 0, items: [] })
      : bffError(401, 'unauthenticated', 'Not signed in.'),
  ),
];
