import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import '@/testing/jsdom-layout';
import { signInAs } from '@/testing/db';
import { buildAgent } from '@/testing/factories';
import { bffError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

type State = 'draft' | 'internal' | 'published' | 'archived';
type Answer = {
  id: number;
  category_id: number;
  state: State;
  translations: { locale: 'en-us' | 'de-de'; title: string; body: string }[];
};

function fakeKb() {
  const calls: string[] = [];
  const answers: Answer[] = [
    {
      id: 31,
      category_id: 2,
      state: 'published',
      translations: [{ locale: 'en-us', title: 'Request more quota', body: '<p>Ask.</p>' }],
    },
    {
      id: 32,
      category_id: 2,
      state: 'draft',
      translations: [{ locale: 'en-us', title: 'Old quota FAQ', body: '' }],
    },
  ];
  const tree = () => ({
    kb_id: 1,
    locales: ['en-us', 'de-de'],
    categories: [
      { id: 1, parent_id: null, position: 0, translations: [{ locale: 'en-us', title: 'Storage' }] },
      {
        id: 2,
        parent_id: 1,
        position: 0,
        translations: [
          { locale: 'en-us', title: 'Quotas' },
          { locale: 'de-de', title: 'Kontingente' },
        ],
      },
    ],
    answers: answers.map((a) => ({
      id: a.id,
      category_id: a.category_id,
      position: 0,
      state: a.state,
      translations: a.translations.map(({ locale, title }) => ({ locale, title })),
      updated_at: '2026-11-20T10:00:00Z',
    })),
  });
  const full = (a: Answer) => ({ ...a, attachments: [], updated_at: '2026-11-20T10:00:00Z' });
  server.use(
    http.get('/bff/agent/kb', () => HttpResponse.json(tree())),
    http.get('/bff/agent/kb/answers/:id', ({ params }) => {
      const a = answers.find((x) => x.id === Number(params.id));
      return a ? HttpResponse.json(full(a)) : bffError(404, 'not_found', 'No such answer.');
    }),
    http.post('/bff/agent/kb/answers', async ({ request }) => {
      const body = (await request.json()) as Omit<Answer, 'id' | 'state'>;
      calls.push(`create ${JSON.stringify(body)}`);
      const a: Answer = { ...body, id: 40 + answers.length, state: 'draft' };
      answers.push(a);
      return HttpResponse.json(full(a), { status: 201 });
    }),
    http.post('/bff/agent/kb/answers/:id/:action', ({ params }) => {
      const a = answers.find((x) => x.id === Number(params.id));
      if (!a) return bffError(404, 'not_found', 'No such answer.');
      calls.push(`${params.action} ${a.id}`);
      a.state = (
        { publish: 'published', internal: 'internal', archive: 'archived', unarchive: 'draft' } as const
      )[params.action as 'publish'];
      return HttpResponse.json(full(a));
    }),
  );
  return { calls, answers };
}

describe('knowledge-base editor', () => {
  it('shows the category tree and each answer with its state', async () => {
    signInAs(buildAgent({ is_admin: true }));
    fakeKb();
    const { user } = renderApp('/agent/kb');
    const tree = await screen.findByRole('navigation', { name: 'Categories' });
    expect(screen.getByText('Choose a category to see its answers.')).toBeInTheDocument();
    await user.click(within(tree).getByRole('link', { name: 'Quotas' }));
    expect(await screen.findByRole('heading', { name: 'Answers in “Quotas”' })).toBeInTheDocument();
    const published = screen.getByRole('row', { name: /Request more quota/ });
    expect(within(published).getByText('Published')).toBeInTheDocument();
    expect(within(screen.getByRole('row', { name: /Old quota FAQ/ })).getByText('Draft')).toBeInTheDocument();
    expect(within(tree).getByRole('link', { name: 'Quotas' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'New answer' })).toHaveAttribute(
      'href',
      '/agent/kb/answers/new?category=2',
    );
  });

  it('writes a new answer, publishes it and links its public page', async () => {
    signInAs(buildAgent({ is_admin: true }));
    const kb = fakeKb();
    const { user } = renderApp('/agent/kb/answers/new?category=2');
    const form = await screen.findByRole('form', { name: 'New answer' });
    expect(within(form).getByRole('combobox', { name: 'Category' })).toHaveValue('2');
    expect(await within(form).findByRole('textbox', { name: 'Text (English)' })).toBeInTheDocument();

    await user.click(within(form).getByRole('button', { name: 'Publish' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Give the answer a title in at least one language.',
    );
    expect(kb.calls).toEqual([]);

    const english = within(form).getByRole('group', { name: 'English version' });
    await user.type(within(english).getByRole('textbox', { name: 'Title' }), 'EUDAT B2DROP quota');
    await user.click(within(form).getByRole('button', { name: 'Publish' }));

    const edit = await screen.findByRole('form', { name: 'Edit answer' });
    expect(kb.calls).toHaveLength(2);
    expect(kb.calls[0]).toContain('"title":"EUDAT B2DROP quota"');
    expect(kb.calls[1]).toBe('publish 42');
    expect(within(edit).getByText('State: Published')).toBeInTheDocument();
    expect(within(edit).getByRole('link', { name: 'View the public page (English)' })).toHaveAttribute(
      'href',
      '/help/en-us/answers/42',
    );
    expect(within(edit).getByRole('button', { name: 'Archive' })).toBeEnabled();
    expect(within(edit).queryByRole('button', { name: 'Publish' })).not.toBeInTheDocument();
  });

  it('is forbidden to agents without the editor permission', async () => {
    signInAs(buildAgent());
    server.use(
      http.get('/bff/agent/kb', () => bffError(403, 'forbidden', 'Only knowledge-base editors can do this.')),
    );
    renderApp('/agent/kb');
    expect(await screen.findByRole('heading', { name: 'Forbidden' })).toBeInTheDocument();
  });
});
