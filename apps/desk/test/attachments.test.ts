import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json, makeUser } from './ticket-fixtures.ts';

let desk: RunningDesk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.close();
});

const TEXT = Buffer.from('hello attachment').toString('base64');

async function withAttachment(internal = false): Promise<{ ticket: Json; article: Json; att: Json }> {
  const ticket = await createTicket(desk, 'customer', {});
  const res = await call(desk, 'agent', 'POST', '/ticket_articles', {
    ticket_id: ticket.id,
    body: 'see attached',
    internal,
    attachments: [{ filename: 'notes.txt', data: TEXT, 'mime-type': 'text/plain', charset: 'utf-8' }],
  });
  expect(res.status).toBe(201);
  return { ticket, article: res.body, att: res.body.attachments[0] };
}

describe('attachments', () => {
  it('stores base64 attachments: size is a string, preferences carry the types', async () => {
    const { att } = await withAttachment();
    expect(att).toMatchObject({ filename: 'notes.txt', size: '16' });
    expect(att.preferences['Mime-Type']).toBe('text/plain');
    expect(att.preferences['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(typeof att.store_file_id).toBe('number');
  });

  it('rejects bad base64 and missing keys with 422', async () => {
    const t = await createTicket(desk, 'customer', {});
    const bad = await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'x',
      attachments: [{ filename: 'a.txt', data: '%%%not base64%%%', 'mime-type': 'text/plain' }],
    });
    expect(bad.status).toBe(422);
    const missing = await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'x',
      attachments: [{ filename: 'a.txt', data: TEXT }],
    });
    expect(missing.status).toBe(422);
    const after = await call(desk, 'agent', 'GET', `/tickets/${t.id}?expand=true`);
    expect(after.body.article_count).toBe(1); // nothing half-stored
  });

  it('downloads raw bytes with the stored Content-Type and the requested disposition', async () => {
    const { ticket, article, att } = await withAttachment();
    const path = `/ticket_attachment/${ticket.id}/${article.id}/${att.id}`;
    const res = await desk.api(path, { as: 'customer' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="notes.txt"/);
    expect(await res.text()).toBe('hello attachment');
    const dl = await desk.api(`${path}?disposition=attachment`, { as: 'agent' });
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment;/);
    const bad = await call(desk, 'agent', 'GET', `${path}?disposition=evil`);
    expect(bad.status).toBe(403);
  });

  it('never serves HTML inline', async () => {
    const t = await createTicket(desk, 'customer', {});
    const res = await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'x',
      attachments: [
        {
          filename: 'x.html',
          data: Buffer.from('<script>1</script>').toString('base64'),
          'mime-type': 'text/html',
        },
      ],
    });
    const att = res.body.attachments[0];
    const dl = await desk.api(`/ticket_attachment/${t.id}/${res.body.id}/${att.id}?disposition=inline`, {
      as: 'agent',
    });
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('checks access: foreign ticket, article of another ticket, internal article, stranger', async () => {
    const { ticket, article, att } = await withAttachment();
    const other = await createTicket(desk, 'customer', {});
    expect(
      (await call(desk, 'agent', 'GET', `/ticket_attachment/${other.id}/${article.id}/${att.id}`)).status,
    ).toBe(403);
    const stranger = await makeUser(desk, { roles: ['Customer'] });
    expect(
      (await call(desk, stranger.as, 'GET', `/ticket_attachment/${ticket.id}/${article.id}/${att.id}`))
        .status,
    ).toBe(403);
    const secret = await withAttachment(true);
    expect(
      (
        await call(
          desk,
          'customer',
          'GET',
          `/ticket_attachment/${secret.ticket.id}/${secret.article.id}/${secret.att.id}`,
        )
      ).status,
    ).toBe(403);
    expect(
      (await call(desk, 'agent', 'GET', `/ticket_attachment/${ticket.id}/${article.id}/999999`)).status,
    ).toBe(404);
    expect(
      (await call(desk, 'agent', 'GET', `/ticket_attachment/${ticket.id}/${article.id}/${secret.att.id}`))
        .status,
    ).toBe(403);
  });
});
