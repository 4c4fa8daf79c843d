import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

let bff: RunningBff;
/** Answer ids by English title, read from the desk as the admin (an editor sees every state). */
const answers = new Map<string, number>();
const categories = new Map<string, number>();

beforeAll(async () => {
  bff = await startBff();
  const init = await deskAs(DEMO.admin.login, DEMO.admin.password, '/knowledge_bases/init', {
    method: 'POST',
    body: '{}',
  });
  for (const t of Object.values(init.body.KnowledgeBaseAnswerTranslation) as {
    answer_id: number;
    kb_locale_id: number;
    title: string;
  }[])
    if (t.kb_locale_id === 1) answers.set(t.title, t.answer_id);
  for (const t of Object.values(init.body.KnowledgeBaseCategoryTranslation) as {
    category_id: number;
    kb_locale_id: number;
    title: string;
  }[])
    if (t.kb_locale_id === 1) categories.set(t.title, t.category_id);
});
afterAll(async () => {
  await bff?.close();
});

const HIDDEN = [
  'Triage checklist for the first line', // internal
  'Linking several identities to one account', // draft
  'Migrating from the legacy repository (2023)', // archived
];

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  expect((await b.signIn(who)).status).toBe(200);
  return b;
}

describe('the public knowledge base', () => {
  it('shows the home without a session: top categories with published answer counts', async () => {
    const res = await new Browser(bff.url).request('/bff/kb');
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Help Center');
    expect(res.body.locales.map((l: { locale: string }) => l.locale)).toEqual(['en-us', 'de-de']);
    const counts = Object.fromEntries(
      res.body.categories.map((c: { title: string; answer_count: number }) => [c.title, c.answer_count]),
    );
    // 4 answers, one internal; 3 answers, one draft; 2 + 1 in a sub-category, one archived.
    expect(counts).toEqual({
      'Getting started with EOSC': 3,
      'Accounts and access (AAI)': 2,
      'Compute and storage': 3,
      'Data services': 2,
    });
    expect(res.body.categories.every((c: { parent_id: null }) => c.parent_id === null)).toBe(true);
  });

  it('speaks German when asked, and refuses other locales', async () => {
    const b = new Browser(bff.url);
    const de = await b.request('/bff/kb?locale=de-de');
    expect(de.body.title).toBe('Hilfe-Center');
    expect(de.body.categories[0].title).toBe('Erste Schritte mit EOSC');
    const answer = await b.request(`/bff/kb/answers/${answers.get('How to request a service')}?locale=de-de`);
    expect(answer.body.title).toBe('Wie beantrage ich einen Dienst?');
    // no German translation: the primary locale's
    const fallback = await b.request(`/bff/kb/answers/${answers.get('How priorities work')}?locale=de-de`);
    expect(fallback.body.title).toBe('How priorities work');
    expect((await b.request('/bff/kb?locale=fr-fr')).status).toBe(400);
  });

  it('says which language an answer is shown in and which translations it has', async () => {
    const b = new Browser(bff.url);
    const both = await b.request(`/bff/kb/answers/${answers.get('How to request a service')}?locale=de-de`);
    expect(both.body).toMatchObject({ locale: 'de-de', content_locale: 'de-de' });
    expect([...both.body.translations].sort()).toEqual(['de-de', 'en-us']);
    const only = await b.request(`/bff/kb/answers/${answers.get('How priorities work')}?locale=de-de`);
    expect(only.body).toMatchObject({ locale: 'de-de', content_locale: 'en-us', translations: ['en-us'] });
  });

  it('lists every answer of a category, each saying the language of its title', async () => {
    const b = new Browser(bff.url);
    const priorities = answers.get('How priorities work') as number;
    const en = await b.request(`/bff/kb/answers/${priorities}`);
    const cat = en.body.category_path.at(-1).id;
    const de = await b.request(`/bff/kb/categories/${cat}?locale=de-de`);
    const item = de.body.answers.find((a: { id: number }) => a.id === priorities);
    expect(item).toMatchObject({ title: 'How priorities work', locale: 'en-us' });
  });

  it('a German search that finds nothing in German falls back to the other languages, marking them', async () => {
    const b = new Browser(bff.url);
    const de = await b.request('/bff/kb/search?q=login&locale=de-de');
    expect(de.status).toBe(200);
    expect(de.body.items.length).toBeGreaterThan(0);
    const titles = de.body.items.map((i: { title: string }) => i.title.replace(/<\/?em>/g, ''));
    expect(titles).toContain('How to log in with your institution');
    expect(de.body.items.every((i: { locale: string }) => i.locale === 'en-us')).toBe(true);
    const en = await b.request('/bff/kb/search?q=login');
    expect(en.body.items.every((i: { locale: string }) => i.locale === 'en-us')).toBe(true);
    const none = await b.request('/bff/kb/search?q=zzqqxxnothing&locale=de-de');
    expect(none.body.items).toEqual([]);
  });

  it('searches published answers with highlighted snippets only', async () => {
    const res = await new Browser(bff.url).request('/bff/kb/search?q=login');
    expect(res.status).toBe(200);
    const titles = res.body.items.map((i: { title: string }) => i.title.replace(/<\/?em>/g, ''));
    expect(titles).toContain('How to log in with your institution');
    const hit = res.body.items.find(
      (i: { answer_id: number }) => i.answer_id === answers.get('How to log in with your institution'),
    );
    expect(hit.snippet).toContain('<em>login</em>');
    expect(hit.category_title).toBe('Accounts and access (AAI)');
    for (const i of res.body.items) expect(i.snippet.replace(/<\/?em>/g, '')).not.toMatch(/[<>]/);
  });

  it('suggests answers matching any significant word of a ticket title', async () => {
    const b = new Browser(bff.url);
    const title = 'Portal x7: login fails at my institution';
    const all = await b.request(`/bff/kb/search?q=${encodeURIComponent(title)}`);
    expect(all.body.items).toEqual([]);
    const any = await b.request(`/bff/kb/search?match=any&q=${encodeURIComponent(title)}`);
    const titles = any.body.items.map((i: { title: string }) => i.title.replace(/<\/?em>/g, ''));
    expect(titles.slice(0, 2).sort()).toEqual(
      ['How to log in with your institution', 'Login fails with &#39;access denied&#39;'].sort(),
    );
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('never finds internal, draft or archived answers, even for a signed-in agent', async () => {
    const agent = await signedIn(DEMO.agent);
    for (const [b, q] of [
      [new Browser(bff.url), 'triage checklist'],
      [new Browser(bff.url), 'identities'],
      [agent, 'legacy repository'],
      [agent, 'triage checklist'],
    ] as const) {
      const res = await b.request(`/bff/kb/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const titles = res.body.items.map((i: { title: string }) => i.title.replace(/<\/?em>/g, ''));
      for (const hidden of HIDDEN) expect(titles).not.toContain(hidden);
    }
  });

  it('opens a published answer with its category path; hidden answers are not found', async () => {
    const b = new Browser(bff.url);
    const res = await b.request(`/bff/kb/answers/${answers.get('Publishing a dataset with a DOI')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Publishing a dataset with a DOI',
      locale: 'en-us',
      category_path: [{ title: 'Data services' }, { title: 'Publishing data' }],
      attachments: [],
      tags: ['doi'],
    });
    expect(res.body.body).toContain('<p>Repositories such as B2SHARE');
    expect(Date.parse(res.body.updated_at)).not.toBeNaN();
    for (const hidden of HIDDEN) {
      const r = await b.request(`/bff/kb/answers/${answers.get(hidden)}`);
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain(hidden);
    }
    expect((await b.request('/bff/kb/answers/99999')).status).toBe(404);
  });

  it('opens a category with its sub-categories and published answers only', async () => {
    const b = new Browser(bff.url);
    const res = await b.request(`/bff/kb/categories/${categories.get('Data services')}`);
    expect(res.status).toBe(200);
    expect(res.body.path).toEqual([{ id: categories.get('Data services'), title: 'Data services' }]);
    expect(res.body.children).toEqual([
      expect.objectContaining({ title: 'Publishing data', answer_count: 1 }),
    ]);
    expect(res.body.answers.map((a: { title: string }) => a.title)).toEqual(['Sharing files with B2DROP']);
    const started = await b.request(`/bff/kb/categories/${categories.get('Getting started with EOSC')}`);
    expect(started.body.answers.map((a: { title: string }) => a.title)).not.toContain(HIDDEN[0]);
    expect((await b.request('/bff/kb/categories/99999')).status).toBe(404);
  });
});

describe('the service catalogue', () => {
  it('needs a session', async () => {
    expect((await new Browser(bff.url).request('/bff/services')).status).toBe(401);
  });

  it('lists the active services by name', async () => {
    const b = await signedIn(DEMO.customer);
    const res = await b.request('/bff/services');
    expect(res.status).toBe(200);
    expect(res.body).toContainEqual(
      expect.objectContaining({ key: 'b2share', name: 'B2SHARE', provider: 'EUDAT CDI' }),
    );
    const names = res.body.map((s: { name: string }) => s.name);
    expect(names).toEqual([...names].sort((x: string, y: string) => x.localeCompare(y)));
  });
});

describe('new tickets with a type and a service', () => {
  it("routes a ticket by service to the service's support group, with type and priority", async () => {
    const b = await signedIn(DEMO.customer);
    const title = `B2SHARE upload fails ${Date.now()}`;
    const res = await b.request('/bff/tickets', {
      method: 'POST',
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        title,
        body: 'Uploads stop at 99 %.',
        eosc_ticket_type: 'incident',
        eosc_service: 'b2share',
        priority: '3 high',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title, group: 'EUDAT Support', priority: '3 high' });
    const upstream = await deskAs(DEMO.admin.login, DEMO.admin.password, `/tickets/${res.body.id}`);
    expect(upstream.body).toMatchObject({ eosc_ticket_type: 'incident', eosc_service: 'b2share' });
  });

  it('refuses an unknown ticket type', async () => {
    const b = await signedIn(DEMO.customer);
    const res = await b.request('/bff/tickets', {
      method: 'POST',
      body: { title: 'x', body: 'y', eosc_ticket_type: 'complaint' },
    });
    expect(res.status).toBe(400);
  });
});

describe('notifications', () => {
  it('needs a session', async () => {
    expect((await new Browser(bff.url).request('/bff/notifications')).status).toBe(401);
  });

  it('lists, marks one read and marks all read', async () => {
    const me = await deskAs(DEMO.agent.login, DEMO.agent.password, '/users/me');
    const admin = await deskAs(DEMO.admin.login, DEMO.admin.password, '/users/me');
    const adminName = `${admin.body.firstname} ${admin.body.lastname}`.trim();
    expect(adminName).not.toBe('');
    const tickets: { id: number; number: string; title: string }[] = [];
    for (const n of [1, 2]) {
      const created = await deskAs(DEMO.admin.login, DEMO.admin.password, '/tickets', {
        method: 'POST',
        body: JSON.stringify({
          title: `For the agent ${n} ${Date.now()}`,
          group: 'Users',
          customer: DEMO.customer.login,
          owner_id: me.body.id,
          article: { body: 'Please look at this.', type: 'note', internal: false },
        }),
      });
      expect(created.status).toBe(201);
      tickets.push(created.body);
    }
    const b = await signedIn(DEMO.agent);
    const list = await b.request('/bff/notifications');
    expect(list.status).toBe(200);
    expect(list.body.unread_count).toBeGreaterThanOrEqual(2);
    const first = list.body.items.find((n: { seen: boolean }) => !n.seen);
    expect(first).toMatchObject({ object: 'Ticket', seen: false, created_by: DEMO.admin.login });
    // the person's name and the ticket's number and title, not the login and the id
    for (const t of tickets) {
      const about = list.body.items.find((n: { o_id: number }) => n.o_id === t.id);
      expect(about).toMatchObject({
        created_by: DEMO.admin.login,
        created_by_name: adminName,
        ticket_number: String(t.number),
        ticket_title: t.title,
      });
      expect(String(t.number)).not.toBe(String(t.id));
    }

    expect((await b.request(`/bff/notifications/${first.id}/read`, { method: 'POST' })).status).toBe(204);
    const after = await b.request('/bff/notifications');
    expect(after.body.unread_count).toBe(list.body.unread_count - 1);

    expect((await b.request('/bff/notifications/read-all', { method: 'POST' })).status).toBe(204);
    expect((await b.request('/bff/notifications')).body.unread_count).toBe(0);
  });

  it("cannot mark another person's notification", async () => {
    const agent = await signedIn(DEMO.agent);
    const list = await agent.request('/bff/notifications');
    const id = list.body.items[0]?.id;
    expect(id).toBeDefined();
    const customer = await signedIn(DEMO.customer);
    const res = await customer.request(`/bff/notifications/${id}/read`, { method: 'POST' });
    expect([403, 404]).toContain(res.status);
  });
});
