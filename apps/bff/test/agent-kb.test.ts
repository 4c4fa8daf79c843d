import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  const res = await b.signIn(who);
  expect(res.status).toBe(200);
  return b;
}

describe('the knowledge-base editor through the BFF', () => {
  it('takes an answer from draft (hidden) to published (public) to archived (gone)', async () => {
    const editor = await signedIn(DEMO.admin);
    const anonymous = new Browser(bff.url);
    const stamp = Date.now();
    const made = await editor.request('/bff/agent/kb/categories', {
      method: 'POST',
      body: {
        translations: [
          { locale: 'en-us', title: `Storage ${stamp}` },
          { locale: 'de-de', title: `Speicher ${stamp}` },
        ],
      },
    });
    expect(made.status).toBe(201);
    const category = made.body.categories.find((c: { translations: { title: string }[] }) =>
      c.translations.some((t) => t.title === `Storage ${stamp}`),
    );
    expect(category.parent_id).toBeNull();

    const child = await editor.request('/bff/agent/kb/categories', {
      method: 'POST',
      body: { parent_id: category.id, translations: [{ locale: 'en-us', title: `Quotas ${stamp}` }] },
    });
    const sub = child.body.categories.find((c: { parent_id: number | null }) => c.parent_id === category.id);
    const renamed = await editor.request(`/bff/agent/kb/categories/${sub.id}`, {
      method: 'PATCH',
      body: { translations: [{ locale: 'en-us', title: `Disk quotas ${stamp}` }] },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.categories.find((c: { id: number }) => c.id === sub.id).translations).toEqual([
      { locale: 'en-us', title: `Disk quotas ${stamp}` },
    ]);

    const title = `Quota raise ${stamp}`;
    const created = await editor.request('/bff/agent/kb/answers', {
      method: 'POST',
      body: {
        category_id: sub.id,
        translations: [
          { locale: 'en-us', title, body: `<p>Ask for more <strong>quota${stamp}</strong>.</p>` },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'draft', category_id: sub.id });
    expect(created.body.translations[0].body).toContain('<strong>');
    const id = created.body.id as number;

    const hidden = await anonymous.request(`/bff/kb/answers/${id}?locale=en-us`);
    expect(hidden.status).toBe(404);
    const search = async () =>
      (await anonymous.request(`/bff/kb/search?locale=en-us&q=quota${stamp}`)).body.items as {
        id?: number;
      }[];
    expect(JSON.stringify(await search())).not.toContain(title);

    const edited = await editor.request(`/bff/agent/kb/answers/${id}`, {
      method: 'PATCH',
      body: {
        translations: [
          { locale: 'en-us', title, body: `<p>Ask for more quota${stamp} in the portal.</p>` },
          { locale: 'de-de', title: `Kontingent ${stamp}`, body: '<p>Mehr Speicher beantragen.</p>' },
        ],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.translations).toHaveLength(2);
    expect(edited.body.translations.find((t: { locale: string }) => t.locale === 'en-us').body).toContain(
      'in the portal',
    );

    const published = await editor.request(`/bff/agent/kb/answers/${id}/publish`, { method: 'POST' });
    expect(published.body.state).toBe('published');
    const visible = await anonymous.request(`/bff/kb/answers/${id}?locale=en-us`);
    expect(visible.status).toBe(200);
    expect(JSON.stringify(await search())).toContain(title);

    const wrong = await editor.request(`/bff/agent/kb/answers/${id}/unarchive`, { method: 'POST' });
    expect(wrong.status).toBe(422);

    const archived = await editor.request(`/bff/agent/kb/answers/${id}/archive`, { method: 'POST' });
    expect(archived.body.state).toBe('archived');
    expect((await anonymous.request(`/bff/kb/answers/${id}?locale=en-us`)).status).toBe(404);
    const tree = await editor.request('/bff/agent/kb');
    expect(tree.body.answers.find((a: { id: number }) => a.id === id).state).toBe('archived');

    // A category holding an answer stays; an empty one can go.
    const refused = await editor.request(`/bff/agent/kb/categories/${sub.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(422);
    expect((await editor.request(`/bff/agent/kb/answers/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await editor.request(`/bff/agent/kb/categories/${sub.id}`, { method: 'DELETE' })).status).toBe(
      200,
    );
  });

  it('reorders categories under one parent and validates input', async () => {
    const editor = await signedIn(DEMO.admin);
    const tree = await editor.request('/bff/agent/kb');
    const roots = tree.body.categories
      .filter((c: { parent_id: number | null }) => c.parent_id === null)
      .map((c: { id: number }) => c.id) as number[];
    expect(roots.length).toBeGreaterThan(1);
    const reversed = [...roots].reverse();
    const res = await editor.request('/bff/agent/kb/categories/order', {
      method: 'POST',
      body: { parent_id: null, ids: reversed },
    });
    expect(res.status).toBe(200);
    expect(
      res.body.categories
        .filter((c: { parent_id: number | null }) => c.parent_id === null)
        .map((c: { id: number }) => c.id),
    ).toEqual(reversed);
    const partial = await editor.request('/bff/agent/kb/categories/order', {
      method: 'POST',
      body: { parent_id: null, ids: reversed.slice(1) },
    });
    expect(partial.status).toBe(422);
    const noTitle = await editor.request('/bff/agent/kb/categories', {
      method: 'POST',
      body: { translations: [{ locale: 'en-us', title: ' ' }] },
    });
    expect(noTitle.status).toBe(400);
    const badLocale = await editor.request('/bff/agent/kb/answers', {
      method: 'POST',
      body: { category_id: roots[0], translations: [{ locale: 'fr-fr', title: 'x', body: '' }] },
    });
    expect(badLocale.status).toBe(400);
  });

  it('refuses agents without knowledge_base.editor and customers', async () => {
    const agent = await signedIn(DEMO.agent);
    expect((await agent.request('/bff/agent/kb')).status).toBe(403);
    const post = await agent.request('/bff/agent/kb/answers', {
      method: 'POST',
      body: { category_id: 1, translations: [{ locale: 'en-us', title: 'x', body: '' }] },
    });
    expect(post.status).toBe(403);
    const customer = await signedIn(DEMO.customer);
    expect((await customer.request('/bff/agent/kb')).status).toBe(403);
    expect((await new Browser(bff.url).request('/bff/agent/kb')).status).toBe(401);
  });
});
