import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, json, type RunningDesk, startDesk } from './harness.ts';

let desk: RunningDesk;

const EN = 1;
const DE = 2;
const STATES = ['draft', 'internal', 'published', 'archived'] as const;
type State = (typeof STATES)[number];

async function call(as: Credentials, method: string, path: string, body?: unknown) {
  const res = await desk.api(path, {
    as,
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function newCategory(title: string, parentId: number | null = null): Promise<number> {
  const res = await call('admin', 'POST', '/knowledge_bases/1/categories', {
    parent_id: parentId,
    category_icon: 'f115',
    translations_attributes: [{ title, kb_locale_id: EN }],
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function newAnswer(
  categoryId: number,
  title: string,
  body: string,
  state: State,
  de?: [string, string],
) {
  const translations: unknown[] = [{ title, kb_locale_id: EN, content_attributes: { body } }];
  if (de) translations.push({ title: de[0], kb_locale_id: DE, content_attributes: { body: de[1] } });
  const res = await call('admin', 'POST', '/knowledge_bases/1/answers', {
    category_id: categoryId,
    translations_attributes: translations,
  });
  expect(res.status).toBe(201);
  const id: number = res.body.id;
  const steps: Record<State, string[]> = {
    draft: [],
    internal: ['internal'],
    published: ['publish'],
    archived: ['publish', 'archive'],
  };
  for (const step of steps[state]) {
    const moved = await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/${step}`);
    expect(moved.status).toBe(200);
  }
  return { id, created: res.body };
}

const answers = {} as Record<State, number>;
let categoryId: number;

beforeAll(async () => {
  desk = await startDesk();
  categoryId = await newCategory('Matrix');
  for (const state of STATES) {
    answers[state] = (
      await newAnswer(
        categoryId,
        `Quokka ${state} answer`,
        `<p>The quokka lives on an island (${state}).</p>`,
        state,
      )
    ).id;
  }
});
afterAll(async () => {
  await desk?.close();
});

describe('knowledge base visibility', () => {
  const matrix: [Credentials, string, State[]][] = [
    ['none', 'anonymous', ['published']],
    ['customer', 'customer', ['published']],
    ['agent', 'agent (knowledge_base.reader)', ['internal', 'published']],
    ['admin', 'admin (knowledge_base.editor)', ['draft', 'internal', 'published', 'archived']],
  ];

  for (const [as, label, visible] of matrix) {
    it(`${label} sees ${visible.join(', ')}`, async () => {
      for (const state of STATES) {
        const res = await call(as, 'GET', `/knowledge_bases/1/answers/${answers[state]}`);
        if (visible.includes(state)) {
          expect(res.status, `${label} ${state}`).toBe(200);
          expect(res.body.id).toBe(answers[state]);
          expect(res.body.assets.KnowledgeBaseAnswer[String(answers[state])]).toBeDefined();
        } else {
          expect(res.status, `${label} ${state}`).toBe(403);
          expect(res.body.error).toBe(as === 'none' ? 'Authentication required' : 'Not authorized');
        }
      }
      const ids = await call(as, 'GET', '/knowledge_bases/visible_ids');
      expect(ids.status).toBe(200);
      for (const state of STATES)
        expect(ids.body.answer_ids.includes(answers[state]), `${label} visible_ids ${state}`).toBe(
          visible.includes(state),
        );
      const init = await call(as, 'POST', '/knowledge_bases/init');
      expect(init.status).toBe(200);
      for (const state of STATES)
        expect(
          init.body.KnowledgeBaseAnswer?.[String(answers[state])] !== undefined,
          `${label} init ${state}`,
        ).toBe(visible.includes(state));
      expect(init.body.KnowledgeBase['1']).toMatchObject({ id: 1, active: true });
      expect(Object.keys(init.body.KnowledgeBaseLocale).sort()).toEqual(['1', '2']);
    });
  }

  it('hides categories without published content from the public, not from agents', async () => {
    const empty = await newCategory('Only drafts here');
    await newAnswer(empty, 'Unfinished', '<p>wip</p>', 'draft');
    expect((await call('none', 'GET', `/knowledge_bases/1/categories/${empty}`)).status).toBe(403);
    expect((await call('customer', 'GET', `/knowledge_bases/1/categories/${empty}`)).status).toBe(403);
    const agent = await call('agent', 'GET', `/knowledge_bases/1/categories/${empty}`);
    expect(agent.status).toBe(200);
    expect(agent.body.answer_ids).toEqual([]); // the draft is not listed for readers
    const admin = await call('admin', 'GET', `/knowledge_bases/1/categories/${empty}`);
    expect(admin.body.answer_ids).toHaveLength(1);
    const pub = await call('none', 'GET', `/knowledge_bases/1/categories/${categoryId}`);
    expect(pub.status).toBe(200);
    expect(pub.body.answer_ids).toEqual([answers.published]);
  });

  it('keeps the internal note and editors from the public', async () => {
    await call('admin', 'PATCH', `/knowledge_bases/1/answers/${answers.published}`, {
      internal_note: 'Check with EGI before changing',
    });
    const pub = await call('none', 'GET', `/knowledge_bases/1/answers/${answers.published}`);
    const a = pub.body.assets.KnowledgeBaseAnswer[String(answers.published)];
    expect(a.internal_note).toBeNull();
    expect(a.published_by_id).toBeUndefined();
    const agent = await call('agent', 'GET', `/knowledge_bases/1/answers/${answers.published}`);
    expect(agent.body.assets.KnowledgeBaseAnswer[String(answers.published)].internal_note).toBe(
      'Check with EGI before changing',
    );
  });

  it('404s unknown answers, categories and knowledge bases', async () => {
    expect((await call('admin', 'GET', '/knowledge_bases/1/answers/999999')).status).toBe(404);
    expect((await call('none', 'GET', '/knowledge_bases/1/categories/999999')).status).toBe(404);
    expect((await call('admin', 'GET', '/knowledge_bases/99')).status).toBe(404);
  });

  it('still refuses anonymous access to everything else', async () => {
    expect((await call('none', 'GET', '/knowledge_bases/1')).status).toBe(403);
    expect((await call('none', 'GET', '/tickets')).status).toBe(403);
    expect((await call('none', 'POST', '/knowledge_bases/1/categories', {})).status).toBe(403);
  });
});

describe('knowledge base answers', () => {
  it('creates a draft with translations and contents (201 {id, assets}), sanitising the body', async () => {
    const res = await call('admin', 'POST', '/knowledge_bases/1/answers', {
      category_id: categoryId,
      translations_attributes: [
        {
          title: 'Sanitised',
          kb_locale_id: EN,
          content_attributes: { body: '<p onclick="x()">Safe <script>alert(1)</script>text &amp; more</p>' },
        },
      ],
    });
    expect(res.status).toBe(201);
    const answer = res.body.assets.KnowledgeBaseAnswer[String(res.body.id)];
    expect(answer).toMatchObject({
      category_id: categoryId,
      internal_at: null,
      published_at: null,
      archived_at: null,
    });
    const [translationId] = answer.translation_ids;
    const translation = res.body.assets.KnowledgeBaseAnswerTranslation[String(translationId)];
    expect(translation).toMatchObject({ title: 'Sanitised', kb_locale_id: EN, answer_id: res.body.id });
    const content = res.body.assets.KnowledgeBaseAnswerTranslationContent[String(translation.content_id)];
    expect(content.body).toBe('<p>Safe text &amp; more</p>');

    const shown = await call('admin', 'GET', `/knowledge_bases/1/answers/${res.body.id}`);
    expect(shown.body.assets.KnowledgeBaseAnswerTranslationContent).toBeUndefined();
    const withContent = await call(
      'admin',
      'GET',
      `/knowledge_bases/1/answers/${res.body.id}?include_contents=${translation.content_id}`,
    );
    expect(
      withContent.body.assets.KnowledgeBaseAnswerTranslationContent[String(translation.content_id)].body,
    ).toBe('<p>Safe text &amp; more</p>');
    expect(withContent.body.assets.KnowledgeBaseCategory[String(categoryId)]).toBeDefined();
  });

  it('updates a translation by id and adds another locale; a second one per locale is 422', async () => {
    const { id, created } = await newAnswer(categoryId, 'Before', '<p>old</p>', 'draft');
    const translationId = created.assets.KnowledgeBaseAnswer[String(id)].translation_ids[0];
    const res = await call('admin', 'PATCH', `/knowledge_bases/1/answers/${id}`, {
      translations_attributes: [
        { id: translationId, title: 'After', content_attributes: { body: '<p>new</p>' } },
        { title: 'Nachher', kb_locale_id: DE, content_attributes: { body: '<p>neu</p>' } },
      ],
    });
    expect(res.status).toBe(200);
    const translations = Object.values(res.body.assets.KnowledgeBaseAnswerTranslation) as { title: string }[];
    expect(translations.map((t) => t.title).sort()).toEqual(['After', 'Nachher']);
    const bodies = Object.values(res.body.assets.KnowledgeBaseAnswerTranslationContent) as { body: string }[];
    expect(bodies.map((b) => b.body).sort()).toEqual(['<p>neu</p>', '<p>new</p>']);
    const dup = await call('admin', 'PATCH', `/knowledge_bases/1/answers/${id}`, {
      translations_attributes: [{ title: 'Zweite', kb_locale_id: DE, content_attributes: { body: 'x' } }],
    });
    expect(dup.status).toBe(422);
  });

  it('validates input: category, locale, title (422)', async () => {
    const bad = [
      { category_id: 999999, translations_attributes: [{ title: 'x', kb_locale_id: EN }] },
      { category_id: categoryId, translations_attributes: [{ title: 'x', kb_locale_id: 99 }] },
      { category_id: categoryId, translations_attributes: [{ title: '  ', kb_locale_id: EN }] },
      { category_id: categoryId, translations_attributes: [] },
    ];
    for (const body of bad)
      expect((await call('admin', 'POST', '/knowledge_bases/1/answers', body)).status).toBe(422);
  });

  it('follows the publishing state machine; impossible moves are 422', async () => {
    const { id } = await newAnswer(categoryId, 'Lifecycle', '<p>x</p>', 'draft');
    const state = async () => {
      const a = (await call('admin', 'GET', `/knowledge_bases/1/answers/${id}`)).body.assets
        .KnowledgeBaseAnswer[String(id)];
      if (a.archived_at) return 'archived';
      if (a.published_at) return 'published';
      if (a.internal_at) return 'internal';
      return 'draft';
    };
    expect((await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/archive`)).status).toBe(422);
    expect((await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/internal`)).status).toBe(200);
    expect(await state()).toBe('internal');
    const published = await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.assets.KnowledgeBaseAnswer[String(id)].published_by_id).toBeTypeOf('number');
    expect(await state()).toBe('published');
    expect((await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/publish`)).status).toBe(422);
    expect((await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/archive`)).status).toBe(200);
    expect(await state()).toBe('archived');
    expect((await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/publish`)).status).toBe(422);
    expect((await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/unarchive`)).status).toBe(200);
    expect(await state()).toBe('draft');
    // additional_action on update fires the same events
    const viaUpdate = await call('admin', 'PATCH', `/knowledge_bases/1/answers/${id}`, {
      additional_action: 'publish',
    });
    expect(viaUpdate.status).toBe(200);
    expect(await state()).toBe('published');
  });

  it('lets only editors write: agents and customers 403, anonymous 403 Authentication required', async () => {
    const body = { category_id: categoryId, translations_attributes: [{ title: 'x', kb_locale_id: EN }] };
    for (const as of ['agent', 'customer'] as Credentials[]) {
      const res = await call(as, 'POST', '/knowledge_bases/1/answers', body);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('User authorization failed.');
      expect((await call(as, 'POST', `/knowledge_bases/1/answers/${answers.draft}/publish`)).status).toBe(
        403,
      );
      expect((await call(as, 'DELETE', `/knowledge_bases/1/answers/${answers.draft}`)).status).toBe(403);
    }
    const anon = await call('none', 'POST', '/knowledge_bases/1/answers', body);
    expect(anon.status).toBe(403);
    expect(anon.body.error).toBe('Authentication required');
  });

  it('deletes answers ({}), then 404', async () => {
    const { id } = await newAnswer(categoryId, 'Short-lived', '<p>x</p>', 'published');
    const del = await call('admin', 'DELETE', `/knowledge_bases/1/answers/${id}`);
    expect(del).toEqual({ status: 200, body: {} });
    expect((await call('admin', 'GET', `/knowledge_bases/1/answers/${id}`)).status).toBe(404);
  });
});

describe('knowledge base categories', () => {
  it('nests categories and lists children; a category cannot move below itself (422)', async () => {
    const parent = await newCategory('Parent');
    const child = await newCategory('Child', parent);
    const grandchild = await newCategory('Grandchild', child);
    const p = await call('admin', 'GET', `/knowledge_bases/1/categories/${parent}`);
    expect(p.body).toMatchObject({ id: parent, knowledge_base_id: 1, parent_id: null, child_ids: [child] });
    const c = await call('admin', 'GET', `/knowledge_bases/1/categories/${child}?full=true`);
    expect(c.body.id).toBe(child);
    expect(Object.keys(c.body.assets.KnowledgeBaseCategory).sort()).toEqual(
      [String(parent), String(child)].sort(),
    );
    expect(
      (await call('admin', 'PATCH', `/knowledge_bases/1/categories/${parent}`, { parent_id: grandchild }))
        .status,
    ).toBe(422);
    expect(
      (await call('admin', 'PATCH', `/knowledge_bases/1/categories/${parent}`, { parent_id: parent })).status,
    ).toBe(422);
    const renamed = await call('admin', 'PATCH', `/knowledge_bases/1/categories/${grandchild}`, {
      parent_id: parent,
      translations_attributes: [{ title: 'Kind', kb_locale_id: DE }],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.parent_id).toBe(parent);
    expect(renamed.body.translation_ids).toHaveLength(2);
  });

  it('refuses to delete a category with answers or children (422), deletes an empty one', async () => {
    const parent = await newCategory('Busy');
    const child = await newCategory('Busy child', parent);
    expect((await call('admin', 'DELETE', `/knowledge_bases/1/categories/${parent}`)).status).toBe(422);
    await newAnswer(child, 'Keeps it', '<p>x</p>', 'draft');
    expect((await call('admin', 'DELETE', `/knowledge_bases/1/categories/${child}`)).status).toBe(422);
    const empty = await newCategory('Empty');
    expect(await call('admin', 'DELETE', `/knowledge_bases/1/categories/${empty}`)).toEqual({
      status: 200,
      body: {},
    });
    expect((await call('agent', 'DELETE', `/knowledge_bases/1/categories/${parent}`)).status).toBe(403);
  });

  it('reorders answers and child categories only when every item is listed (else 422)', async () => {
    const cat = await newCategory('Ordered');
    const a = await newAnswer(cat, 'First', '<p>1</p>', 'published');
    const b = await newAnswer(cat, 'Second', '<p>2</p>', 'published');
    const c = await newAnswer(cat, 'Third', '<p>3</p>', 'published');
    const path = `/knowledge_bases/1/categories/${cat}/reorder_answers`;
    expect((await call('admin', 'PATCH', path, { ordered_ids: [c.id, a.id] })).status).toBe(422);
    expect((await call('admin', 'PATCH', path, { ordered_ids: [c.id, a.id, b.id, 999] })).status).toBe(422);
    const ok = await call('admin', 'PATCH', path, { ordered_ids: [c.id, a.id, b.id] });
    expect(ok.status).toBe(200);
    expect(ok.body.KnowledgeBaseAnswer[String(c.id)].position).toBe(0);
    expect(ok.body.KnowledgeBaseAnswer[String(b.id)].position).toBe(2);
    const shown = await call('none', 'GET', `/knowledge_bases/1/categories/${cat}`);
    expect(shown.body.answer_ids).toEqual([c.id, a.id, b.id]);
    expect((await call('agent', 'PATCH', path, { ordered_ids: [c.id, a.id, b.id] })).status).toBe(403);

    const x = await newCategory('X', cat);
    const y = await newCategory('Y', cat);
    const sub = `/knowledge_bases/1/categories/${cat}/reorder_categories`;
    expect((await call('admin', 'PATCH', sub, { ordered_ids: [y] })).status).toBe(422);
    expect((await call('admin', 'PATCH', sub, { ordered_ids: [y, x] })).status).toBe(200);
    expect((await call('admin', 'GET', `/knowledge_bases/1/categories/${cat}`)).body.child_ids).toEqual([
      y,
      x,
    ]);

    const roots = (await call('admin', 'POST', '/knowledge_bases/init')).body.KnowledgeBaseCategory as Record<
      string,
      { id: number; parent_id: number | null }
    >;
    const rootIds = Object.values(roots)
      .filter((r) => r.parent_id === null)
      .map((r) => r.id);
    const rootPath = '/knowledge_bases/1/categories/reorder_root_categories';
    expect((await call('admin', 'PATCH', rootPath, { ordered_ids: rootIds.slice(1) })).status).toBe(422);
    const reversed = [...rootIds].reverse();
    expect((await call('admin', 'PATCH', rootPath, { ordered_ids: reversed })).status).toBe(200);
    const kb = await call('admin', 'GET', '/knowledge_bases/1');
    expect(kb.body.category_ids.filter((id: number) => rootIds.includes(id))).toEqual(reversed);
  });
});

describe('knowledge base search', () => {
  let de: number;
  beforeAll(async () => {
    const cat = await newCategory('Search fixtures');
    await newAnswer(cat, 'Wombat burrows', '<p>A wombat digs burrows with strong claws.</p>', 'published', [
      'Wombatbaue',
      '<p>Ein Wombat gräbt Baue mit kräftigen Krallen.</p>',
    ]);
    de = (await newAnswer(cat, 'Wombat diet', '<p>The wombat eats grasses and roots.</p>', 'internal')).id;
    await newAnswer(cat, 'Wombat secrets', '<p>Draft about the wombat.</p>', 'draft');
  });

  const search = (as: Credentials, body: Record<string, unknown>) =>
    call(as, 'POST', '/knowledge_bases/search', { knowledge_base_id: 1, flavor: 'public', ...body });

  it('finds published answers anonymously, with <em> highlights in body and title, and a public url', async () => {
    const res = await search('none', { locale: 'en-us', query: 'claws' });
    expect(res.status).toBe(200);
    expect(res.body.result).toHaveLength(1);
    expect(res.body.result[0].type).toBe('KnowledgeBase::Answer::Translation');
    const d = res.body.details[0];
    expect(d).toMatchObject({
      type: 'KnowledgeBase::Answer::Translation',
      icon: 'knowledge-base-answer',
      subtitle: 'Search fixtures',
    });
    expect(d.body).toContain('<em>claws</em>');
    expect(d.title).toBe('Wombat burrows');
    expect(d.url).toMatch(/^\/help\/en-us\/\d+-search-fixtures\/\d+-wombat-burrows$/);
    const titled = await search('none', { locale: 'en-us', query: 'burrows' });
    expect(titled.body.details[0].title).toBe('Wombat <em>burrows</em>');
  });

  it('matches word prefixes and needs every word', async () => {
    expect((await search('none', { locale: 'en-us', query: 'wom cla' })).body.result).toHaveLength(1);
    expect(
      (await search('none', { locale: 'en-us', query: 'wombat nonexistentword' })).body.result,
    ).toHaveLength(0);
    expect((await search('none', { locale: 'en-us', query: '  ***  ' })).body).toEqual({
      result: [],
      details: [],
    });
  });

  it('searches one locale or, without a locale, all of them', async () => {
    const german = await search('none', { locale: 'de-de', query: 'Krallen' });
    expect(german.body.details).toHaveLength(1);
    expect(german.body.details[0].url).toMatch(/^\/help\/de-de\/\d+-search-fixtures\/\d+-wombatbaue$/);
    expect(german.body.details[0].body).toContain('<em>Krallen</em>');
    expect((await search('none', { locale: 'en-us', query: 'Krallen' })).body.result).toHaveLength(0);
    const any = await search('none', { query: 'wombat', include_locale: true });
    const titles = any.body.details.map((x: { title: string }) => x.title);
    expect(titles).toEqual(expect.arrayContaining([expect.stringContaining('(Deutsch)')]));
  });

  it('agents see internal answers with the agent flavor, editors drafts too; public flavor stays public', async () => {
    const titles = async (as: Credentials, flavor: string) =>
      (await search(as, { locale: 'en-us', query: 'wombat', flavor })).body.details.map(
        (x: { title: string }) => x.title.replace(/<\/?em>/g, ''),
      );
    expect((await titles('customer', 'agent')).sort()).toEqual(['Wombat burrows']);
    expect((await titles('agent', 'agent')).sort()).toEqual(['Wombat burrows', 'Wombat diet']);
    expect((await titles('admin', 'agent')).sort()).toEqual([
      'Wombat burrows',
      'Wombat diet',
      'Wombat secrets',
    ]);
    expect((await titles('admin', 'public')).sort()).toEqual(['Wombat burrows']);
    const agentUrl = await search('agent', {
      locale: 'en-us',
      query: 'grasses',
      flavor: 'agent',
      url_type: 'agent',
    });
    expect(agentUrl.body.details[0].url).toMatch(
      new RegExp(`^/api/v1/knowledge_bases/1/answers/${de}\\?include_contents=\\d+$`),
    );
  });

  it('finds category titles and the seeded EOSC content', async () => {
    const cats = await search('none', {
      locale: 'en-us',
      query: 'search fixtures',
      index: 'KnowledgeBase::Category::Translation',
    });
    expect(cats.body.result).toHaveLength(1);
    expect(cats.body.details[0].title).toContain('<em>');
    const seeded = await search('none', { locale: 'en-us', query: 'institution' });
    const titles = seeded.body.details.map((x: { title: string }) => x.title);
    expect(titles).toContain('How to log in with your <em>institution</em>');
    const internalSeed = await search('none', { locale: 'en-us', query: 'triage checklist' });
    expect(internalSeed.body.result).toHaveLength(0);
  });

  it('escapes HTML in the snippet, marking only the match', async () => {
    const cat = await newCategory('Escaping');
    await newAnswer(
      cat,
      'Angle <b>brackets</b>',
      '<p>Use &lt;script&gt; carefully: platypus</p>',
      'published',
    );
    const res = await search('none', { locale: 'en-us', query: 'platypus' });
    const body: string = res.body.details[0].body;
    expect(body).toContain('script&gt; carefully: <em>platypus</em>');
    expect(body).not.toMatch(/<(?!\/?em>)/);
    const titled = await search('none', { locale: 'en-us', query: 'brackets' });
    expect(titled.body.details[0].title).toBe('Angle &lt;b&gt;<em>brackets</em>&lt;/b&gt;');
  });
});

describe('knowledge base attachments', () => {
  it('uploads (multipart), lists, downloads by visibility, and deletes', async () => {
    const { id } = await newAnswer(categoryId, 'With a file', '<p>see the file</p>', 'draft');
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('hello kb')], { type: 'text/plain' }), 'guide.txt');
    const up = await desk.api(`/knowledge_bases/1/answers/${id}/attachments`, {
      as: 'admin',
      method: 'POST',
      body: form,
    });
    expect(up.status).toBe(200);
    const assets = await json(up);
    const [att] = assets.KnowledgeBaseAnswer[String(id)].attachments;
    expect(att).toMatchObject({ filename: 'guide.txt', size: '8', url: `/api/v1/attachments/${att.id}` });
    expect(att.preferences['Content-Type']).toBe('text/plain');

    // draft: editors only
    expect((await desk.api(`/attachments/${att.id}`, { as: 'none' })).status).toBe(403);
    expect((await desk.api(`/attachments/${att.id}`, { as: 'agent' })).status).toBe(403);
    const asAdmin = await desk.api(`/attachments/${att.id}`, { as: 'admin' });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.text()).toBe('hello kb');

    await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/publish`);
    const anon = await desk.api(`/attachments/${att.id}?disposition=attachment`, { as: 'none' });
    expect(anon.status).toBe(200);
    expect(anon.headers.get('content-type')).toBe('text/plain');
    expect(anon.headers.get('content-disposition')).toMatch(/^attachment; filename="guide.txt"/);
    expect(await anon.text()).toBe('hello kb');

    // JSON upload with base64, as ticket articles take attachments
    const json64 = await call('admin', 'POST', `/knowledge_bases/1/answers/${id}/attachments`, {
      filename: 'second.txt',
      data: Buffer.from('second').toString('base64'),
      'mime-type': 'text/plain',
    });
    expect(json64.body.KnowledgeBaseAnswer[String(id)].attachments).toHaveLength(2);
    expect(
      (
        await call('agent', 'POST', `/knowledge_bases/1/answers/${id}/attachments`, {
          filename: 'x',
          data: 'eA==',
        })
      ).status,
    ).toBe(403);

    const del = await call('admin', 'DELETE', `/knowledge_bases/1/answers/${id}/attachments/${att.id}`);
    expect(del.status).toBe(200);
    expect(
      del.body.KnowledgeBaseAnswer[String(id)].attachments.map((a: { filename: string }) => a.filename),
    ).toEqual(['second.txt']);
    expect((await desk.api(`/attachments/${att.id}`, { as: 'admin' })).status).toBe(404);
  });

  it('stores data: images in bodies as inline attachments of the answer', async () => {
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const { id, created } = await newAnswer(
      categoryId,
      'Picture',
      `<p><img src="data:image/png;base64,${png}"></p>`,
      'published',
    );
    const content = Object.values(created.assets.KnowledgeBaseAnswerTranslationContent)[0] as {
      body: string;
    };
    const m = /src="\/api\/v1\/attachments\/(\d+)"/.exec(content.body);
    expect(m).not.toBeNull();
    const img = await desk.api(`/attachments/${m?.[1]}`, { as: 'none' });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    const answer = (await call('none', 'GET', `/knowledge_bases/1/answers/${id}`)).body.assets
      .KnowledgeBaseAnswer[String(id)];
    expect(answer.attachments[0].preferences['Content-Disposition']).toBe('inline');
  });
});

describe('knowledge base settings', () => {
  it('shows the knowledge base to signed-in users; only admin.knowledge_base changes it', async () => {
    const kb = await call('customer', 'GET', '/knowledge_bases/1');
    expect(kb.status).toBe(200);
    expect(kb.body).toMatchObject({ id: 1, kb_locale_ids: [1, 2], active: true });
    expect((await call('agent', 'PATCH', '/knowledge_bases/1', { color_highlight: '#000000' })).status).toBe(
      403,
    );
    const changed = await call('admin', 'PATCH', '/knowledge_bases/1', { color_highlight: '#123456' });
    expect(changed.status).toBe(200);
    expect(changed.body.color_highlight).toBe('#123456');
    expect((await call('admin', 'GET', '/knowledge_bases/manage/1')).body.color_highlight).toBe('#123456');
  });
});
