// The exact requests of Zammad's official API clients (REFERENCE §5): the Ruby gem
// `zammad_api` 1.3.1 and the PHP client 2.3.0 (and 3.0's differences), byte for byte as they
// send them, and the reply shapes and statuses their code relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, json, type RunningDesk, SERVICE_TOKEN, startDesk } from './harness.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

/** Ruby (Faraday): bare `Token <t>`, `From` via on_behalf_of, its own User-Agent. */
const ruby = (extra: Record<string, string> = {}) => ({
  Authorization: `Token ${SERVICE_TOKEN}`,
  From: 'agent@example.org',
  'User-Agent': 'Zammad API Ruby',
  'Content-Type': 'application/json',
  ...extra,
});
/** PHP 2.x (Guzzle): Basic auth, `application/json; charset=utf-8` both ways. */
const php = {
  ...authHeader('agent'),
  Accept: 'application/json',
  'Content-Type': 'application/json; charset=utf-8',
};

/** PHP 2.x decodes JSON only when the reply's content type contains `application/json;`. */
function phpDecodes(res: Response) {
  expect(res.headers.get('content-type') ?? '').toContain('application/json;');
}

describe('Ruby zammad_api 1.3.1', () => {
  it('creates, finds, pages, searches, updates and destroys a ticket as the gem does', async () => {
    const created = await desk.api('/tickets?expand=true', {
      method: 'POST',
      headers: ruby(),
      body: JSON.stringify({
        title: 'Ruby gem ticket',
        group: 'Users',
        state: 'new',
        priority: '2 normal',
        owner: '-',
        customer: 'customer@example.org',
        article: { subject: 'some subject', body: 'some body', type: 'note', internal: false },
      }),
    });
    expect(created.status).toBe(201);
    const t = await json(created);
    expect(t).toMatchObject({ title: 'Ruby gem ticket', group: 'Users', state: 'new', owner: '-' });

    const found = await desk.api(`/tickets/${t.id}?expand=true`, { headers: ruby() });
    expect(found.status).toBe(200);
    expect((await json(found)).customer).toBe('customer@example.org');

    const page = await desk.api('/tickets?page=1&per_page=100&expand=true', { headers: ruby() });
    expect(Array.isArray(await json(page))).toBe(true);
    const one = await json(await desk.api('/tickets?page=2&per_page=1&expand=true', { headers: ruby() }));
    expect(one).toHaveLength(1);

    const search = await desk.api(
      `/tickets/search?page=1&per_page=10&expand=true&query=${encodeURIComponent('state.name:new OR state.name:open')}`,
      { headers: ruby() },
    );
    expect(search.status).toBe(200);
    const hits = await json(search);
    expect(Array.isArray(hits)).toBe(true);
    expect(hits.map((h: { id: number }) => h.id)).toContain(t.id);

    // save of an existing object: PUT with only the changed attributes
    const saved = await desk.api(`/tickets/${t.id}?expand=true`, {
      method: 'PUT',
      headers: ruby(),
      body: JSON.stringify({ state: 'open', title: 'Ruby gem ticket (edited)' }),
    });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({ state: 'open', title: 'Ruby gem ticket (edited)' });

    const destroyed = await desk.api(`/tickets/${t.id}`, {
      method: 'DELETE',
      headers: { ...ruby(), From: 'admin@example.org' },
    });
    expect(destroyed.status).toBe(200);
    expect((await desk.api(`/tickets/${t.id}?expand=true`, { headers: ruby() })).status).toBe(404);
  });

  it('adds an article with an attachment and downloads it, as ticket.article and attachment.download do', async () => {
    const t = await json(
      await desk.api('/tickets?expand=true', {
        method: 'POST',
        headers: ruby(),
        body: JSON.stringify({
          title: 'with attachment',
          group: 'Users',
          customer: 'customer@example.org',
          article: { body: 'first' },
        }),
      }),
    );
    const article = await desk.api('/ticket_articles?expand=true', {
      method: 'POST',
      headers: ruby(),
      body: JSON.stringify({
        ticket_id: t.id,
        type: 'note',
        subject: 'log file',
        body: 'see the log',
        content_type: 'text/plain',
        internal: false,
        attachments: [
          {
            filename: 'run.log',
            data: Buffer.from('line 1\nline 2\n').toString('base64'),
            'mime-type': 'text/plain',
          },
        ],
      }),
    });
    expect(article.status).toBe(201);
    const a = await json(article);
    expect(a.attachments).toHaveLength(1);
    expect(a.attachments[0]).toMatchObject({ filename: 'run.log', size: '14' });

    const articles = await json(
      await desk.api(`/ticket_articles/by_ticket/${t.id}?expand=true`, { headers: ruby() }),
    );
    // Without the customer notification the agent's public reply triggers (a System e-mail).
    const own = articles.filter((x: { sender: string }) => x.sender !== 'System');
    expect(own.map((x: { body: string }) => x.body)).toEqual(['first', 'see the log']);
    expect(articles.every((x: { attachments: unknown }) => Array.isArray(x.attachments))).toBe(true);

    const download = await fetch(
      `${desk.url}/api/v1/ticket_attachment/${t.id}/${a.id}/${a.attachments[0].id}`,
      {
        headers: ruby(),
      },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('text/plain');
    expect(await download.text()).toBe('line 1\nline 2\n');
  });

  it('lists and finds users, organizations, groups, states and priorities with the gem’s query', async () => {
    for (const res of ['users', 'organizations', 'groups', 'ticket_states', 'ticket_priorities']) {
      const list = await desk.api(`/${res}?page=1&per_page=100&expand=true`, { headers: ruby() });
      expect(list.status, res).toBe(200);
      const rows = await json(list);
      expect(Array.isArray(rows), res).toBe(true);
      expect(rows.length, res).toBeGreaterThan(0);
      const first = await desk.api(`/${res}/${rows[0].id}?expand=true`, { headers: ruby() });
      expect(first.status, res).toBe(200);
    }
    const users = await desk.api('/users/search?page=1&per_page=10&expand=true&query=customer', {
      headers: ruby(),
    });
    expect((await json(users)).map((u: { login: string }) => u.login)).toContain('customer@example.org');
  });

  it('reads body["error"] from failures', async () => {
    const res = await desk.api('/tickets?expand=true', {
      method: 'POST',
      headers: ruby(),
      body: JSON.stringify({ title: 'no group', article: { body: 'x' } }),
    });
    expect(res.status).toBe(422);
    expect((await json(res)).error).toBe("The required value 'group_id' is missing.");
  });
});

describe('PHP zammad-api-client-php 2.3.0', () => {
  it('pages all tickets with expand=1 until a short page, and searches with its parameters', async () => {
    const res = await desk.api('/tickets?expand=1&page=1&per_page=100', { headers: php });
    expect(res.status).toBe(200);
    phpDecodes(res);
    const page = await json(res);
    expect(page.length).toBeLessThan(100); // the loop ends
    expect(page[0].group).toBeTypeOf('string'); // expand=1 is true

    const search = await desk.api(
      '/tickets/search?expand=1&query=login&page=1&per_page=100&sort_by=id&order_by=asc',
      {
        headers: php,
      },
    );
    expect(search.status).toBe(200);
    phpDecodes(search);
    expect(Array.isArray(await json(search))).toBe(true);
  });

  it('saves, reads articles and deletes with expand=1', async () => {
    const created = await desk.api('/tickets?expand=1', {
      method: 'POST',
      headers: php,
      body: JSON.stringify({
        title: 'PHP ticket',
        group_id: 1,
        customer_id: 'guess:php.user@example.org',
        article: { body: 'from PHP' },
      }),
    });
    expect(created.status).toBe(201);
    phpDecodes(created);
    const t = await json(created);
    const updated = await desk.api(`/tickets/${t.id}?expand=1`, {
      method: 'PUT',
      headers: php,
      body: JSON.stringify({ priority_id: 3 }),
    });
    expect((await json(updated)).priority).toBe('3 high');
    const articles = await desk.api(`/ticket_articles/by_ticket/${t.id}?expand=1`, { headers: php });
    const list = await json(articles);
    expect(list[0]).toMatchObject({ ticket_id: t.id, body: 'from PHP' });
    expect(String(list[0].id)).toMatch(/^\d+$/);
    const del = await desk.api(`/tickets/${t.id}?expand=1`, {
      method: 'DELETE',
      headers: { ...php, ...authHeader('admin') },
    });
    expect(del.status).toBe(200);
  });

  it('uses tags (removal by query string) and links (removal by JSON body) as the client does', async () => {
    const mk = async (title: string) =>
      json(
        await desk.api('/tickets?expand=1', {
          method: 'POST',
          headers: php,
          body: JSON.stringify({
            title,
            group: 'Users',
            customer: 'customer@example.org',
            article: { body: title },
          }),
        }),
      );
    const src = await mk('php link source');
    const tgt = await mk('php link target');

    const add = await desk.api('/tags/add', {
      method: 'POST',
      headers: php,
      body: JSON.stringify({ object: 'Ticket', o_id: src.id, item: 'php-tag' }),
    });
    expect(add.status).toBe(201);
    expect(await json(add)).toBe(true);
    expect((await json(await desk.api(`/tags?object=Ticket&o_id=${src.id}`, { headers: php }))).tags).toEqual(
      ['php-tag'],
    );
    const search = await json(await desk.api('/tag_search?term=php', { headers: php }));
    expect(search).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'php-tag' })]));
    const remove = await desk.api(`/tags/remove?object=Ticket&o_id=${src.id}&item=php-tag`, {
      method: 'DELETE',
      headers: php,
    });
    expect(remove.status).toBe(200);
    expect((await json(await desk.api(`/tags?object=Ticket&o_id=${src.id}`, { headers: php }))).tags).toEqual(
      [],
    );
    const all = await desk.api('/tag_list?expand=1&page=1&per_page=100', {
      headers: { ...php, ...authHeader('admin') },
    });
    expect(all.status).toBe(200);

    const linked = await desk.api('/links/add', {
      method: 'POST',
      headers: php,
      body: JSON.stringify({
        link_type: 'normal',
        link_object_target: 'Ticket',
        link_object_target_value: tgt.id,
        link_object_source: 'Ticket',
        link_object_source_number: src.number,
      }),
    });
    expect(linked.status).toBe(201);
    const links = await json(
      await desk.api(`/links?link_object=Ticket&link_object_value=${tgt.id}`, { headers: php }),
    );
    expect(links.links).toEqual([{ link_type: 'normal', link_object: 'Ticket', link_object_value: src.id }]);
    const unlinked = await desk.api('/links/remove', {
      method: 'DELETE',
      headers: php,
      body: JSON.stringify({
        link_type: 'normal',
        link_object_source: 'Ticket',
        link_object_source_value: src.id,
        link_object_target: 'Ticket',
        link_object_target_value: tgt.id,
      }),
    });
    expect(unlinked.status).toBe(201);
    expect(
      (await json(await desk.api(`/links?link_object=Ticket&link_object_value=${tgt.id}`, { headers: php })))
        .links,
    ).toEqual([]);
  });

  it('PHP 3.0: search with with_total_count reads records and total_count', async () => {
    const res = await desk.api('/tickets/search?query=*&page=1&per_page=100&with_total_count=true', {
      headers: php,
    });
    const body = await json(res);
    expect(Array.isArray(body.records)).toBe(true);
    expect(body.total_count).toBeGreaterThanOrEqual(body.records.length);
  });

  it('finds errors only in a non-empty JSON `error` with the right content type', async () => {
    const res = await desk.api('/tickets/999999?expand=1', { headers: php });
    expect(res.status).toBe(404);
    phpDecodes(res);
    expect((await json(res)).error).toBe("Couldn't find Ticket with 'id'=999999");
  });
});
